package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.WidgetIds;
import dev.enclave.ui.FileChoosers;

/**
 * The Library's top rows: the collection (chosen, or typed to create one), the roles that may read
 * the next import, Refresh, the import buttons with their file and folder dialogs, Cancel and the
 * import's progress bar. Hands the user's choices to the part. UI thread only.
 */
final class ImportBar {
    private final Combo collection;
    private final Text roles;
    private final Button importFiles;
    private final Button importFolder;
    private final Button cancel;
    private final ProgressBar progressBar;

    /**
     * @param onCollection a collection was chosen or typed (Enter)
     * @param onRefresh    Refresh was pressed
     * @param onImport     files or folders were chosen to import
     * @param onCancel     Cancel was pressed
     */
    ImportBar(Composite parent, String defaultRoles, Runnable onCollection, Runnable onRefresh,
            Consumer<List<Path>> onImport, Runnable onCancel) {
        Composite top = row(parent, 5);
        new Label(top, SWT.NONE).setText(Messages.get("library.collection"));
        collection = WidgetIds.set(new Combo(top, SWT.DROP_DOWN), "library.collection");
        collection.setLayoutData(wide(160));
        collection.setToolTipText(Messages.get("library.collectionTip"));
        collection.addListener(SWT.Selection, e -> onCollection.run());
        collection.addListener(SWT.DefaultSelection, e -> onCollection.run());
        new Label(top, SWT.NONE).setText(Messages.get("library.roles"));
        roles = WidgetIds.set(new Text(top, SWT.BORDER), "library.roles");
        roles.setLayoutData(wide(140));
        roles.setToolTipText(Messages.get("library.rolesTip"));
        roles.setText(defaultRoles);
        button(top, "library.refresh", onRefresh);

        Composite actions = row(parent, 4);
        importFiles = button(actions, "library.importFiles", () -> {
            List<Path> chosen = FileChoosers.open(parent.getShell(), "library.import", true,
                    "*.pdf;*.docx;*.xlsx;*.md;*.txt;*.html;*.htm", "*.*");
            if (!chosen.isEmpty()) {
                onImport.accept(chosen);
            }
        });
        importFolder = button(actions, "library.importFolder", () -> {
            Path dir = FileChoosers.folder(parent.getShell(), "library.import", null);
            if (dir != null) {
                onImport.accept(List.of(dir));
            }
        });
        cancel = button(actions, "library.cancel", onCancel);
        cancel.setEnabled(false);
        progressBar = new ProgressBar(actions, SWT.HORIZONTAL | SWT.SMOOTH);
        progressBar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        progressBar.setVisible(false);
    }

    private static Composite row(Composite parent, int columns) {
        Composite row = new Composite(parent, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        row.setLayout(layout);
        return row;
    }

    private static GridData wide(int widthHint) {
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = widthHint;
        return d;
    }

    /** A push button with a message key's text that runs {@code action}. */
    static Button button(Composite parent, String key, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(Messages.get(key));
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    void setFocus() {
        collection.setFocus();
    }

    /** The collection chosen or typed, trimmed. */
    String collection() {
        return collection.getText().trim();
    }

    /** Shows {@code name} as the chosen collection. */
    void setCollection(String name) {
        collection.setText(name);
    }

    /** Offers {@code names}, keeping the collection shown (or choosing the first). */
    void setCollections(List<String> names) {
        String current = collection.getText();
        collection.setItems(names.toArray(String[]::new));
        if (!current.isBlank()) {
            collection.setText(current);
        } else if (!names.isEmpty()) {
            collection.select(0);
        }
    }

    /** The roles typed for the next import. */
    List<String> roles() {
        return LibraryText.roles(roles.getText());
    }

    /** Shows an import running (progress bar, Cancel) or not (the import buttons). */
    void setImporting(boolean on) {
        if (progressBar.isDisposed()) {
            return;
        }
        progressBar.setSelection(0);
        progressBar.setVisible(on);
        cancel.setEnabled(on);
        importFiles.setEnabled(!on);
        importFolder.setEnabled(!on);
    }

    /** Shows how much of the import is done. */
    void progress(int done, int total) {
        if (!progressBar.isDisposed()) {
            progressBar.setMaximum(Math.max(1, total));
            progressBar.setSelection(Math.min(done, Math.max(1, total)));
        }
    }
}
