package dev.enclave.ui.internal;

import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.translation.TranslationService;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.ui.UiContext;

/**
 * Opens the workspace and establishes the acting user before the model is
 * rendered, and applies the language preference. A workspace that cannot be
 * opened does not stop the workbench: the Home part shows why.
 */
public final class LifeCycle {

    @PostContextCreate
    void postContextCreate(IEclipseContext context) {
        UiPreferences prefs = new UiPreferences();
        Locale locale = prefs.locale(Locale.getDefault());
        Locale.setDefault(locale);
        Messages.setLocale(locale);
        context.set(TranslationService.LOCALE, locale);
        open(context, context.get(WorkspaceManager.class), prefs);
        // Track every background job from the start, so the Jobs part lists those begun before it opens.
        JobsModel.get();
    }

    /** Opens the workspace into {@code context}; also used by tests. */
    public static void open(IEclipseContext context, WorkspaceManager manager, UiPreferences prefs) {
        try {
            // From the operating system, never the user.name property (which JVM options could set).
            String osUser = OsIdentity.current();
            Path data = prefs.dataFolder(manager.defaultRoot());
            Workspace workspace = manager.open(data, osUser);
            Subject subject = workspace.security().startSession(osUser, System.getProperty("enclave.user"), "workbench");
            context.set(Workspace.class, workspace);
            context.set(Subject.class, subject);
        } catch (EnclaveException e) {
            context.set(UiContext.WORKSPACE_ERROR, e.getMessage());
        }
    }
}
