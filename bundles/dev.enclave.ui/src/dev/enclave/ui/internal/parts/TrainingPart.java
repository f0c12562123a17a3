package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.internal.LoraTrainer;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Fine-tuning part: LoRA SFT of a workspace model on a dataset, as a Job that can be
 * stopped, with the training loss drawn as it falls.
 */
public final class TrainingPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    ModelRegistry registry;

    @Inject
    UISynchronize sync;

    private Combo base;
    private Text data;
    private Text out;
    private Spinner rank;
    private Spinner epochs;
    private Text lr;
    private Text targets;
    private Button start;
    private Button resume;
    private Button stop;
    private Canvas chart;
    private Label status;
    private final List<Double> losses = new ArrayList<>();
    private volatile Progress running;
    private List<ModelInfo> decoders = List.of();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(5, false));
        new Label(parent, SWT.NONE).setText(Messages.get("train.base"));
        base = new Combo(parent, SWT.READ_ONLY);
        base.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        data = field(parent, Messages.get("train.data"));
        data.setMessage(Messages.get("eval.dataHint"));
        out = field(parent, Messages.get("train.out"));
        new Label(parent, SWT.NONE).setText(Messages.get("train.rank"));
        rank = new Spinner(parent, SWT.BORDER);
        rank.setValues(8, 1, 256, 0, 1, 8);
        new Label(parent, SWT.NONE).setText(Messages.get("train.epochs"));
        epochs = new Spinner(parent, SWT.BORDER);
        epochs.setValues(2, 1, 1000, 0, 1, 5);
        new Label(parent, SWT.NONE);
        lr = field(parent, Messages.get("train.lr"));
        lr.setText("2e-4");
        targets = field(parent, Messages.get("train.targets"));
        targets.setText("q_proj,v_proj");
        start = new Button(parent, SWT.PUSH);
        start.setText(Messages.get("train.start"));
        start.addListener(SWT.Selection, e -> start());
        resume = new Button(parent, SWT.PUSH);
        resume.setText(Messages.get("train.resume"));
        resume.setToolTipText(Messages.get("train.resumeTip"));
        resume.addListener(SWT.Selection, e -> start(true));
        stop = new Button(parent, SWT.PUSH);
        stop.setText(Messages.get("train.stop"));
        stop.setEnabled(false);
        stop.addListener(SWT.Selection, e -> {
            Progress p = running;
            if (p != null) {
                p.cancel();
            }
        });
        Widgets.label(parent, Messages.get("train.loss"), 2);
        chart = new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED);
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        chart.addPaintListener(e -> paint(e.gc));
        status = Widgets.label(parent, "", 5);
        refreshModels();
    }

    private static Text field(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        return t;
    }

    /** Re-reads the decoders in the workspace's models folder. */
    public void refreshModels() {
        if (workspace == null) {
            return;
        }
        decoders = registry.list(workspace).stream().filter(m -> m.kind().equals(ModelInfo.DECODER)).toList();
        base.setItems(decoders.stream().map(ModelInfo::name).toArray(String[]::new));
        if (!decoders.isEmpty()) {
            base.select(0);
        }
    }

    /** Sets the form, for tests. */
    public void setUp(String model, String dataFile, Path outFolder, int epochCount, String learningRate,
            String modules) {
        refreshModels();
        base.select(Arrays.asList(base.getItems()).indexOf(model));
        data.setText(dataFile);
        out.setText(outFolder.toString());
        epochs.setSelection(epochCount);
        lr.setText(learningRate);
        targets.setText(modules);
    }

    /** Starts training as a Job. */
    public void start() {
        start(false);
    }

    /** Starts training as a Job; with {@code fromCheckpoint} it continues a stopped run. */
    public void start(boolean fromCheckpoint) {
        int index = base.getSelectionIndex();
        if (index < 0 || data.getText().isBlank() || out.getText().isBlank()) {
            status.setText(Messages.get("data.failed", Messages.get("train.base") + " / " + Messages.get("train.data")
                    + " / " + Messages.get("train.out")));
            return;
        }
        Path baseFolder = decoders.get(index).folder();
        Path dataFile;
        try {
            dataFile = workspace == null ? Path.of(data.getText().trim())
                    : new dev.enclave.studio.DatasetStore(workspace).file(data.getText().trim());
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        Path outFolder = Path.of(out.getText().trim());
        LoraTrainer.Settings settings;
        try {
            settings = new LoraTrainer.Settings(rank.getSelection(), 2f * rank.getSelection(), 0.05f,
                    Arrays.stream(targets.getText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    epochs.getSelection(), Float.parseFloat(lr.getText().trim()), 512, 0L, 4, 1);
        } catch (NumberFormatException e) {
            status.setText(Messages.get("data.failed", Messages.get("train.lr") + " " + lr.getText()));
            return;
        }
        losses.clear();
        chart.redraw();
        Progress progress = Progress.silent();
        running = progress;
        start.setEnabled(false);
        resume.setEnabled(false);
        stop.setEnabled(true);
        Job job = Job.create(Messages.get("train.start"), monitor -> {
            try {
                Map<String, Object> r = LoraTrainer.train(baseFolder, dataFile, null, outFolder, settings, progress,
                        loss -> sync.asyncExec(() -> {
                            losses.add(loss);
                            if (!chart.isDisposed()) {
                                chart.redraw();
                                status.setText(Messages.get("train.running", losses.size(),
                                        String.format("%.4f", loss)));
                            }
                        }), fromCheckpoint);
                if (workspace != null && subject != null) {
                    workspace.auditLog().append(subject.name(), "train.sft", outFolder.toString(), AuditEntry.SUCCESS,
                            "base " + baseFolder.getFileName() + ", data sha256 " + r.get("data_sha256"));
                }
                sync.asyncExec(() -> status.setText(Boolean.TRUE.equals(r.get("cancelled"))
                        ? Messages.get("train.cancelled", losses.size(), outFolder)
                        : Messages.get("train.done", String.format("%.4f", r.get("first_loss")),
                                String.format("%.4f", r.get("final_loss")),
                                String.format("%.0f", r.get("tokens_per_s")), outFolder)));
            } catch (RuntimeException | Error e) {
                sync.asyncExec(() -> status.setText(Messages.get("data.failed", String.valueOf(e))));
            } finally {
                running = null;
                sync.asyncExec(() -> {
                    if (!start.isDisposed()) {
                        start.setEnabled(true);
                        resume.setEnabled(true);
                        stop.setEnabled(false);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
    }

    private void paint(GC gc) {
        Rectangle area = chart.getClientArea();
        gc.setForeground(chart.getDisplay().getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
        gc.drawRectangle(area.x + 40, area.y + 10, area.width - 50, area.height - 30);
        if (losses.size() < 2) {
            return;
        }
        double max = losses.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double min = losses.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double span = Math.max(1e-9, max - min);
        int w = area.width - 50;
        int h = area.height - 30;
        gc.setForeground(chart.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
        gc.setLineWidth(2);
        Point prev = null;
        for (int i = 0; i < losses.size(); i++) {
            int x = area.x + 40 + (int) ((long) w * i / (losses.size() - 1));
            int y = area.y + 10 + (int) (h * (max - losses.get(i)) / span);
            if (prev != null) {
                gc.drawLine(prev.x, prev.y, x, y);
            }
            prev = new Point(x, y);
        }
        gc.setForeground(chart.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.drawString(String.format("%.3f", max), area.x + 2, area.y + 4, true);
        gc.drawString(String.format("%.3f", min), area.x + 2, area.y + h - 4, true);
    }

    /** Losses drawn and the status line, for tests. */
    public Object[] shown() {
        return new Object[] { List.copyOf(losses), status.getText() };
    }

    @Focus
    void focus() {
        base.setFocus();
    }

    @PreDestroy
    void dispose() {
        Progress p = running;
        if (p != null) {
            p.cancel();
        }
    }
}
