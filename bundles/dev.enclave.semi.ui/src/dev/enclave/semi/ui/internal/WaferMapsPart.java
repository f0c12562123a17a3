package dev.enclave.semi.ui.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.internal.SemiWorkspace;
import dev.enclave.semi.internal.WaferRenderer;
import dev.enclave.ui.UiProgress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Wafer Maps part: a gallery of the workspace's stored wafer maps (or of a file opened
 * for a look) with their pattern, confidence and die yield, filtered by lot, class and
 * confidence; a map view of the selected map with the classifier's probabilities and the
 * most similar stored maps (nearest neighbours of the network's embedding in the map
 * library). Importing classifies maps and stores them, in a background job. Classification,
 * storage and similarity are the pack's services; the part only presents them.
 */
public final class WaferMapsPart {
    /** Maps drawn at most; the summary still covers every map that passes the filters. */
    static final int MAX_SHOWN = 120;
    /** Similar maps shown for the selected map. */
    static final int SIMILAR = 6;
    private static final int PICTURE = 130;
    private static final int LARGE = 260;
    private static final int SIMILAR_PICTURE = 90;

    @Inject
    WaferPatterns patterns;

    @Inject
    WaferLibrary library;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    /** A map in the gallery with the classifier's verdict. */
    public record Entry(WaferMap map, String predicted, float confidence) {
    }

