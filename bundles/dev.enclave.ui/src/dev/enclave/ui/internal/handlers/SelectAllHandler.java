package dev.enclave.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.swt.widgets.Display;

/** Edit › Select All. */
public final class SelectAllHandler {
    @Execute
    void execute(Display display) {
        FocusedControl.selectAll(display);
    }
}
