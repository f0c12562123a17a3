package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.event.EventHandler;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.ui.LibraryEvents;
import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.UiProgress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Library part: the workspace's knowledge collections; importing files and folders (dialogs
 * or drag and drop) with the real ingest in a Job with a progress bar and a summary; the
 * documents the user may read with delete; search in any mode; and a document view that shows a
 * document's stored extracted text with a chunk's span highlighted. Other parts open the document
 * view by posting {@link LibraryEvents#OPEN_DOCUMENT}.
 */
public final class LibraryPart {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    KnowledgeBase kb;

    @Inject
    UISynchronize sync;

    @Inject
    @Optional
    IEventBroker broker;

    private Combo collection;
    private Text roles;
    private Button importFiles;
    private Button importFolder;
    private Button cancel;
    private ProgressBar progressBar;
    private Label status;
    private Table documents;
    private Text query;
    private Combo mode;
    private Table hits;
    private Label viewTitle;
    private StyledText view;
    private Job running;
    private int busy;
    private EventHandler openHandler;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout topLayout = new GridLayout(5, false);
        topLayout.marginWidth = 0;
        topLayout.marginHeight = 0;
        top.setLayout(topLayout);
        new Label(top, SWT.NONE).setText(Messages.get("library.collection"));
        collection = new Combo(top, SWT.DROP_DOWN);
        GridData cd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        cd.widthHint = 160;
        collection.setLayoutData(cd);
        collection.setToolTipText(Messages.get("library.collectionTip"));
        collection.addListener(SWT.Selection, e -> refreshDocuments());
        collection.addListener(SWT.DefaultSelection, e -> refreshDocuments());
        new Label(top, SWT.NONE).setText(Messages.get("library.roles"));
        roles = new Text(top, SWT.BORDER);
        GridData rd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        rd.widthHint = 140;
        roles.setLayoutData(rd);
        roles.setToolTipText(Messages.get("library.rolesTip"));
        roles.setText(subject == null ? "" : String.join(",", subject.roles()));
        Button refresh = new Button(top, SWT.PUSH);
        refresh.setText(Messages.get("library.refresh"));
        refresh.addListener(SWT.Selection, e -> refreshCollections());

        Composite actions = new Composite(parent, SWT.NONE);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout actionsLayout = new GridLayout(4, false);
        actionsLayout.marginWidth = 0;
        actionsLayout.marginHeight = 0;
        actions.setLayout(actionsLayout);
        importFiles = new Button(actions, SWT.PUSH);
        importFiles.setText(Messages.get("library.importFiles"));
        importFiles.addListener(SWT.Selection, e -> chooseFiles(parent));
        importFolder = new Button(actions, SWT.PUSH);
        importFolder.setText(Messages.get("library.importFolder"));
        importFolder.addListener(SWT.Selection, e -> chooseFolder(parent));
        cancel = new Button(actions, SWT.PUSH);
        cancel.setText(Messages.get("library.cancel"));
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, e -> {
            Job job = running;
            if (job != null) {
                job.cancel();
            }
        });
        progressBar = new ProgressBar(actions, SWT.HORIZONTAL | SWT.SMOOTH);
        progressBar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        progressBar.setVisible(false);
        status = Widgets.label(parent, Messages.get("library.dropHint"), 1);

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite left = new Composite(sash, SWT.NONE);
        left.setLayout(new GridLayout(4, false));
        Widgets.cssClass(Widgets.label(left, Messages.get("library.documents"), 3), "EnclaveTitle");
        Button delete = new Button(left, SWT.PUSH);
        delete.setText(Messages.get("library.delete"));
        delete.addListener(SWT.Selection, e -> deleteSelected(true));
        documents = Widgets.table(left, SWT.SINGLE, Messages.get("library.colDocument"), Messages.get("library.colType"),
                Messages.get("library.colSize"), Messages.get("library.colRoles"), Messages.get("library.colChunks"),
                Messages.get("library.colStatus"), Messages.get("library.colDate"), Messages.get("library.colPath"));
        documents.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        documents.addListener(SWT.DefaultSelection, e -> openSelectedDocument());
        documents.addListener(SWT.Selection, e -> openSelectedDocument());

        new Label(left, SWT.NONE).setText(Messages.get("library.search"));
        query = new Text(left, SWT.BORDER | SWT.SEARCH);
        query.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        query.addListener(SWT.DefaultSelection, e -> search());
        mode = new Combo(left, SWT.READ_ONLY);
        mode.setItems("bm25", "vector", "hybrid");
        mode.select(2);
        Button go = new Button(left, SWT.PUSH);
        go.setText(Messages.get("library.searchButton"));
        go.addListener(SWT.Selection, e -> search());
        hits = Widgets.table(left, SWT.SINGLE, "#", Messages.get("library.colScore"),
                Messages.get("library.colDocument"), Messages.get("library.colSpan"), Messages.get("library.colText"));
        hits.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        hits.addListener(SWT.Selection, e -> {
            int i = hits.getSelectionIndex();
            if (i >= 0) {
                openHit(i);
            }
        });

        Composite right = new Composite(sash, SWT.NONE);
        right.setLayout(new GridLayout(1, false));
        viewTitle = Widgets.label(right, Messages.get("library.viewEmpty"), 1);
        Widgets.cssClass(viewTitle, "EnclaveTitle");
        view = new StyledText(right, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        view.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        view.setMargins(6, 6, 6, 6);
        sash.setWeights(55, 45);

        for (Control c : new Control[] { parent, documents, hits, view }) {
            addDropTarget(c);
        }
        subscribe();
        refreshCollections();
    }

    @Focus
    void focus() {
        collection.setFocus();
    }

    private void addDropTarget(Control control) {
        DropTarget target = new DropTarget(control, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_MOVE);
        target.setTransfer(new Transfer[] { FileTransfer.getInstance() });
        target.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent event) {
                event.detail = DND.DROP_COPY;
            }

            @Override
            public void dragOperationChanged(DropTargetEvent event) {
                event.detail = DND.DROP_COPY;
            }

            @Override
            public void drop(DropTargetEvent event) {
                if (event.data instanceof String[] files && files.length > 0) {
                    importPaths(Arrays.stream(files).map(Path::of).toList());
                }
            }
        });
    }

    private void chooseFiles(Composite parent) {
        FileDialog d = new FileDialog(parent.getShell(), SWT.OPEN | SWT.MULTI);
        d.setFilterExtensions(new String[] { "*.pdf;*.docx;*.xlsx;*.md;*.txt;*.html;*.htm", "*.*" });
        if (d.open() != null) {
            List<Path> chosen = new ArrayList<>();
            for (String name : d.getFileNames()) {
                chosen.add(Path.of(d.getFilterPath(), name));
            }
            importPaths(chosen);
        }
    }

    private void chooseFolder(Composite parent) {
        String dir = new DirectoryDialog(parent.getShell()).open();
        if (dir != null) {
            importPaths(List.of(Path.of(dir)));
        }
    }

    /** Re-reads the collection names, keeping the chosen one (or choosing the first). */
    public void refreshCollections() {
        if (workspace == null) {
            show(Messages.get("library.noWorkspace"));
            return;
        }
        String current = collection.getText();
        List<String> names = kb.collections(workspace);
        collection.setItems(names.toArray(String[]::new));
        if (!current.isBlank()) {
            collection.setText(current);
        } else if (!names.isEmpty()) {
            collection.select(0);
        }
        refreshDocuments();
    }

    /** Chooses a collection by name; a new name is created by the next import. */
    public void selectCollection(String name) {
        collection.setText(name);
        refreshDocuments();
    }

    /** Sets the roles that may read the next import's documents (comma-separated). */
    public void setRoles(String text) {
        roles.setText(text);
    }

    private String collectionName() {
        return collection.getText().trim();
    }

    /** Lists the chosen collection's documents the user may read. */
    public void refreshDocuments() {
        documents.removeAll();
        String name = collectionName();
        if (workspace == null || subject == null || name.isEmpty() || !kb.collections(workspace).contains(name)) {
            Widgets.pack(documents);
            return;
        }
        try {
            for (IndexedDocument d : kb.documents(workspace, subject, name)) {
                Widgets.row(documents, d, fileName(d.source()), d.type(), size(d.size()), String.join(", ", d.acl()),
                        String.valueOf(d.chunks()), Messages.get(d.chunks() > 0 ? "library.indexed" : "library.empty"),
                        d.modified() == null ? "" : DAY.format(d.modified()), d.source());
            }
        } catch (RuntimeException e) {
            show(Messages.get("library.failed", e.getMessage()));
        }
        Widgets.pack(documents);
    }

    private static String fileName(String source) {
        Path name = Path.of(source).getFileName();
        return name == null ? source : name.toString();
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }

    /**
     * Ingests files and folders into the chosen collection with the roles in the roles field, as
     * a Job with this part's progress bar; the summary names every file that failed. The import
     * buttons and drag and drop come here.
     *
     * @return the Job, or null when nothing was started (the status line says why)
     */
    public Job importPaths(List<Path> paths) {
        String name = collectionName();
        if (workspace == null || subject == null) {
            show(Messages.get("library.noWorkspace"));
            return null;
        }
        if (name.isEmpty()) {
            show(Messages.get("library.chooseCollection"));
            return null;
        }
        List<String> acl = Arrays.stream(roles.getText().split("[,，\\s]+")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return run(Messages.get("library.importing", paths.size(), name), true,
                progress -> kb.ingest(workspace, subject, name, paths, acl, true, progress), report -> {
                    refreshCollections();
                    show(summary(report));
                });
    }

    private static String summary(IngestReport r) {
        StringBuilder s = new StringBuilder(Messages.get("library.summary", r.collection(), r.added(), r.updated(),
                r.unchanged(), r.failed().size(), r.chunks()));
        for (IngestReport.Failure f : r.failed()) {
            s.append('\n').append(Messages.get("library.failedFile", f.path(), f.error()));
        }
        return s.toString();
    }

    /** Searches the chosen collection with the query and mode shown, as a Job; lists the hits. */
    public Job search() {
        String name = collectionName();
        String q = query.getText().trim();
        if (workspace == null || subject == null || name.isEmpty() || q.isEmpty()) {
            show(Messages.get("library.searchMissing"));
            return null;
        }
        SearchMode m = SearchMode.parse(mode.getText());
        return run(Messages.get("library.searching", q), false,
                progress -> kb.search(workspace, subject, SearchRequest.of(name, q, 10, m)), found -> {
                    hits.removeAll();
                    int i = 1;
                    for (SearchHit h : found) {
                        String text = h.text().replaceAll("\\s+", " ");
                        Widgets.row(hits, h, String.valueOf(i++), String.format("%.4f", h.score()),
                                fileName(h.source()), "[" + h.start() + ", " + h.end() + ")",
                                text.substring(0, Math.min(120, text.length())));
                    }
                    Widgets.pack(hits);
                    show(Messages.get("library.hits", found.size(), m.name().toLowerCase(java.util.Locale.ROOT)));
                });
    }

    /** Sets the search box and mode (bm25, vector or hybrid). */
    public void setQuery(String text, SearchMode m) {
        query.setText(text);
        mode.setText(m.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The hits listed. */
    public List<SearchHit> hits() {
        return Arrays.stream(hits.getItems()).map(i -> (SearchHit) i.getData()).toList();
    }

    /** Opens the document of the listed hit at {@code index} with the hit's chunk highlighted. */
    public void openHit(int index) {
        SearchHit h = (SearchHit) hits.getItem(index).getData();
        open(new DocumentSpan(collectionName(), h.docId(), h.source(), h.start(), h.end()));
    }

    private void openSelectedDocument() {
        TableItem[] items = documents.getSelection();
        if (items.length == 1 && items[0].getData() instanceof IndexedDocument d) {
            open(new DocumentSpan(collectionName(), d.docId(), d.source(), 0, 0));
        }
    }

    /** Opens a document when another part asks ({@link LibraryEvents#OPEN_DOCUMENT}), on the UI thread. */
    private void subscribe() {
        if (broker == null) {
            return;
        }
        openHandler = event -> {
            if (event.getProperty(IEventBroker.DATA) instanceof DocumentSpan span) {
                sync.asyncExec(() -> {
                    if (!view.isDisposed()) {
                        open(span);
                    }
                });
            }
        };
        broker.subscribe(LibraryEvents.OPEN_DOCUMENT, openHandler);
    }

    @PreDestroy
    void dispose() {
        if (broker != null && openHandler != null) {
            broker.unsubscribe(openHandler);
        }
    }

    /**
     * Shows a document's stored extracted text with {@code [start, end)} highlighted and scrolled
     * into view (an empty span highlights nothing). A document the user may not read shows nothing
     * but a message.
     */
    public void open(DocumentSpan span) {
        if (workspace == null || subject == null) {
            show(Messages.get("library.noWorkspace"));
            return;
        }
        java.util.Optional<String> text;
        try {
            text = kb.text(workspace, subject, span.collection(), span.docId());
        } catch (RuntimeException e) {
            show(Messages.get("library.failed", e.getMessage()));
            return;
        }
        if (text.isEmpty()) {
            view.setText("");
            viewTitle.setText(Messages.get("library.viewEmpty"));
            show(Messages.get("library.notReadable", span.source()));
            return;
        }
        if (!span.collection().equals(collectionName())) {
            selectCollection(span.collection());
        }
        String t = text.get();
        view.setText(t);
        int start = Math.max(0, Math.min(span.start(), t.length()));
        int end = Math.max(start, Math.min(span.end(), t.length()));
        viewTitle.setText(end > start ? Messages.get("library.viewSpan", fileName(span.source()), start, end)
                : Messages.get("library.viewDocument", fileName(span.source()), t.length()));
        viewTitle.setToolTipText(span.source());
        if (end > start) {
            StyleRange range = new StyleRange(start, end - start, null,
                    view.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            range.foreground = view.getDisplay().getSystemColor(SWT.COLOR_BLACK);
            view.setStyleRange(range);
            view.setSelection(start);
            view.setTopIndex(Math.max(0, view.getLineAtOffset(start) - 2));
        } else {
            view.setTopIndex(0);
        }
        viewTitle.getParent().layout(true, true);
    }

    /** The document view's text and highlighted range ({@code null} when none). */
    public Object[] documentView() {
        StyleRange[] ranges = view.getStyleRanges();
        int[] shown = ranges.length == 1 && ranges[0].background != null
                ? new int[] { ranges[0].start, ranges[0].start + ranges[0].length } : null;
        return new Object[] { view.getText(), shown, viewTitle.getText() };
    }

    /** The document table's rows (cells as shown). */
    public List<String[]> documentRows() {
        return dev.enclave.ui.Tables.rows(documents);
    }

    /** Selects the document row whose path ends with {@code suffix}; whether one was found. */
    public boolean selectDocument(String suffix) {
        for (int i = 0; i < documents.getItemCount(); i++) {
            if (documents.getItem(i).getText(0).endsWith(suffix)) {
                documents.setSelection(i);
                openSelectedDocument();
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes the selected document from the collection, after the user confirms when
     * {@code confirm} is set (the Delete button always asks).
     */
    public void deleteSelected(boolean confirm) {
        TableItem[] items = documents.getSelection();
        if (items.length != 1 || !(items[0].getData() instanceof IndexedDocument d)) {
            show(Messages.get("library.selectDocument"));
            return;
        }
        if (confirm) {
            MessageBox box = new MessageBox(documents.getShell(), SWT.ICON_QUESTION | SWT.YES | SWT.NO);
            box.setText(Messages.get("library.delete"));
            box.setMessage(Messages.get("library.confirmDelete", d.source(), collectionName()));
            if (box.open() != SWT.YES) {
                return;
            }
        }
        try {
            boolean deleted = kb.delete(workspace, subject, collectionName(), d.docId());
            show(Messages.get(deleted ? "library.deleted" : "library.notDeleted", d.source()));
        } catch (RuntimeException e) {
            show(Messages.get("library.failed", e.getMessage()));
        }
        view.setText("");
        viewTitle.setText(Messages.get("library.viewEmpty"));
        refreshDocuments();
    }

    /** The status line (import summary, search count, errors). */
    public String status() {
        return status.getText();
    }

    /** Whether a Job of this part is running. */
    public boolean busy() {
        return busy > 0;
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }

    /**
     * Runs {@code work} as a user Job; the progress bar follows it when {@code withProgress}.
     * Shows the result (or the error) on the UI thread.
     */
    private <T> Job run(String name, boolean withProgress, Function<Progress, T> work, Consumer<T> onSuccess) {
        if (withProgress && running != null) {
            show(Messages.get("library.wait"));
            return null;
        }
        show(name + " …");
        busy++;
        if (withProgress) {
            progressBar.setSelection(0);
            progressBar.setVisible(true);
            cancel.setEnabled(true);
            importFiles.setEnabled(false);
            importFolder.setEnabled(false);
        }
        Job job = Job.create(name, monitor -> {
            UiProgress progress = new UiProgress(monitor, (done, total) -> sync.asyncExec(() -> {
                if (withProgress && !progressBar.isDisposed()) {
                    progressBar.setMaximum(Math.max(1, total));
                    progressBar.setSelection(Math.min(done, Math.max(1, total)));
                }
            }));
            T result = null;
            RuntimeException error = null;
            try {
                result = work.apply(progress);
            } catch (RuntimeException e) {
                error = e;
            }
            T r = result;
            RuntimeException err = error;
            sync.asyncExec(() -> {
                busy--;
                if (withProgress) {
                    running = null;
                    if (!progressBar.isDisposed()) {
                        progressBar.setVisible(false);
                        cancel.setEnabled(false);
                        importFiles.setEnabled(true);
                        importFolder.setEnabled(true);
                    }
                }
                if (status.isDisposed()) {
                    return;
                }
                if (err != null) {
                    show(Messages.get("library.failed", err.getMessage()));
                } else {
                    onSuccess.accept(r);
                }
            });
            return Status.OK_STATUS;
        });
        job.setUser(true);
        if (withProgress) {
            running = job;
        }
        job.schedule();
        return job;
    }
}
