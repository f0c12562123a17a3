package dev.enclave.ui.internal.handlers;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/** Edit actions on whatever control has the keyboard focus. */
final class FocusedControl {
    private FocusedControl() {
    }

    /** Copies the focused control's selection: text as is, table rows as tab-separated lines. */
    static void copy(Display display) {
        Control c = display.getFocusControl();
        if (c instanceof Text t) {
            t.copy();
        } else if (c instanceof Combo combo) {
            combo.copy();
        } else if (c instanceof Table table) {
            List<String> lines = new ArrayList<>();
            for (TableItem item : table.getSelection()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < Math.max(1, table.getColumnCount()); i++) {
                    cells.add(item.getText(i));
                }
                lines.add(String.join("\t", cells));
            }
            if (!lines.isEmpty()) {
                toClipboard(display, String.join(System.lineSeparator(), lines));
            }
        } else if (c instanceof Label label) {
            toClipboard(display, label.getText());
        }
    }

    /** Selects everything in the focused text or table. */
    static void selectAll(Display display) {
        Control c = display.getFocusControl();
        if (c instanceof Text t) {
            t.selectAll();
        } else if (c instanceof Table table) {
            table.selectAll();
        }
    }

    private static void toClipboard(Display display, String text) {
        Clipboard clipboard = new Clipboard(display);
        try {
            clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }
}
