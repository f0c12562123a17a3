package dev.enclave.ui;

/**
 * Keys under which the workbench puts the session's objects into the e4
 * application context. Pack parts receive them with {@code @Inject}:
 * {@code dev.enclave.core.Workspace} and {@code dev.enclave.core.Subject} are
 * set by type; the names below are for optional values.
 */
public final class UiContext {
    /** A {@code String} describing why the workspace could not be opened, when it could not. */
    public static final String WORKSPACE_ERROR = "dev.enclave.ui.workspaceError";

    private UiContext() {
    }
}
