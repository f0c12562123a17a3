package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import dev.enclave.ui.internal.Messages;
import dev.enclave.tests.support.WidgetTree;

/**
 * Drives a Datasets part through its widgets, as a user would: types a file name and presses
 * Enter, presses the step buttons, selects versions, picks a data source; reads the labels.
 */
final class DatasetsPartDriver {
    private final Composite root;

    /** @param root the composite the part was created in */
    DatasetsPartDriver(Composite root) {
        this.root = root;
    }

    /** Types the file name into the file field and presses Enter. */
    void open(Path file) {
        Text text = named(Text.class, "file");
        text.setText(file.toString());
        text.notifyListeners(SWT.DefaultSelection, new Event());
    }

    /** Presses the button labelled with the message {@code key} ({@code data.mask}, {@code data.import} …). */
    void press(String key) {
        String label = Messages.get(key);
        Button button = WidgetTree.all(root, Button.class).stream().filter(b -> b.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "'"));
        assertTrue(button.isEnabled(), "the button '" + label + "' is enabled");
        button.notifyListeners(SWT.Selection, new Event());
    }

    /** The text of a named label: {@code stats}, {@code status} or {@code lineage}. */
    String label(String id) {
        return named(Label.class, id).getText();
    }

    /** How many spans of personal data the preview highlights. */
    int highlights() {
        return named(StyledText.class, "preview").getStyleRanges().length;
    }

    /** How many versions the versions table lists. */
    int versionRows() {
        return named(Table.class, "versions").getItemCount();
    }

    /** Selects the versions table's row {@code index}, as a click does. */
    void selectVersion(int index) {
        Table table = named(Table.class, "versions");
        table.setSelection(index);
        table.notifyListeners(SWT.Selection, new Event());
    }

    /** Picks the data source whose id is {@code sourceId}, fills in its argument and the dataset, and imports. */
    void importFrom(String sourceId, String argument, String dataset) {
        Combo sources = named(Combo.class, "source");
        int index = -1;
        for (int i = 0; i < sources.getItemCount(); i++) {
            if (sources.getItem(i).equals(sourceId) || sources.getItem(i).startsWith(sourceId + ":")) {
                index = i;
            }
        }
        assertTrue(index >= 0, "the source " + sourceId + " is offered: " + List.of(sources.getItems()));
        sources.select(index);
        sources.notifyListeners(SWT.Selection, new Event());
        named(Text.class, "sourceArgument").setText(argument);
        named(Text.class, "sourceDataset").setText(dataset);
        press("data.importSource");
    }

    private <T extends Control> T named(Class<T> type, String id) {
        return WidgetTree.one(root, type, id);
    }

}
