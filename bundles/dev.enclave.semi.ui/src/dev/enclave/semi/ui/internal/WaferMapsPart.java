package dev.enclave.semi.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.WaferStore;
import dev.enclave.ui.UiProgress;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Wafer Maps part: a gallery of the workspace's stored wafer maps (or of a file opened
 * for a look) with their pattern, confidence and die yield, filtered by lot, class and
 * confidence; a map view of the selected map with the classifier's probabilities and the
 * most similar stored maps. Importing classifies maps and stores them, in a background job.
 * Reading, classification (and its audit), storage and similarity are the
 * {@link WaferStore} service's; the part only presents them.
 */
public final class WaferMapsPart {
    /** Maps drawn at most; the summary still covers every map that passes the filters. */
    static final int MAX_SHOWN = 120;
    /** Similar maps shown for the selected map. */
    static final int SIMILAR = 6;

    @Inject
    WaferStore store;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private final GalleryModel model = new GalleryModel();
    private Label message;
    private Label summary;
    private Button density;
    private Combo lotFilter;
    private Combo classFilter;
    private Spinner minConfidence;
    private ProgressBar progressBar;
    private MapGallery gallery;
    private MapDetail detail;
    private int selected = -1;
    private int page;
    private Button previous;
    private Button next;
    private Label pageLabel;
    private Job running;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        createBar(parent);
        message = Ids.name(new Label(parent, SWT.WRAP), Ids.MAPS_MESSAGE);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        summary = Ids.name(new Label(parent, SWT.WRAP), Ids.MAPS_SUMMARY);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        gallery = new MapGallery(sash, i -> select(page * MAX_SHOWN + i));
        detail = new MapDetail(sash);
        sash.setWeights(60, 40);
        reload();
    }

    private void createBar(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout barLayout = new GridLayout(14, false);
        barLayout.marginWidth = 0;
        bar.setLayout(barLayout);
        Button importMaps = new Button(bar, SWT.PUSH);
        importMaps.setText(Messages.get("maps.import"));
        importMaps.setToolTipText(Messages.get("maps.importTip"));
        importMaps.addListener(SWT.Selection, e -> {
            List<Path> files = FileChoosers.open(parent.getShell(), "wafer.import", true, "*.csv;*.txt", "*.*");
            if (!files.isEmpty()) {
                importFiles(files);
            }
        });
        Button open = new Button(bar, SWT.PUSH);
        open.setText(Messages.get("maps.open"));
        open.setToolTipText(Messages.get("maps.openTip"));
        open.addListener(SWT.Selection, e -> {
            Path file = FileChoosers.openOne(parent.getShell(), "wafer.import", "*.csv;*.txt", "*.*");
            if (file != null) {
                showFile(file);
            }
        });
        Button stored = new Button(bar, SWT.PUSH);
        stored.setText(Messages.get("maps.stored"));
        stored.addListener(SWT.Selection, e -> reload());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.lot"));
        lotFilter = Ids.name(new Combo(bar, SWT.READ_ONLY), Ids.MAPS_LOT);
        lotFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.class"));
        classFilter = Ids.name(new Combo(bar, SWT.READ_ONLY), Ids.MAPS_CLASS);
        classFilter.add(Messages.get("maps.allClasses"));
        WaferMap.PATTERNS.forEach(classFilter::add);
        classFilter.select(0);
        classFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.minConfidence"));
        minConfidence = Ids.name(new Spinner(bar, SWT.BORDER), Ids.MAPS_CONFIDENCE);
        minConfidence.setValues(0, 0, 100, 0, 5, 10);
        minConfidence.addListener(SWT.Selection, e -> applyFilters());
        density = Ids.name(new Button(bar, SWT.CHECK), Ids.MAPS_DENSITY);
        density.setText(Messages.get("maps.density"));
        density.addListener(SWT.Selection, e -> {
            int keep = selected;
            drawPage();
            gallery.highlight(keep - page * MAX_SHOWN);
        });
        previous = Ids.name(new Button(bar, SWT.PUSH), Ids.MAPS_PREVIOUS);
        previous.setText("◀");
        previous.setToolTipText(Messages.get("maps.previousPage"));
        previous.addListener(SWT.Selection, e -> turn(-1));
        pageLabel = Ids.name(new Label(bar, SWT.NONE), Ids.MAPS_PAGE);
        next = Ids.name(new Button(bar, SWT.PUSH), Ids.MAPS_NEXT);
        next.setText("▶");
        next.setToolTipText(Messages.get("maps.nextPage"));
        next.addListener(SWT.Selection, e -> turn(1));
        progressBar = new ProgressBar(bar, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData pd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        pd.widthHint = 80;
        progressBar.setLayoutData(pd);
        progressBar.setVisible(false);
    }

    /** Shows the workspace's stored maps (all lots), keeping the filters where they still apply. */
    public void reload() {
        if (workspace == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return;
        }
        try {
            List<StoredMap> list = store.stored(workspace, null);
            setEntries(list, true, list.isEmpty() ? Messages.get("maps.emptyLibrary")
                    : Messages.get("maps.libraryShown", list.size()));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    /**
     * Reads and classifies a file for a look, without storing it (the service audits the
     * classification); errors are shown in the part, naming the file and line.
     */
    public void showFile(Path file) {
        if (workspace == null || subject == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return;
        }
        try {
            WaferStore.Classified c = store.classify(workspace, subject, file, null);
            List<StoredMap> list = new ArrayList<>();
            for (int i = 0; i < c.maps().size(); i++) {
                WaferPrediction p = c.predictions().get(i);
                list.add(new StoredMap(c.maps().get(i), p.label(), p.confidence()));
            }
            setEntries(list, false, Messages.get("maps.fileShown", file.getFileName().toString(), list.size()));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    /**
     * Classifies the maps of the files and stores them in the workspace's map library, as a
     * background job with progress; a file that cannot be read is named in the message and
     * the others go on. The gallery then shows the stored maps.
     *
     * @return the job, or {@code null} when one is already running or no workspace is open
     */
    public Job importFiles(List<Path> files) {
        if (workspace == null || subject == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return null;
        }
        if (running != null) {
            return null;
        }
        var display = message.getDisplay();
        Workspace ws = workspace;
        Subject who = subject;
        Job job = Job.create(Messages.get("maps.importing"), (IProgressMonitor monitor) -> {
            UiProgress progress = new UiProgress(monitor, (done, total) -> display.asyncExec(() -> {
                if (!progressBar.isDisposed()) {
                    progressBar.setMaximum(Math.max(1, total));
                    progressBar.setSelection(done);
                }
            }));
            progress.begin(Messages.get("maps.importing"), files.size());
            List<String> failed = new ArrayList<>();
            int added = 0;
            try {
                WaferStore.Imported imported = store.importFiles(ws, who, files, null, progress);
                added = imported.added();
                imported.failed().forEach(f -> failed.add(f.error()));
            } catch (RuntimeException | LinkageError e) {
                failed.add(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            }
            progress.done();
            int n = added;
            display.asyncExec(() -> {
                running = null;
                if (message.isDisposed()) {
                    return;
                }
                progressBar.setVisible(false);
                reload();
                message.setText(Messages.get("maps.imported", n, model.entries().size())
                        + (failed.isEmpty() ? "" : "  " + String.join("  ", failed)));
                message.getParent().layout(true, true);
            });
            return Status.OK_STATUS;
        });
        job.setUser(true);
        running = job;
        progressBar.setSelection(0);
        progressBar.setVisible(true);
        message.setText(Messages.get("maps.importing"));
        job.schedule();
        return job;
    }

    /** Whether an import is running. */
    public boolean busy() {
        return running != null;
    }

    private void setEntries(List<StoredMap> list, boolean fromLibrary, String text) {
        model.set(list, fromLibrary);
        String lot = lotFilter.getText();
        lotFilter.removeAll();
        lotFilter.add(Messages.get("maps.allLots"));
        model.lots().forEach(lotFilter::add);
        lotFilter.select(Math.max(0, lotFilter.indexOf(lot)));
        lotFilter.getParent().layout(true, true);
        message.setText(text);
        applyFilters();
    }

    private void applyFilters() {
        String lot = lotFilter.getSelectionIndex() <= 0 ? null : lotFilter.getText();
        String pattern = classFilter.getSelectionIndex() <= 0 ? null : classFilter.getText();
        model.filter(lot, pattern, minConfidence.getSelection() / 100f);
        summary.setText(model.summary(MAX_SHOWN));
        summary.getParent().layout(true, true);
        page = 0;
        showPage();
    }

    /** Pages of {@link #MAX_SHOWN} maps: the gallery draws one page at a time. */
    int pages() {
        return Math.max(1, (model.shown().size() + MAX_SHOWN - 1) / MAX_SHOWN);
    }

    /** Moves {@code delta} pages on (negative: back) and selects the first map of the page. */
    void turn(int delta) {
        int p = Math.clamp(page + delta, 0, pages() - 1);
        if (p != page) {
            page = p;
            showPage();
        }
    }

    private void showPage() {
        selected = -1;
        drawPage();
        if (!model.shown().isEmpty()) {
            select(page * MAX_SHOWN);
        } else {
            detail.clear();
        }
    }

    private void drawPage() {
        List<StoredMap> all = model.shown();
        int from = Math.min(page * MAX_SHOWN, all.size()), to = Math.min(all.size(), from + MAX_SHOWN);
        gallery.show(all.subList(from, to), MAX_SHOWN, density.getSelection());
        pageLabel.setText(all.isEmpty() ? "" : Messages.get("maps.page", from + 1, to, all.size(), page + 1, pages()));
        previous.setEnabled(page > 0);
        next.setEnabled(page < pages() - 1);
        pageLabel.getParent().layout(true, true);
    }

    /** Shows the gallery's {@code index}-th map in the map view with its most similar stored maps. */
    private void select(int index) {
        List<StoredMap> shown = model.shown();
        if (index < 0 || index >= shown.size()) {
            return;
        }
        selected = index;
        gallery.highlight(index - page * MAX_SHOWN);
        StoredMap e = shown.get(index);
        WaferMap m = e.map();
        try {
            WaferPrediction p = store.predict(workspace, List.of(m)).get(0);
            List<WaferLibrary.Similar> near = new ArrayList<>();
            for (WaferLibrary.Similar s : store.similar(workspace, p.embedding(), SIMILAR + 1)) {
                if (near.size() < SIMILAR && !(s.id().equals(m.id()) && Objects.equals(s.lot(), m.lot()))) {
                    near.add(s);
                }
            }
            Map<String, WaferMap> byKey = new HashMap<>();
            for (StoredMap s : model.fromLibrary() ? model.entries() : store.stored(workspace, null)) {
                byKey.put(GalleryModel.key(s.map().lot(), s.map().id()), s.map());
            }
            detail.show(m, density.getSelection(), GalleryModel.detail(e, p), near, byKey);
        } catch (EnclaveException ex) {
            message.setText(ex.getMessage());
        }
    }

    @Focus
    void focus() {
        gallery.setFocus();
    }

    @PreDestroy
    void dispose() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
    }
}
