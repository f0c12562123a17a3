package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.LoraSettings;
import dev.enclave.runtime.PreferenceRequest;
import dev.enclave.runtime.SftRequest;
import dev.enclave.runtime.Trainer;
import dev.enclave.runtime.TrainingResult;
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
    Trainer trainer;

    @Inject
    UISynchronize sync;

    private Combo method;
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
    private LossChart chart;
    private Label status;
    private volatile Progress running;
    private List<ModelInfo> decoders = List.of();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(5, false));
        new Label(parent, SWT.NONE).setText(Messages.get("train.method"));
        method = new Combo(parent, SWT.READ_ONLY);
        method.setItems(Messages.get("train.sft"), Messages.get("train.dpo"));
        method.select(0);
        method.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
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
        start.addListener(SWT.Selection, e -> start(false));
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
        chart = new LossChart(parent);
        chart.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
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

    /** Starts training as a Job; with {@code fromCheckpoint} it continues a stopped run. */
    private void start(boolean fromCheckpoint) {
        int index = base.getSelectionIndex();
        if (index < 0 || data.getText().isBlank() || out.getText().isBlank() || workspace == null || subject == null) {
            status.setText(Messages.get("data.failed", Messages.get("train.base") + " / " + Messages.get("train.data")
                    + " / " + Messages.get("train.out")));
            return;
        }
        Path baseFolder = decoders.get(index).folder();
        Path dataFile;
        try {
            dataFile = new dev.enclave.studio.DatasetStore(workspace).file(data.getText().trim());
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        Path outFolder = Path.of(out.getText().trim());
        LoraSettings settings;
        try {
            settings = LoraSettings.of(rank.getSelection(),
                    Arrays.stream(targets.getText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    epochs.getSelection(), Float.parseFloat(lr.getText().trim()));
        } catch (NumberFormatException e) {
            status.setText(Messages.get("data.failed", Messages.get("train.lr") + " " + lr.getText()));
            return;
        }
        boolean dpo = method.getSelectionIndex() == 1;
        chart.clear();
        Progress progress = Progress.silent();
        running = progress;
        setRunning(true);
        SftRequest request = new SftRequest(baseFolder, dataFile, null, outFolder, settings, fromCheckpoint);
        PreferenceRequest preferences = new PreferenceRequest(PreferenceRequest.DPO, baseFolder, dataFile, outFolder,
                settings, 0.1, fromCheckpoint);
        Job job = Job.create(Messages.get("train.start"), monitor -> {
            try {
                java.util.function.DoubleConsumer onLoss = loss -> sync.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        chart.add(loss);
                        status.setText(Messages.get("train.running", chart.losses().size(),
                                String.format("%.4f", loss)));
                    }
                });
                TrainingResult r = dpo ? trainer.align(workspace, subject, preferences, progress, onLoss)
                        : trainer.sft(workspace, subject, request, progress, onLoss);
                sync.asyncExec(() -> show(r.cancelled() ? Messages.get("train.cancelled", chart.losses().size(), outFolder)
                        : Messages.get("train.done", String.format("%.4f", r.firstLoss()),
                                String.format("%.4f", r.finalLoss()), String.format("%.0f", r.tokensPerSecond()),
                                outFolder)));
            } catch (RuntimeException | Error e) {
                sync.asyncExec(() -> show(Messages.get("data.failed", String.valueOf(e.getMessage()))));
            } finally {
                running = null;
                sync.asyncExec(() -> setRunning(false));
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
    }

    private void setRunning(boolean on) {
        if (!start.isDisposed()) {
            start.setEnabled(!on);
            resume.setEnabled(!on);
            stop.setEnabled(on);
        }
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
        }
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
