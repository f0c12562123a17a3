package dev.enclave.semi.ui.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.DefectImages;
import dev.enclave.semi.DefectImages.StoredImage;
import dev.enclave.ui.FileChoosers;
import dev.enclave.ui.UiProgress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Defect Images part: a gallery of the workspace's defect-image library with thumbnails, filtered
 * by lot, class and confidence; the selected image large with its heat map, its three most likely
 * classes and the most similar stored images; import of a folder and training from the library
 * (relabelled images included) as background jobs with progress, training with a live loss curve.
 * Classification, storage, relabelling, training and their audit are the {@link DefectImages}
 * service's; the part only presents them.
 */
public final class DefectImagesPart {
    /** Images listed at most (filters narrow the list); thumbnails are small, so a long list stays cheap. */
    static final int MAX_SHOWN = 500;
    static final int THUMB = 48;
    static final int SIMILAR = 5;

    @Inject
    DefectImages defects;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Label message;
    private Text lotField;
    private Combo lotFilter;
    private Combo classFilter;
    private Spinner minConfidence;
    private ProgressBar progressBar;
    private Table table;
    private DefectDetail detail;
    private LossCurve loss;
    private JobRunner jobs;
    private final List<StoredImage> all = new ArrayList<>();
    private final List<StoredImage> shown = new ArrayList<>();
    private final List<Image> thumbs = new ArrayList<>();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        createBar(parent);
        message = Ids.name(new Label(parent, SWT.WRAP), Ids.DEFECT_MESSAGE);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite left = new Composite(sash, SWT.NONE);
        left.setLayout(new GridLayout(1, false));
        table = Ids.name(new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE), Ids.DEFECT_TABLE);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        for (String c : List.of("defects.col.image", "defects.col.lot", "defects.col.class", "defects.col.confidence",
                "defects.col.label")) {
            TableColumn col = new TableColumn(table, SWT.LEFT);
            col.setText(Messages.get(c));
            col.setWidth(c.endsWith("image") ? 200 : c.endsWith("class") ? 150 : 100);
        }
        table.addListener(SWT.Selection, e -> select(table.getSelectionIndex()));
        loss = new LossCurve(left);
        GridData ld = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
        ld.heightHint = 110;
        loss.control().setLayoutData(ld);
        detail = new DefectDetail(sash, this::relabel);
        sash.setWeights(55, 45);
        jobs = new JobRunner(table, () -> progressBar.setVisible(false));
        reload();
    }

    private void createBar(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout layout = new GridLayout(12, false);
        layout.marginWidth = 0;
        bar.setLayout(layout);
        new Label(bar, SWT.NONE).setText(Messages.get("defects.importLot"));
        lotField = Ids.name(new Text(bar, SWT.BORDER), Ids.DEFECT_LOT_FIELD);
        GridData lf = new GridData();
        lf.widthHint = 80;
        lotField.setLayoutData(lf);
        Button importButton = new Button(bar, SWT.PUSH);
        importButton.setText(Messages.get("defects.import"));
        importButton.setToolTipText(Messages.get("defects.importTip"));
        importButton.addListener(SWT.Selection, e -> {
            Path folder = FileChoosers.folder(parent.getShell(), "defect.import", Messages.get("defects.importTip"));
            if (folder != null) {
                importFolder(folder, lotField.getText().strip());
            }
        });
        Button train = new Button(bar, SWT.PUSH);
        train.setText(Messages.get("defects.train"));
        train.setToolTipText(Messages.get("defects.trainTip"));
        train.addListener(SWT.Selection, e -> train(15));
        new Label(bar, SWT.NONE).setText(Messages.get("maps.lot"));
        lotFilter = Ids.name(new Combo(bar, SWT.READ_ONLY), Ids.DEFECT_LOT);
        lotFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.class"));
        classFilter = Ids.name(new Combo(bar, SWT.READ_ONLY), Ids.DEFECT_CLASS);
        classFilter.addListener(SWT.Selection, e -> applyFilters());
        new Label(bar, SWT.NONE).setText(Messages.get("maps.minConfidence"));
        minConfidence = Ids.name(new Spinner(bar, SWT.BORDER), Ids.DEFECT_CONFIDENCE);
        minConfidence.setValues(0, 0, 100, 0, 5, 10);
        minConfidence.addListener(SWT.Selection, e -> applyFilters());
        progressBar = new ProgressBar(bar, SWT.HORIZONTAL | SWT.SMOOTH);
        GridData pd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        pd.widthHint = 80;
        progressBar.setLayoutData(pd);
        progressBar.setVisible(false);
    }

    /** Shows the library, keeping the filters where they still apply. */
    public void reload() {
        if (workspace == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return;
        }
        try {
            all.clear();
            all.addAll(defects.stored(workspace, null));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
            return;
        }
        refill(lotFilter, Messages.get("maps.allLots"), all.stream().map(StoredImage::lot)
                .filter(java.util.Objects::nonNull).distinct().sorted().toList());
        List<String> classes = new ArrayList<>(DefectImages.CLASSES);
        all.stream().map(StoredImage::effectiveLabel).filter(c -> !classes.contains(c)).distinct().sorted()
                .forEach(classes::add);
        refill(classFilter, Messages.get("maps.allClasses"), classes);
        message.setText(all.isEmpty() ? Messages.get("defects.empty") : Messages.get("defects.shown", all.size(),
                defects.model(workspace)));
        message.getParent().layout(true, true);
        applyFilters();
    }

    private static void refill(Combo combo, String any, List<String> values) {
        String keep = combo.getText();
        combo.removeAll();
        combo.add(any);
        values.forEach(combo::add);
        combo.select(Math.max(0, combo.indexOf(keep)));
    }

    private void applyFilters() {
        String lot = lotFilter.getSelectionIndex() <= 0 ? null : lotFilter.getText();
        String cls = classFilter.getSelectionIndex() <= 0 ? null : classFilter.getText();
        float min = minConfidence.getSelection() / 100f;
        shown.clear();
        for (StoredImage s : all) {
            if ((lot == null || lot.equals(s.lot())) && (cls == null || cls.equals(s.effectiveLabel()))
                    && s.confidence() >= min && shown.size() < MAX_SHOWN) {
                shown.add(s);
            }
        }
        table.removeAll();
        thumbs.forEach(Image::dispose);
        thumbs.clear();
        for (StoredImage s : shown) {
            TableItem item = new TableItem(table, SWT.NONE);
            Image thumb = DefectDetail.scaled(table.getDisplay(), DefectDetail.fromFile(s.path()), THUMB);
            thumbs.add(thumb);
            item.setImage(0, thumb);
            item.setText(new String[] { Path.of(s.source()).getFileName().toString(), s.lot() == null ? "" : s.lot(),
                    DefectDetail.className(s.predicted()), String.format(Locale.ROOT, "%.2f", s.confidence()),
                    s.label() == null ? "" : s.label() });
        }
        if (!shown.isEmpty()) {
            table.select(0);
            select(0);
        } else {
            detail.clear();
        }
    }

    /** Shows the {@code index}-th listed image with its heat map, top-3 classes and similar images. */
    void select(int index) {
        if (index < 0 || index >= shown.size()) {
            return;
        }
        StoredImage s = shown.get(index);
        try {
            DefectImages.Result r = defects.classify(workspace, subject, List.of(s.path()), Progress.silent()).get(0);
            if (!r.ok()) {
                message.setText(r.error());
                return;
            }
            BufferedImage heat = defects.heatmap(workspace, s.path(), r.label());
            List<DefectImages.Similar> near = new ArrayList<>();
            for (DefectImages.Similar n : defects.similar(workspace, r.embedding(), SIMILAR + 1)) {
                if (!n.id().equals(s.id()) && near.size() < SIMILAR) {
                    near.add(n);
                }
            }
            detail.show(s.id(), s.path(), r, heat, near);
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    private void relabel(String id, String label) {
        try {
            defects.relabel(workspace, subject, id, label);
            int keep = table.getSelectionIndex();
            reload();
            if (keep >= 0 && keep < shown.size()) {
                table.select(keep);
                select(keep);
            }
            message.setText(Messages.get("defects.relabelled", label));
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    /**
     * Classifies the images of a folder and stores them under a lot, as a background job with progress.
     *
     * @return the job, or {@code null} when another one runs or no workspace is open
     */
    public Job importFolder(Path folder, String lot) {
        if (workspace == null || subject == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return null;
        }
        Workspace ws = workspace;
        Subject who = subject;
        Job job = jobs.run(Messages.get("defects.importing"), monitor -> {
            DefectImages.Imported r = defects.importImages(ws, who, folder, lot.isEmpty() ? null : lot,
                    progress(monitor));
            return () -> {
                reload();
                message.setText(Messages.get("defects.imported", r.added(), r.stored())
                        + (r.failed().isEmpty() ? "" : "  " + String.join("  ", r.failed())));
            };
        }, message::setText);
        started(job, Messages.get("defects.importing"));
        return job;
    }

    /**
     * Trains on the library's images by their classes (relabelled ones with the user's class), starting from
     * the workspace's classifier, in a background job that draws the loss as it goes.
     *
     * @return the job, or {@code null} when another one runs or no workspace is open
     */
    public Job train(int epochs) {
        if (workspace == null || subject == null) {
            message.setText(Messages.get("maps.noWorkspace"));
            return null;
        }
        Workspace ws = workspace;
        Subject who = subject;
        loss.clear();
        Job job = jobs.run(Messages.get("defects.training"), monitor -> {
            Path data;
            try {
                data = Files.createTempDirectory("enclave-defect-train");
            } catch (java.io.IOException e) {
                throw EnclaveException.failure(e.getMessage(), e);
            }
            defects.exportTrainingData(ws, data);
            DefectImages.Trained t = defects.train(ws, who, new DefectImages.TrainRequest(data, epochs, 1, null, false),
                    progress(monitor));
            return () -> {
                reload();
                message.setText(Messages.get(t.replaced() ? "defects.trainedReplaced" : "defects.trainedKept",
                        t.version(), t.validation().macroF1(), t.previousMacroF1()));
            };
        }, message::setText);
        started(job, Messages.get("defects.training"));
        return job;
    }

    private void started(Job job, String text) {
        if (job == null) {
            return;
        }
        progressBar.setSelection(0);
        progressBar.setVisible(true);
        message.setText(text);
    }

    /** A progress that moves the bar and feeds the loss curve, from the job's thread. */
    private Progress progress(org.eclipse.core.runtime.IProgressMonitor monitor) {
        var display = table.getDisplay();
        Progress bar = new UiProgress(monitor, (done, total) -> display.asyncExec(() -> {
            if (!progressBar.isDisposed()) {
                progressBar.setMaximum(Math.max(1, total));
                progressBar.setSelection(done);
            }
        }));
        return new Progress() {
            @Override
            public void begin(String task, int totalWork) {
                bar.begin(task, totalWork);
            }

            @Override
            public void subTask(String name) {
                bar.subTask(name);
                float v = LossCurve.parse(name);
                if (!Float.isNaN(v)) {
                    display.asyncExec(() -> {
                        if (!table.isDisposed()) {
                            loss.add(v);
                        }
                    });
                }
            }

            @Override
            public void worked(int work) {
                bar.worked(work);
            }

            @Override
            public void done() {
                bar.done();
            }

            @Override
            public boolean isCanceled() {
                return bar.isCanceled();
            }

            @Override
            public void cancel() {
                bar.cancel();
            }
        };
    }

    /** The live loss curve (for tests). */
    LossCurve lossCurve() {
        return loss;
    }

    /** Whether an import or a training runs. */
    public boolean busy() {
        return jobs.busy();
    }

    @Focus
    void focus() {
        table.setFocus();
    }

    @PreDestroy
    void dispose() {
        jobs.cancel();
        thumbs.forEach(Image::dispose);
        detail.dispose();
    }
}
