package dev.enclave.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.ui.internal.Messages;
import jakarta.inject.Named;

/** Help › About. */
public final class AboutHandler {
    @Execute
    void execute(@Named("activeShell") Shell shell) {
        String version = FrameworkUtil.getBundle(getClass()).getVersion().toString();
        MessageDialog.openInformation(shell, Messages.get("about.title"), Messages.get("about.text", version,
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    }
}
