package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.event.EventHandler;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.ui.LibraryEvents;
import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.PageLoader;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.WidgetIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Library part: the workspace's knowledge collections; importing files and folders (dialogs
 * or drag and drop) with the real ingest in a Job with a progress bar and a summary; the
 * documents the user may read with delete; search in any mode; and a {@link DocumentView} that
 * shows a document's stored extracted text with a chunk's span highlighted and, for a scan, the page
 * image with the span's lines highlighted (rendered by {@link DocumentParsers}). Other parts open the
 * document view by posting {@link LibraryEvents#OPEN_DOCUMENT}. The {@link KnowledgeBase} does
 * (and audits) every import, search, read and delete; the part only shows them.
 */
public final class LibraryPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    KnowledgeBase kb;

    @Inject
    @Optional
    DocumentParsers parsers;

    @Inject
    UISynchronize sync;

    @Inject
    @Optional
    IEventBroker broker;

    private ImportBar bar;
    private Label status;
    private Table documents;
    private Text query;
    private Combo mode;
    private Table hits;
    private DocumentView view;
    private Job importing;
    private EventHandler openHandler;
    /** The span shown. */
    private DocumentSpan shown;
    private final PageLoader pages = new PageLoader();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        bar = new ImportBar(parent, subject == null ? "" : String.join(",", subject.roles()), this::refreshDocuments,
                this::refreshCollections, this::importPaths, () -> {
                    Job job = importing;
                    if (job != null) {
                        job.cancel();
                    }
                });
        status = WidgetIds.set(Widgets.label(parent, Messages.get("library.dropHint"), 1), "library.status");

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite left = new Composite(sash, SWT.NONE);
        left.setLayout(new GridLayout(4, false));
        Widgets.cssClass(Widgets.label(left, Messages.get("library.documents"), 3), "EnclaveTitle");
        ImportBar.button(left, "library.delete", () -> deleteSelected(true));
        documents = WidgetIds.set(Widgets.table(left, SWT.SINGLE, Messages.get("library.colDocument"),
                Messages.get("library.colType"), Messages.get("library.colSize"), Messages.get("library.colRoles"),
                Messages.get("library.colChunks"), Messages.get("library.colStatus"), Messages.get("library.colDate"),
                Messages.get("library.colPath")), "library.documents");
        documents.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        documents.addListener(SWT.DefaultSelection, e -> openSelectedDocument());
        documents.addListener(SWT.Selection, e -> openSelectedDocument());

        new Label(left, SWT.NONE).setText(Messages.get("library.search"));
        query = WidgetIds.set(new Text(left, SWT.BORDER | SWT.SEARCH), "library.query");
        query.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        query.addListener(SWT.DefaultSelection, e -> search());
        mode = WidgetIds.set(new Combo(left, SWT.READ_ONLY), "library.mode");
        mode.setItems("bm25", "vector", "hybrid");
        mode.select(2);
        WidgetIds.set(ImportBar.button(left, "library.searchButton", this::search), "library.searchButton");
        hits = WidgetIds.set(Widgets.table(left, SWT.SINGLE, "#", Messages.get("library.colScore"),
                Messages.get("library.colDocument"), Messages.get("library.colSpan"), Messages.get("library.colText")),
                "library.hits");
        hits.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        hits.addListener(SWT.Selection, e -> {
            TableItem[] chosen = hits.getSelection();
            if (chosen.length == 1 && chosen[0].getData() instanceof SearchHit h) {
                open(new DocumentSpan(collectionName(), h.docId(), h.source(), h.start(), h.end()));
            }
        });

        view = new DocumentView(sash);
        sash.setWeights(55, 45);
        for (Control c : new Control[] { parent, documents, hits, view.control() }) {
            FileDrop.attach(c, this::importPaths);
        }
        subscribe();
        refreshCollections();
    }

    @Focus
    void focus() {
        bar.setFocus();
    }

    /** Re-reads the collection names, keeping the chosen one (or choosing the first). */
    public void refreshCollections() {
        if (workspace == null) {
            show(Messages.get("library.noWorkspace"));
            return;
        }
        bar.setCollections(kb.collections(workspace));
        refreshDocuments();
    }

    private String collectionName() {
        return bar.collection();
    }

    /** Lists the chosen collection's documents the user may read. */
    private void refreshDocuments() {
        documents.removeAll();
        String name = collectionName();
        if (workspace != null && subject != null && !name.isEmpty() && kb.collections(workspace).contains(name)) {
            try {
                for (IndexedDocument d : kb.documents(workspace, subject, name)) {
                    Widgets.row(documents, d, LibraryText.documentRow(d));
                }
            } catch (RuntimeException e) {
                show(Messages.get("library.failed", e.getMessage()));
            }
        }
        Widgets.pack(documents);
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
        if (importing != null) {
            show(Messages.get("library.wait"));
            return null;
        }
        List<String> acl = bar.roles();
        bar.setImporting(true);
        importing = run(Messages.get("library.importing", paths.size(), name), bar::progress, progress -> kb.ingest(workspace, subject, name, paths, acl, true, progress), report -> {
            refreshCollections();
            show(LibraryText.summary(report, acl));
        });
        return importing;
    }

    /** Searches the chosen collection with the query and mode shown, as a Job; lists the hits. */
    private Job search() {
        String name = collectionName();
        String q = query.getText().trim();
        if (workspace == null || subject == null || name.isEmpty() || q.isEmpty()) {
            show(Messages.get("library.searchMissing"));
            return null;
        }
        SearchMode m = SearchMode.parse(mode.getText());
        SearchRequest request = SearchRequest.of(name, q, 10, m);
        return run(Messages.get("library.searching", q), null,
                progress -> new Found(kb.search(workspace, subject, request), kb.hidden(workspace, subject, request)),
                found -> {
                    hits.removeAll();
                    for (int i = 0; i < found.hits().size(); i++) {
                        Widgets.row(hits, found.hits().get(i), LibraryText.hitRow(i + 1, found.hits().get(i)));
                    }
                    Widgets.pack(hits);
                    show(LibraryText.searched(found.hits().size(), m.name().toLowerCase(Locale.ROOT), found.hidden()));
                });
    }

    /** A search's hits and how many matching documents the user may not read. */
    private record Found(List<SearchHit> hits, int hidden) {
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
            view.clear();
            show(Messages.get("library.notReadable", span.source()));
            return;
        }
        if (!span.collection().equals(collectionName())) {
            bar.setCollection(span.collection());
            refreshDocuments();
        }
        view.show(span, text.get());
        shown = span;
        showPage(span);
    }

    /**
     * For a document read by OCR, shows the page the span is printed on with its lines highlighted (the first
     * scanned page when the span is empty), rendered from the file in a Job; a span on a page that held its own
     * text, or a document that is no scan, shows no page.
     */
    private void showPage(DocumentSpan span) {
        List<TextRegion> regions;
        try {
            regions = kb.regions(workspace, subject, span.collection(), span.docId());
        } catch (RuntimeException e) {
            regions = List.of();
        }
        int page = TextRegion.pageOf(regions, span.start(), span.end());
        if (page < 0) {
            view.hidePage();
            return;
        }
        List<TextRegion> onPage = TextRegion.within(regions, span.start(), span.end()).stream()
                .filter(r -> r.page() == page).toList();
        String caption = Messages.get("library.page", page + 1, LibraryText.fileName(span.source()), onPage.size());
        DocumentParsers p = parsers;
        if (p == null) {
            view.pageMessage(Messages.get("library.pageMissing", span.source(), "DocumentParsers"));
            return;
        }
        Path file = Path.of(span.source());
        ImageData image = pages.cached(file, page);
        if (image != null) {
            view.showPage(image, onPage, caption);
        } else if (!pages.loading(file, page)) {
            view.pageMessage(Messages.get("library.pageLoading", page + 1));
            pages.load(view.control().getDisplay(), p, file, page, Messages.get("library.pageLoading", page + 1),
                    (rendered, error) -> {
                        if (view.isDisposed() || shown == null) {
                            return;
                        }
                        if (rendered != null) {
                            showPage(shown); // the span shown now, which may have moved on meanwhile
                        } else if (span.equals(shown)) {
                            view.pageMessage(Messages.get("library.pageMissing", span.source(), error));
                        }
                    });
        }
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
        view.clear();
        refreshDocuments();
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }

    /**
     * Runs {@code work} on the knowledge base as a user Job ({@link PartJob}) and shows its result
     * (or its error) on the UI thread; an import's progress goes to {@code worked}.
     */
    private <T> Job run(String name, PartJob.Worked worked, Function<Progress, T> work, Consumer<T> onSuccess) {
        show(name + " …");
        boolean isImport = worked != null;
        return PartJob.start(name, sync, worked, work, (result, error, cancelled) -> {
            if (isImport) {
                importing = null;
                bar.setImporting(false);
            }
            if (status.isDisposed()) {
                return;
            }
            if (error != null) {
                show(Messages.get("library.failed", error.getMessage()));
            } else {
                onSuccess.accept(result);
            }
        });
    }
}
