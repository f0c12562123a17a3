package dev.enclave.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/** The workbench's tables, for its parts and packs' parts: how they are made and what they show. */
public final class Tables {
    private Tables() {
    }

    /** A bordered, full-row-selection table with a header, lines and the given columns (120 px each). */
    public static Table create(Composite parent, int style, String... columns) {
        Table table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | style);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String c : columns) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText(c);
            column.setWidth(120);
        }
        return table;
    }

    /** The table's rows with their cells as shown. */
    public static List<String[]> rows(Table table) {
        List<String[]> rows = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            String[] cells = new String[table.getColumnCount()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = item.getText(i);
            }
            rows.add(cells);
        }
        return rows;
    }
}
