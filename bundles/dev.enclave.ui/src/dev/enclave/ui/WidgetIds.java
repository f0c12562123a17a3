package dev.enclave.ui;

import org.eclipse.swt.widgets.Widget;

/**
 * Stable names of a part's widgets, kept in the widget's data under {@link #KEY} (as SWTBot's
 * widget keys are), so that UI tests and accessibility tools find and drive the widgets a user sees
 * rather than calling into the part. Packs name their widgets the same way.
 */
public final class WidgetIds {
    /** The data key under which a widget's name is kept: SWTBot's, so that SWTBot finds the widgets too. */
    public static final String KEY = "org.eclipse.swtbot.widget.key";

    private WidgetIds() {
    }

    /** Names {@code widget}; returns it. */
    public static <W extends Widget> W set(W widget, String id) {
        widget.setData(KEY, id);
        return widget;
    }
}
