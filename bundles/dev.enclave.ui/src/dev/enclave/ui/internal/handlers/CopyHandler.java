package dev.enclave.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.swt.widgets.Display;

/** Edit › Copy. */
public final class CopyHandler {
    @Execute
    void execute(Display display) {
        FocusedControl.copy(display);
    }
}
