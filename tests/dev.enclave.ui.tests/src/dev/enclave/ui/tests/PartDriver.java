package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import dev.enclave.ui.internal.Messages;
import dev.enclave.tests.support.WidgetTree;

/**
 * Drives a part through the widgets a user sees: finds fields by the label in front of them and
 * buttons by their caption (both through the part's {@link Messages}), types, selects, presses,
 * and reads what the part shows.
 */
final class PartDriver {
    private final Composite root;

    /** @param root the composite the part was created in */
    PartDriver(Composite root) {
        this.root = root;
    }

    /** Presses the enabled button captioned with the message {@code key}. */
    void press(String key) {
        Button b = button(key);
        assertTrue(b.isEnabled(), "the button '" + b.getText() + "' is enabled");
        b.notifyListeners(SWT.Selection, new Event());
    }

    /** The button captioned with the message {@code key}. */
    Button button(String key) {
        String caption = Messages.get(key);
        return all(Button.class).stream().filter(b -> b.getText().equals(caption)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + caption + "'"));
    }

    /** Ticks or clears the check box captioned with the message {@code key}. */
    void check(String key, boolean on) {
        Button b = button(key);
        b.setSelection(on);
        b.notifyListeners(SWT.Selection, new Event());
    }

    /** Types into the text field after the label {@code key}. */
    void type(String key, String text) {
        after(Text.class, key).setText(text);
    }

    /** Chooses {@code item} in the drop-down after the label {@code key}. */
    void choose(String key, String item) {
        Combo c = after(Combo.class, key);
        int i = Arrays.asList(c.getItems()).indexOf(item);
        assertTrue(i >= 0, item + " is offered: " + Arrays.toString(c.getItems()));
        c.select(i);
        c.notifyListeners(SWT.Selection, new Event());
    }

    /** Sets the spinner after the label {@code key}. */
    void spin(String key, int value) {
        after(Spinner.class, key).setSelection(value);
    }

    /** The text of the label right after the button captioned {@code key} (a result shown beside it). */
    String labelAfterButton(String key) {
        Button b = button(key);
        Control[] siblings = b.getParent().getChildren();
        int i = Arrays.asList(siblings).indexOf(b);
        return ((Label) siblings[i + 1]).getText();
    }

    /** The part's status line: the last label of the part. */
    String status() {
        Control[] children = root.getChildren();
        for (int i = children.length - 1; i >= 0; i--) {
            if (children[i] instanceof Label l) {
                return l.getText();
            }
        }
        throw new AssertionError("no status line");
    }

    /** The {@code n}-th table of the part (0 first, in creation order). */
    Table table(int n) {
        return all(Table.class).get(n);
    }

    /** Selects rows {@code [0, count)} of the table as a click (with shift) does. */
    void selectRows(Table table, int count) {
        table.setSelection(0, count - 1);
        table.notifyListeners(SWT.Selection, new Event());
    }

    /** Selects the row whose first cell is {@code name}, as a click does. */
    void selectRow(Table table, String name) {
        for (int i = 0; i < table.getItemCount(); i++) {
            if (table.getItem(i).getText(0).equals(name)) {
                table.setSelection(i);
                table.notifyListeners(SWT.Selection, new Event());
                return;
            }
        }
        throw new AssertionError("no row " + name);
    }

    /** The text of the first read-only multi-line text field (an output area). */
    String output() {
        return all(Text.class).stream().filter(t -> (t.getStyle() & SWT.READ_ONLY) != 0 && (t.getStyle() & SWT.MULTI) != 0)
                .findFirst().orElseThrow(() -> new AssertionError("no output")).getText();
    }

    /** The first control of {@code type} after the label captioned with the message {@code key}, among its siblings. */
    <T extends Control> T after(Class<T> type, String key) {
        String caption = Messages.get(key);
        Label label = all(Label.class).stream().filter(l -> l.getText().equals(caption)).findFirst()
                .orElseThrow(() -> new AssertionError("no label '" + caption + "'"));
        Control[] siblings = label.getParent().getChildren();
        for (int i = Arrays.asList(siblings).indexOf(label) + 1; i < siblings.length; i++) {
            if (type.isInstance(siblings[i])) {
                return type.cast(siblings[i]);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " after '" + caption + "'");
    }

    /** Every control of {@code type} in the part, in creation order. */
    <T extends Control> List<T> all(Class<T> type) {
        return WidgetTree.all(root, type);
    }

}
