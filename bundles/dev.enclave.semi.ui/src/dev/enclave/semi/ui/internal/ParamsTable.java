package dev.enclave.semi.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.semi.YieldData;

/**
 * The parameters of a runs file in a table: a check box to use each one, its kind (a click
 * toggles a numeric parameter between numeric and factor), its range in the data and the
 * bounds for suggestions (a click edits them in place).
 */
final class ParamsTable {
    /** A parameter: whether it is used, its kind, its range in the data and the bounds. */
    private static final class Param {
        final String name;
        final boolean numericInData;
        final String inData;
        boolean used = true;
        boolean factor;
        String bounds = "";

        Param(String name, boolean numericInData, String inData) {
            this.name = name;
            this.numericInData = numericInData;
            this.factor = !numericInData;
            this.inData = inData;
        }
    }

    private final Table table;
    private final List<Param> params = new ArrayList<>();

    ParamsTable(Composite parent) {
        table = Ids.name(YieldPart.table(parent, SWT.CHECK, 110, Messages.get("yield.colParameter"),
                Messages.get("yield.colKind"), Messages.get("yield.colInData"), Messages.get("yield.colBounds")),
                Ids.YIELD_PARAMS);
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                params.get(table.indexOf(item)).used = item.getChecked();
            }
        });
        TableEditor editor = new TableEditor(table);
        editor.horizontalAlignment = SWT.LEFT;
        editor.grabHorizontal = true;
        table.addListener(SWT.MouseDown, e -> editCell(editor, new Point(e.x, e.y)));
    }

    /** Lists the parameters of the runs, all used, with their kinds and ranges. */
    void set(YieldData data) {
        params.clear();
        table.removeAll();
        for (int j = 0; j < data.parameters().size(); j++) {
            Param p = new Param(data.parameters().get(j), !data.factor()[j], data.range(j));
            params.add(p);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setChecked(true);
            show(item, p);
        }
        for (TableColumn c : table.getColumns()) {
            c.pack();
            c.setWidth(Math.max(c.getWidth(), 110));
        }
    }

    void clear() {
        params.clear();
        table.removeAll();
    }

    /** Adds the unused parameters to {@code ignore} and the numeric ones used as factors to {@code factors}. */
    void choices(Set<String> factors, Set<String> ignore) {
        for (Param p : params) {
            if (!p.used) {
                ignore.add(p.name);
            } else if (p.factor && p.numericInData) {
                factors.add(p.name);
            }
        }
    }

    int size() {
        return params.size();
    }

    /** The bounds entered for the used parameters, by name. */
    Map<String, String> bounds() {
        Map<String, String> bounds = new LinkedHashMap<>();
        for (Param p : params) {
            if (p.used && !p.bounds.isEmpty()) {
                bounds.put(p.name, p.bounds);
            }
        }
        return bounds;
    }

    private void show(TableItem item, Param p) {
        item.setText(new String[] { p.name, p.factor ? Messages.get("yield.factor") : Messages.get("yield.numeric"),
                p.inData, p.bounds.isEmpty() ? Messages.get("yield.dataRange") : p.bounds });
    }

    /** A click on the kind cell of a numeric parameter toggles factor / numeric; on the bounds cell, edits them. */
    private void editCell(TableEditor editor, Point at) {
        TableItem item = table.getItem(at);
        if (item == null) {
            return;
        }
        int row = table.indexOf(item);
        Param p = params.get(row);
        if (item.getBounds(1).contains(at) && p.numericInData) {
            p.factor = !p.factor;
            show(item, p);
        } else if (item.getBounds(3).contains(at)) {
            Text text = Ids.name(new Text(table, SWT.NONE), Ids.YIELD_BOUNDS_EDITOR);
            text.setText(p.bounds);
            text.setMessage(p.inData);
            text.selectAll();
            text.setFocus();
            Consumer<Boolean> close = keep -> {
                if (text.isDisposed()) {
                    return;
                }
                if (keep && !item.isDisposed()) {
                    p.bounds = text.getText().strip();
                    show(item, p);
                }
                text.dispose();
            };
            text.addListener(SWT.FocusOut, e -> close.accept(true));
            text.addListener(SWT.Traverse, e -> {
                if (e.detail == SWT.TRAVERSE_RETURN) {
                    close.accept(true);
                } else if (e.detail == SWT.TRAVERSE_ESCAPE) {
                    close.accept(false);
                    e.doit = false;
                }
            });
            editor.setEditor(text, item, 3);
        }
    }
}