    private Composite gallery;
    private ScrolledComposite scroller;
    private Label message;
    private Label summary;
    private Button density;
    private Combo lotFilter;
    private Combo classFilter;
    private Spinner minConfidence;
    private ProgressBar progressBar;
    private Label largeMap;
    private Text detail;
    private Composite similarBox;
    private Color selectedColor;
    private final List<Image> images = new ArrayList<>();
    private final List<Image> detailImages = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private final List<String> similarCaptions = new ArrayList<>();
    private final List<Composite> cells = new ArrayList<>();
    private List<Entry> entries = List.of();
    private List<Entry> shown = List.of();
    /** Whether the entries are the stored maps (else a file opened for a look). */
    private boolean fromLibrary;
    private int selected = -1;
    private Job running;
    /** The classifier used for looks and selections, kept open between them (UI thread only). */
    private WaferPatternModel model;
    /** The workspace classifier's files when {@link #model} was opened; see {@link #classifierStamp()}. */
    private List<String> modelStamp;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        selectedColor = new Color(parent.getDisplay(), 204, 224, 255);
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout barLayout = new GridLayout(11, false);
        barLayout.marginWidth = 0;
        bar.setLayout(barLayout);
        Button importMaps = new Button(bar, SWT.PUSH);
        importMaps.setText(Messages.get("maps.import"));
        importMaps.setToolTipText(Messages.get("maps.importTip"));
        importMaps.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(parent.getShell(), SWT.OPEN | SWT.MULTI);
            dialog.setFilterExtensions(new String[] { "*.csv;*.txt", "*.*" });
            if (dialog.open() != null) {
                List<Path> files = Arrays.stream(dialog.getFileNames()).map(n -> Path.of(dialog.getFilterPath(), n))
                        .toList();
                importFiles(files);
            }
        });
        Button open = new Button(bar, SWT.PUSH);
        open.setText(Messages.get("maps.open"));
        open.setToolTipText(Messages.get("maps.openTip"));
        open.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(parent.getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.csv;*.txt", "*.*" });
            String file = dialog.open();
            if (file != null) {
                showFile(Path.of(file));
            }
        });
        Button stored = new Button(bar, SWT.PUSH);
        stored.setText(Messages.get("maps.stored"));
        stored.addListener(SWT.Selection, e -> reload());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.lot"));
        lotFilter = new Combo(bar, SWT.READ_ONLY);
        lotFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.class"));
        classFilter = new Combo(bar, SWT.READ_ONLY);
        classFilter.add(Messages.get("maps.allClasses"));
        WaferMap.PATTERNS.forEach(classFilter::add);
        classFilter.select(0);
        classFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.minConfidence"));
        minConfidence = new Spinner(bar, SWT.BORDER);
        minConfidence.setValues(0, 0, 100, 0, 5, 10);
        minConfidence.addListener(SWT.Selection, e -> applyFilters());
        density = new Button(bar, SWT.CHECK);
        density.setText(Messages.get("maps.density"));
        density.addListener(SWT.Selection, e -> redraw());
        progressBar = new ProgressBar(bar, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData pd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        pd.widthHint = 80;
        progressBar.setLayoutData(pd);
        progressBar.setVisible(false);

        message = new Label(parent, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        scroller = new ScrolledComposite(sash, SWT.V_SCROLL | SWT.BORDER);
        scroller.setExpandHorizontal(true);
        gallery = new Composite(scroller, SWT.NONE);
        gallery.setLayout(new GridLayout(3, true));
        scroller.setContent(gallery);
        scroller.addListener(SWT.Resize, e -> layoutGallery());

        ScrolledComposite detailScroller = new ScrolledComposite(sash, SWT.V_SCROLL | SWT.BORDER);
        detailScroller.setExpandHorizontal(true);
        detailScroller.setExpandVertical(true);
        Composite detailPane = new Composite(detailScroller, SWT.NONE);
        detailPane.setLayout(new GridLayout(1, false));
        largeMap = new Label(detailPane, SWT.CENTER);
        GridData ld = new GridData(SWT.CENTER, SWT.TOP, true, false);
        ld.widthHint = LARGE;
        ld.heightHint = LARGE;
        largeMap.setLayoutData(ld);
        detail = new Text(detailPane, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP);
        detail.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        detail.setText(Messages.get("maps.selectHint"));
        Label similarTitle = new Label(detailPane, SWT.NONE);
        similarTitle.setText(Messages.get("maps.similar"));
        similarBox = new Composite(detailPane, SWT.NONE);
        similarBox.setLayout(new GridLayout(3, true));
        similarBox.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        detailScroller.setContent(detailPane);
        detailScroller.addListener(SWT.Resize, e -> {
            int w = detailScroller.getClientArea().width;
            detailScroller.setMinSize(detailPane.computeSize(w, SWT.DEFAULT));
        });
        sash.setWeights(60, 40);
        reload();
    }

    /** Shows the workspace's stored maps (all lots), keeping the filters where they still apply. */
    public void reload() {
        if (workspace == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return;
        }
        try {
            List<Entry> list = new ArrayList<>();
            for (WaferLibrary.StoredMap s : library.list(SemiWorkspace.mapsIndex(workspace), null)) {
                list.add(new Entry(s.map(), s.predicted(), s.confidence()));
            }
            fromLibrary = true;
            setEntries(list, list.isEmpty() ? Messages.get("maps.emptyLibrary")
                    : Messages.get("maps.libraryShown", list.size()));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    /**
     * Reads and classifies a file for a look, without storing it; errors are shown in the part,
     * naming the file and line.
     */
    public void showFile(Path file) {
        try {
            List<WaferMap> read = SemiWorkspace.read(file);
            List<WaferPrediction> predictions = classify(read);
            List<Entry> list = new ArrayList<>();
            for (int i = 0; i < read.size(); i++) {
                list.add(new Entry(read.get(i), predictions.get(i).label(), predictions.get(i).confidence()));
            }
            fromLibrary = false;
            setEntries(list, Messages.get("maps.fileShown", file.getFileName().toString(), read.size()));
            if (workspace != null && subject != null) {
                workspace.auditLog().append(subject.name(), "wafer.classify", file.toString(), AuditEntry.SUCCESS,
                        read.size() + " maps");
            }
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
        if (running != null || workspace == null) {
            if (workspace == null) {
                message.setText(Messages.get("maps.noWorkspace"));
            }
            return null;
        }
        var display = message.getDisplay();
        Workspace ws = workspace;
        String who = subject == null ? "unknown" : subject.name();
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
            try (WaferPatternModel model = SemiWorkspace.model(patterns, ws, null)) {
                for (Path file : files) {
                    if (monitor.isCanceled()) {
                        break;
                    }
                    progress.subTask(file.getFileName().toString());
                    try {
                        List<WaferMap> maps = SemiWorkspace.read(file);
                        library.add(SemiWorkspace.mapsIndex(ws), maps, model.classify(maps));
                        added += maps.size();
                        ws.auditLog().append(who, "wafer.import", file.toString(), AuditEntry.SUCCESS,
                                maps.size() + " maps");
                    } catch (EnclaveException e) {
                        failed.add(e.getMessage());
                    }
                    progress.worked(1);
                }
            } catch (RuntimeException | LinkageError e) {
                failed.add(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            }
            int n = added;
            display.asyncExec(() -> {
                running = null;
                if (message.isDisposed()) {
                    return;
                }
                progressBar.setVisible(false);
                reload();
                message.setText(Messages.get("maps.imported", n, entries.size())
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

    /**
     * Classifies with the workspace's classifier (its retrained one, else the shipped one). The
     * classifier stays open from one selection to the next and is opened again when the
     * workspace's classifier files change (a retraining, from the CLI or the Fab parts).
     */
    private List<WaferPrediction> classify(List<WaferMap> maps) {
        List<String> stamp = classifierStamp();
        if (model == null || !stamp.equals(modelStamp)) {
            closeModel();
            model = workspace == null ? patterns.shipped() : SemiWorkspace.model(patterns, workspace, null);
            modelStamp = stamp;
        }
        return model.classify(maps);
    }

    /** Name, size and modification time of each file of the workspace's own classifier (none: the shipped one). */
    private List<String> classifierStamp() {
        if (workspace == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(SemiWorkspace.classifierDir(workspace))) {
            return files.sorted().map(f -> {
                try {
                    return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    return f.getFileName() + ":?";
                }
            }).toList();
        } catch (IOException e) {
            return List.of(); // no folder yet: the shipped classifier
        }
    }

    private void closeModel() {
        if (model != null) {
            model.close();
            model = null;
        }
    }

    private void setEntries(List<Entry> list, String text) {
        entries = List.copyOf(list);
        String lot = lotFilter.getText();
        TreeSet<String> lots = new TreeSet<>();
        for (Entry e : entries) {
            if (e.map().lot() != null) {
                lots.add(e.map().lot());
            }
        }
        lotFilter.removeAll();
        lotFilter.add(Messages.get("maps.allLots"));
        lots.forEach(lotFilter::add);
        int i = lotFilter.indexOf(lot);
        lotFilter.select(Math.max(0, i));
        lotFilter.getParent().layout(true, true);
        message.setText(text);
        applyFilters();
    }

    /** Sets the filters (a {@code null} lot or class: all; confidence in percent) and redraws. */
    public void setFilters(String lot, String pattern, int minConfidencePercent) {
        lotFilter.select(lot == null ? 0 : Math.max(0, lotFilter.indexOf(lot)));
        classFilter.select(pattern == null ? 0 : Math.max(0, classFilter.indexOf(pattern)));
        minConfidence.setSelection(minConfidencePercent);
        applyFilters();
    }

    private void applyFilters() {
        String lot = lotFilter.getSelectionIndex() <= 0 ? null : lotFilter.getText();
        String pattern = classFilter.getSelectionIndex() <= 0 ? null : classFilter.getText();
        float min = minConfidence.getSelection() / 100f;
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries) {
            if ((lot == null || lot.equals(e.map().lot())) && (pattern == null || pattern.equals(e.predicted()))
                    && e.confidence() >= min) {
                list.add(e);
            }
        }
        shown = List.copyOf(list);
        long dies = 0, good = 0;
        Map<String, Integer> counts = new TreeMap<>();
        for (Entry e : shown) {
            dies += e.map().dies();
            good += e.map().dies() - e.map().fails();
            counts.merge(e.predicted(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(Messages.get("maps.summary", shown.size(), entries.size(),
                String.format("%.2f", dies == 0 ? 0 : 100.0 * good / dies)));
        counts.forEach((k, v) -> sb.append("  ").append(k).append(' ').append(v));
        if (shown.size() > MAX_SHOWN) {
            sb.append("  ").append(Messages.get("maps.firstShown", MAX_SHOWN));
        }
        summary.setText(sb.toString());
        summary.getParent().layout(true, true);
        selected = -1;
        redraw();
        if (!shown.isEmpty()) {
            select(0);
        } else {
            clearDetail();
        }
    }

    private void redraw() {
        for (Control c : gallery.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        captions.clear();
        cells.clear();
        boolean heat = density.getSelection();
        for (int i = 0; i < Math.min(MAX_SHOWN, shown.size()); i++) {
            Entry e = shown.get(i);
            WaferMap m = e.map();
            Composite cell = new Composite(gallery, SWT.NONE);
            cell.setLayout(new GridLayout(1, false));
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            Label picture = new Label(cell, SWT.NONE);
            Image image = new Image(gallery.getDisplay(),
                    toImageData(heat ? WaferRenderer.density(m, PICTURE) : WaferRenderer.map(m, PICTURE)));
            images.add(image);
            picture.setImage(image);
            picture.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            String caption = String.format("%s%s\n%s %.2f · %s %.1f%%", m.lot() == null ? "" : m.lot() + " · ", m.id(),
                    e.predicted(), e.confidence(), Messages.get("maps.yield"), 100 * m.yield());
            captions.add(caption);
            Label text = new Label(cell, SWT.CENTER | SWT.WRAP);
            text.setText(caption);
            text.setLayoutData(captionData(PICTURE + 30));
            if (m.label() != null && !m.label().equals(e.predicted())) {
                text.setToolTipText(Messages.get("maps.labelled", m.label()));
            }
            int index = i;
            for (Control c : new Control[] { cell, picture, text }) {
                c.addListener(SWT.MouseDown, ev -> select(index));
            }
            cells.add(cell);
        }
        if (selected >= 0 && selected < cells.size()) {
            cells.get(selected).setBackground(selectedColor);
        }
        layoutGallery();
    }

    /** A caption wrapped to a width near its picture's, so that it stays inside its column. */
    private static GridData captionData(int width) {
        GridData data = new GridData(SWT.CENTER, SWT.TOP, false, false);
        data.widthHint = width;
        return data;
    }

    private void layoutGallery() {
        int width = Math.max(200, scroller.getClientArea().width);
        gallery.setSize(gallery.computeSize(width, SWT.DEFAULT));
        gallery.layout(true, true);
    }

    /**
     * Shows the gallery's {@code index}-th map in the map view: the map, the classifier's
     * probabilities, and the most similar stored maps.
     */
    public void select(int index) {
        if (index < 0 || index >= shown.size()) {
            return;
        }
        if (selected >= 0 && selected < cells.size()) {
            cells.get(selected).setBackground(null);
        }
        selected = index;
        if (index < cells.size()) {
            cells.get(index).setBackground(selectedColor);
        }
        Entry e = shown.get(index);
        WaferMap m = e.map();
        detailImages.forEach(Image::dispose);
        detailImages.clear();
        Image large = new Image(largeMap.getDisplay(), toImageData(density.getSelection()
                ? WaferRenderer.density(m, LARGE) : WaferRenderer.map(m, LARGE)));
        detailImages.add(large);
        largeMap.setImage(large);
        WaferPrediction p = classify(List.of(m)).get(0);
        StringBuilder sb = new StringBuilder();
        sb.append(m.id());
        if (m.lot() != null) {
            sb.append("   ").append(Messages.get("maps.lotLabel", m.lot()));
        }
        if (m.waferId() != null) {
            sb.append("   ").append(Messages.get("maps.waferLabel", m.waferId()));
        }
        if (m.time() != null) {
            sb.append("   ").append(m.time());
        }
        sb.append('\n').append(Messages.get("maps.detailLine", m.rows(), m.cols(), m.dies(), m.fails(),
                String.format("%.2f", 100 * m.yield())));
        sb.append('\n').append(Messages.get("maps.prediction", e.predicted(), String.format("%.3f", e.confidence())));
        if (m.label() != null) {
            sb.append("   ").append(Messages.get("maps.labelled", m.label()));
        }
        Map<String, Float> probs = new LinkedHashMap<>();
        Integer[] order = new Integer[p.probabilities().length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(p.probabilities()[b], p.probabilities()[a]));
        for (int i = 0; i < Math.min(3, order.length); i++) {
            probs.put(WaferMap.PATTERNS.get(order[i]), p.probabilities()[order[i]]);
        }
        sb.append('\n').append(Messages.get("maps.top"));
        probs.forEach((k, v) -> sb.append("  ").append(k).append(String.format(" %.3f", v)));
        detail.setText(sb.toString());
        showSimilar(m, p.embedding());
        detail.getParent().layout(true, true);
    }

    private void showSimilar(WaferMap query, float[] embedding) {
        for (Control c : similarBox.getChildren()) {
            c.dispose();
        }
        similarCaptions.clear();
        List<WaferLibrary.Similar> near = workspace == null ? List.of()
                : library.similar(SemiWorkspace.mapsIndex(workspace), embedding, SIMILAR + 1);
        Map<String, WaferMap> byKey = new HashMap<>();
        List<Entry> pool = fromLibrary ? entries : storedEntries();
        for (Entry e : pool) {
            byKey.put(key(e.map().lot(), e.map().id()), e.map());
        }
        int n = 0;
        for (WaferLibrary.Similar s : near) {
            if (n == SIMILAR) {
                break;
            }
            if (s.id().equals(query.id()) && java.util.Objects.equals(s.lot(), query.lot())) {
                continue;
            }
            n++;
            Composite cell = new Composite(similarBox, SWT.NONE);
            cell.setLayout(new GridLayout(1, false));
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            WaferMap m = byKey.get(key(s.lot(), s.id()));
            if (m != null) {
                Label picture = new Label(cell, SWT.NONE);
                Image image = new Image(similarBox.getDisplay(), toImageData(WaferRenderer.map(m, SIMILAR_PICTURE)));
                detailImages.add(image);
                picture.setImage(image);
            }
            String caption = String.format("%s%s\n%s · %s %.3f", s.lot() == null ? "" : s.lot() + " · ", s.id(),
                    s.predicted(), Messages.get("maps.cosine"), s.score());
            similarCaptions.add(caption);
            Label text = new Label(cell, SWT.CENTER | SWT.WRAP);
            text.setText(caption);
            text.setLayoutData(captionData(SIMILAR_PICTURE + 20));
        }
        if (n == 0) {
            Label none = new Label(similarBox, SWT.WRAP);
            none.setText(Messages.get("maps.noSimilar"));
            none.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        }
    }

    private List<Entry> storedEntries() {
        List<Entry> list = new ArrayList<>();
        for (WaferLibrary.StoredMap s : library.list(SemiWorkspace.mapsIndex(workspace), null)) {
            list.add(new Entry(s.map(), s.predicted(), s.confidence()));
        }
        return list;
    }

    private static String key(String lot, String id) {
        return (lot == null ? "" : lot) + "\u0000" + id;
    }

    private void clearDetail() {
        detailImages.forEach(Image::dispose);
        detailImages.clear();
        largeMap.setImage(null);
        detail.setText(Messages.get("maps.selectHint"));
        for (Control c : similarBox.getChildren()) {
            c.dispose();
        }
        similarCaptions.clear();
    }

    /** An SWT image of an AWT picture, keeping its transparency. */
    static ImageData toImageData(BufferedImage img) {
        ImageData data = new ImageData(img.getWidth(), img.getHeight(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                data.setPixel(x, y, argb & 0xFFFFFF);
                data.setAlpha(x, y, argb >>> 24);
            }
        }
        return data;
    }

    /** The captions of the maps drawn, for tests. */
    public List<String> captions() {
        return List.copyOf(captions);
    }

    /** The maps passing the filters, for tests. */
    public List<Entry> shown() {
        return shown;
    }

    /** The map view's text, for tests. */
    public String detailText() {
        return detail.getText();
    }

    /** The captions of the similar maps shown, for tests. */
    public List<String> similarCaptions() {
        return List.copyOf(similarCaptions);
    }

    /** The lots offered by the lot filter (after "all lots"), for tests. */
    public List<String> lots() {
        List<String> items = new ArrayList<>(List.of(lotFilter.getItems()));
        return items.subList(1, items.size());
    }

    /** The summary line, for tests. */
    public String summaryText() {
        return summary.getText();
    }

    /** The message line, for tests. */
    public String messageText() {
        return message.getText();
    }

    /** Switches between die maps and failure density, for tests. */
    public void setDensity(boolean on) {
        density.setSelection(on);
        redraw();
    }

    /** The pictures drawn, for tests. */
    public List<Image> images() {
        return List.copyOf(images);
    }

    @Focus
    void focus() {
        scroller.setFocus();
    }

    @PreDestroy
    void dispose() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
        images.forEach(Image::dispose);
        images.clear();
        detailImages.forEach(Image::dispose);
        detailImages.clear();
        selectedColor.dispose();
        closeModel();
    }
}
