package dev.enclave.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditLog;
import dev.enclave.core.DocumentStore;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.SecurityService;
import dev.enclave.core.Settings;
import dev.enclave.core.Workspace;

/** A data folder and the services over it. */
public final class DefaultWorkspace implements Workspace {
    private static final Pattern SERVICE_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Path root;
    private final Settings settings;
    private final ChainedAuditLog audit;
    private final FileSecurityService security;
    private final AccessPolicy policy;
    private final DocumentStore documents;

    /**
     * Opens or creates the workspace in {@code root}.
     *
     * @param osUser becomes the first administrator when the workspace is new
     */
    public DefaultWorkspace(Path root, String osUser) {
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw EnclaveException.badInput("Data folder " + this.root + " is a file, not a folder: choose another data folder.");
        }
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot create the data folder " + this.root + " (" + e.getMessage()
                    + "): choose a writable --data folder.");
        }
        if (!Files.isWritable(this.root)) {
            throw EnclaveException.badInput("Data folder " + this.root + " is not writable: choose another data folder.");
        }
        this.settings = new FileSettings(this.root.resolve("settings.json"));
        this.audit = new ChainedAuditLog(this.root.resolve("audit"));
        this.security = new FileSecurityService(this.root.resolve("security").resolve("users.json"), audit);
        this.policy = new DefaultAccessPolicy(audit);
        this.documents = new FileDocumentStore(this.root.resolve("documents"), policy, audit, security);
        security.initialise(osUser);
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public SecurityService security() {
        return security;
    }

    @Override
    public AccessPolicy accessPolicy() {
        return policy;
    }

    @Override
    public AuditLog auditLog() {
        return audit;
    }

    @Override
    public DocumentStore documents() {
        return documents;
    }

    @Override
    public Path serviceFolder(String serviceId) {
        if (!SERVICE_ID.matcher(serviceId).matches()) {
            throw new IllegalArgumentException("Invalid service id: " + serviceId);
        }
        Path folder = root.resolve(serviceId);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
        return folder;
    }
}
