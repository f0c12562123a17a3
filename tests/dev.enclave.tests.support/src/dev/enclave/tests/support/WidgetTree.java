package dev.enclave.tests.support;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

import dev.enclave.ui.WidgetIds;

/**
 * Finds widgets under a composite as a UI test needs them: all of a type in tree order, or the one
 * a part named with {@link WidgetIds}. Call on the display's thread.
 */
public final class WidgetTree {
    private WidgetTree() {
    }

    /** Every control of {@code type} below {@code root}, depth first in creation order (root excluded). */
    public static <T extends Control> List<T> all(Composite root, Class<T> type) {
        List<T> out = new ArrayList<>();
        collect(root, type, out);
        return out;
    }

    /** Every control of {@code type} below {@code root} named {@code id}, in tree order. */
    public static <T extends Control> List<T> named(Composite root, Class<T> type, String id) {
        return all(root, type).stream().filter(c -> id.equals(c.getData(WidgetIds.KEY))).toList();
    }

    /**
     * The one control of {@code type} below {@code root} named {@code id}.
     *
     * @throws AssertionError when there is none or more than one
     */
    public static <T extends Control> T one(Composite root, Class<T> type, String id) {
        List<T> found = named(root, type, id);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + id + ", found " + found.size());
        }
        return found.get(0);
    }

    private static <T extends Control> void collect(Composite parent, Class<T> type, List<T> into) {
        for (Control c : parent.getChildren()) {
            if (c.isDisposed()) {
                continue;
            }
            if (type.isInstance(c)) {
                into.add(type.cast(c));
            }
            if (c instanceof Composite composite) {
                collect(composite, type, into);
            }
        }
    }
}
