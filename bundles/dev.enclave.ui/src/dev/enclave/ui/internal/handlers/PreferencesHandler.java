package dev.enclave.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;

import dev.enclave.core.SettingsService;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.internal.PreferencesDialog;
import jakarta.inject.Named;

/** Window › Preferences: data folder, models folder, language and theme. */
// The e4 theme engine is provisional API (there is no other way to switch themes).
@SuppressWarnings("restriction")
public final class PreferencesHandler {
    @Execute
    void execute(@Named("activeShell") Shell shell, WorkspaceManager manager, @Optional Workspace workspace,
            @Optional Subject subject, SettingsService settings, @Optional IThemeEngine themes, IWorkbench workbench) {
        PreferencesDialog dialog = new PreferencesDialog(shell, manager, workspace, subject, settings, themes);
        if (dialog.open() == Window.OK && dialog.needsRestart()
                && MessageDialog.openQuestion(shell, Messages.get("prefs.title"), Messages.get("prefs.restart"))) {
            workbench.restart();
        }
    }
}
