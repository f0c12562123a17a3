package dev.enclave.tests.support;

import java.nio.file.Path;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** Workspaces for tests, opened through the public {@link WorkspaceManager} service as the product opens them. */
public final class Workspaces {
    private Workspaces() {
    }

    /** Opens (and on first use creates) the workspace in {@code root}; a new one makes {@code user} its first admin. */
    public static Workspace open(Path root, String user) {
        return Services.get(WorkspaceManager.class).open(root, user);
    }

    /**
     * Logs {@code user} in to the workspace as if {@code user} were the OS account: the test-only seam
     * for acting as other users. The product's command line and workbench take the OS account from
     * {@link dev.enclave.core.OsIdentity} and cannot be made to act as anyone else but through an
     * administrator's {@code --user}.
     */
    public static Subject login(Workspace workspace, String user) {
        return workspace.security().login(user, null);
    }
}
