package dev.enclave.semi.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.semi.ui.internal.Ids;
import dev.enclave.tests.support.WidgetTree;

/** Finds the semiconductor parts' widgets by their {@link Ids} names and works them as a user would. */
final class Widgets {
    private Widgets() {
    }

    /** Every widget under {@code root} named {@code id}, in tree order. */
    static <T extends Control> List<T> all(Composite root, String id, Class<T> type) {
        return WidgetTree.named(root, type, id);
    }

    /** The one widget named {@code id}. */
    static <T extends Control> T one(Composite root, String id, Class<T> type) {
        List<T> found = all(root, id, type);
        assertEquals(1, found.size(), "widgets named " + id);
        return found.get(0);
    }

    /** The text of the label or text field named {@code id}. */
    static String text(Composite root, String id) {
        Control c = one(root, id, Control.class);
        return c instanceof Label l ? l.getText() : ((Text) c).getText();
    }

    /** The texts of every label named {@code id}. */
    static List<String> texts(Composite root, String id) {
        return all(root, id, Label.class).stream().map(Label::getText).toList();
    }

    /** Chooses an item of a combo (index 0 when {@code item} is null) as a user would. */
    static void choose(Composite root, String id, String item) {
        Combo combo = one(root, id, Combo.class);
        int index = item == null ? 0 : combo.indexOf(item);
        assertTrue(index >= 0, item + " in " + List.of(combo.getItems()));
        combo.select(index);
        combo.notifyListeners(SWT.Selection, new Event());
    }

    /** Sets a spinner's value as a user would. */
    static void spin(Composite root, String id, int value) {
        Spinner s = one(root, id, Spinner.class);
        s.setSelection(value);
        s.notifyListeners(SWT.Selection, new Event());
    }

    /** Ticks or clears a check box, or presses a push button, as a user would. */
    static void press(Composite root, String id, boolean selection) {
        Button b = one(root, id, Button.class);
        b.setSelection(selection);
        b.notifyListeners(SWT.Selection, new Event());
    }

    /** A mouse click at the middle of a control (or at a point of it). */
    static void click(Control c, int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = 1;
        c.notifyListeners(SWT.MouseDown, e);
    }

    static void click(Control c) {
        Rectangle r = c.getBounds();
        click(c, r.width / 2, r.height / 2);
    }

    /** The cells' texts of a table, row by row. */
    static List<String[]> rows(Table table) {
        List<String[]> out = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            String[] row = new String[table.getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = item.getText(i);
            }
            out.add(row);
        }
        return out;
    }

    /** Types {@code text} into the bounds cell of a table's row, as a click and Return do. */
    static void editBounds(Composite root, String tableId, int row, String text) {
        Table table = one(root, tableId, Table.class);
        Rectangle cell = table.getItem(row).getBounds(3);
        click(table, cell.x + cell.width / 2, cell.y + cell.height / 2);
        Text editor = one(root, Ids.YIELD_BOUNDS_EDITOR, Text.class);
        editor.setText(text);
        Event e = new Event();
        e.detail = SWT.TRAVERSE_RETURN;
        editor.notifyListeners(SWT.Traverse, e);
    }
}
