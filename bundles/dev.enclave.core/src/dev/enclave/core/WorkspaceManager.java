package dev.enclave.core;

import java.nio.file.Path;

/**
 * Opens workspaces. Registered as an OSGi service; also usable directly.
 */
public interface WorkspaceManager {

    /** The default data folder: {@code ~/.enclave}, or the {@code enclave.data} system property when set. */
    Path defaultRoot();

    /**
     * Opens (and on first use creates) the workspace in {@code root}. A new
     * workspace makes {@code osUser} its first administrator.
     *
     * @throws EnclaveException (bad input) when {@code root} exists but is not a usable folder
     */
    Workspace open(Path root, String osUser);
}
