package dev.enclave.core.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** Opens workspaces and keeps one instance per folder. */
@Component(service = WorkspaceManager.class)
public final class DefaultWorkspaceManager implements WorkspaceManager {
    private final Map<Path, Workspace> open = new ConcurrentHashMap<>();

    @Override
    public Path defaultRoot() {
        String configured = System.getProperty("enclave.data");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".enclave");
    }

    @Override
    public Workspace open(Path root, String osUser) {
        Path key = root.toAbsolutePath().normalize();
        return open.computeIfAbsent(key, k -> new DefaultWorkspace(k, osUser));
    }
}
