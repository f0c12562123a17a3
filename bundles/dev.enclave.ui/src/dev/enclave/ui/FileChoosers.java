package dev.enclave.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The workbench's file and folder dialogs, for the platform's parts and the packs': each opens in
 * the folder last chosen for the same purpose ("import reports", "export paper" …), remembered in
 * the workbench's preferences, else in the user's home. A dialog that opens in a real folder (not
 * GTK's "Recent") also accepts a typed path. Call on the display's thread.
 */
public final class FileChoosers {
    private static final String NODE = "dev.enclave.ui/folders";

    private FileChoosers() {
    }

    /** A folder, or null when the user cancelled. */
    public static Path folder(Shell shell, String purpose, String message) {
        DirectoryDialog d = new DirectoryDialog(shell);
        d.setFilterPath(startFolder(purpose).toString());
        if (message != null) {
            d.setMessage(message);
        }
        String chosen = d.open();
        if (chosen == null) {
            return null;
        }
        Path folder = Path.of(chosen);
        remember(purpose, folder);
        return folder;
    }

    /**
     * Files to open, one or (with {@code several}) more; empty when the user cancelled.
     *
     * @param filters patterns such as {@code *.csv;*.txt}, offered in order
     */
    public static List<Path> open(Shell shell, String purpose, boolean several, String... filters) {
        FileDialog d = new FileDialog(shell, SWT.OPEN | (several ? SWT.MULTI : SWT.NONE));
        d.setFilterPath(startFolder(purpose).toString());
        if (filters.length > 0) {
            d.setFilterExtensions(filters);
        }
        if (d.open() == null) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (String name : d.getFileNames()) {
            files.add(Path.of(d.getFilterPath(), name));
        }
        remember(purpose, Path.of(d.getFilterPath()));
        return files;
    }

    /** One file to open, or null when the user cancelled. */
    public static Path openOne(Shell shell, String purpose, String... filters) {
        List<Path> files = open(shell, purpose, false, filters);
        return files.isEmpty() ? null : files.get(0);
    }

    /** A file to write, proposing {@code name} (the dialog asks before overwriting); null when cancelled. */
    public static Path save(Shell shell, String purpose, String name, String... filters) {
        FileDialog d = new FileDialog(shell, SWT.SAVE);
        d.setFilterPath(startFolder(purpose).toString());
        d.setFileName(name);
        d.setOverwrite(true);
        if (filters.length > 0) {
            d.setFilterExtensions(filters);
        }
        String chosen = d.open();
        if (chosen == null) {
            return null;
        }
        Path file = Path.of(chosen);
        if (file.getParent() != null) {
            remember(purpose, file.getParent());
        }
        return file;
    }

    /** Where the dialogs for {@code purpose} open: the folder last chosen for it while it exists, else home. */
    public static Path startFolder(String purpose) {
        String last = preferences().get(purpose, null);
        if (last != null && Files.isDirectory(Path.of(last))) {
            return Path.of(last);
        }
        return Path.of(System.getProperty("user.home", "."));
    }

    /** Records {@code folder} as where the next dialog for {@code purpose} opens (kept across sessions). */
    public static void remember(String purpose, Path folder) {
        IEclipsePreferences node = preferences();
        node.put(purpose, folder.toAbsolutePath().normalize().toString());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Remembered for this session; the next start opens in the home folder again.
        }
    }

    private static IEclipsePreferences preferences() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }
}
