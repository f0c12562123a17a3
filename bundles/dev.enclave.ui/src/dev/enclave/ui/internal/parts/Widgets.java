package dev.enclave.ui.internal.parts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Widget;

/** Small helpers shared by the parts. */
final class Widgets {
    /** The CSS class key the e4 CSS engine reads ({@code WidgetElement.CSS_CLASS_NAME_KEY}). */
    static final String CSS_CLASS = "org.eclipse.e4.ui.css.CssClassName";

    private Widgets() {
    }

    static void cssClass(Widget widget, String cssClass) {
        widget.setData(CSS_CLASS, cssClass);
    }

    static Label label(Composite parent, String text, int span) {
        Label label = new Label(parent, SWT.WRAP);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        return label;
    }

    static Table table(Composite parent, int style, String... columns) {
        return dev.enclave.ui.Tables.create(parent, style, columns);
    }

    static void row(Table table, Object data, String... cells) {
        TableItem item = new TableItem(table, SWT.NONE);
        item.setText(cells);
        item.setData(data);
    }

    static void pack(Table table) {
        for (TableColumn c : table.getColumns()) {
            c.pack();
            if (c.getWidth() > 420) {
                c.setWidth(420);
            }
        }
    }
}
