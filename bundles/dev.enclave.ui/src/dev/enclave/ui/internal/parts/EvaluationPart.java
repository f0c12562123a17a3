package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.internal.ModelEvaluator;
import dev.enclave.studio.DatasetStore;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Evaluation part: score a model version (a workspace model, optionally with a LoRA
 * adapter) on a test set as a Job, list the saved scorecards, and compare two side by side
 * with the lineage of each (base hashes, adapter hash, training data and hyper-parameters).
 */
public final class EvaluationPart {
    private static final List<String> METRICS = List.of("loss", "perplexity", "exact_match", "token_f1", "answered");

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

    private Combo model;
    private Text adapter;
    private Text data;
    private Spinner limit;
    private Button score;
    private Table cards;
    private StyledText details;
    private Label status;
    private List<ModelInfo> decoders = List.of();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(4, false));
        new Label(parent, SWT.NONE).setText(Messages.get("eval.model"));
        model = new Combo(parent, SWT.READ_ONLY);
        model.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        new Label(parent, SWT.NONE).setText(Messages.get("eval.adapter"));
        adapter = new Text(parent, SWT.BORDER);
        adapter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        adapter.setMessage(Messages.get("eval.adapterHint"));
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.get("data.open"));
        browse.addListener(SWT.Selection, e -> {
            String chosen = new DirectoryDialog(parent.getShell()).open();
            if (chosen != null) {
                adapter.setText(chosen);
            }
        });
        new Label(parent, SWT.NONE).setText(Messages.get("eval.data"));
        data = new Text(parent, SWT.BORDER);
        data.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        data.setMessage(Messages.get("eval.dataHint"));
        new Label(parent, SWT.NONE).setText(Messages.get("eval.limit"));
        limit = new Spinner(parent, SWT.BORDER);
        limit.setValues(50, 0, 100000, 0, 1, 10);
        score = new Button(parent, SWT.PUSH);
        score.setText(Messages.get("eval.score"));
        score.addListener(SWT.Selection, e -> score());
        new Label(parent, SWT.NONE);
        Widgets.label(parent, Messages.get("eval.cards"), 4);
        cards = Widgets.table(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER, Messages.get("eval.colVersion"),
                Messages.get("eval.colModel"), Messages.get("eval.colData"), "loss", "perplexity", "exact match",
                "token F1", Messages.get("eval.colAnswered"), Messages.get("data.colCreated"));
        GridData cd = new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1);
        cd.heightHint = 140;
        cards.setLayoutData(cd);
        cards.addListener(SWT.Selection, e -> showSelected());
        details = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        details.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        details.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        status = Widgets.label(parent, "", 4);
        refresh();
    }

    /** Re-reads the workspace's decoder models and saved scorecards. */
    public void refresh() {
        if (workspace == null) {
            return;
        }
        decoders = registry.list(workspace).stream().filter(m -> m.kind().equals(ModelInfo.DECODER)).toList();
        model.setItems(decoders.stream().map(ModelInfo::name).toArray(String[]::new));
        if (!decoders.isEmpty() && model.getSelectionIndex() < 0) {
            model.select(0);
        }
        cards.removeAll();
        try {
            for (Map<String, Object> c : ModelEvaluator.list(workspace)) {
                Widgets.row(cards, c, String.valueOf(c.get("model_version")), String.valueOf(c.get("model")),
                        Path.of(String.valueOf(c.get("data"))).getFileName().toString(), ModelEvaluator.format(c.get("loss")),
                        ModelEvaluator.format(c.get("perplexity")), ModelEvaluator.format(c.get("exact_match")), ModelEvaluator.format(c.get("token_f1")),
                        ModelEvaluator.format(c.get("answered")), String.valueOf(c.get("created")));
            }
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
        }
        Widgets.pack(cards);
    }

    /** Sets the form, for tests. */
    public void setUp(String modelName, Path adapterFolder, String testData, int maxRecords) {
        refresh();
        model.select(java.util.Arrays.asList(model.getItems()).indexOf(modelName));
        adapter.setText(adapterFolder == null ? "" : adapterFolder.toString());
        data.setText(testData);
        limit.setSelection(maxRecords);
    }

    /** Scores the chosen version as a Job; the scorecard is saved and listed when done. */
    public void score() {
        int index = model.getSelectionIndex();
        if (index < 0 || data.getText().isBlank() || workspace == null) {
            status.setText(Messages.get("eval.missing"));
            return;
        }
        Path base = decoders.get(index).folder();
        Path adapterFolder = adapter.getText().isBlank() ? null : Path.of(adapter.getText().trim());
        Path dataFile;
        try {
            dataFile = new DatasetStore(workspace).file(data.getText().trim());
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
            return;
        }
        int max = limit.getSelection();
        score.setEnabled(false);
        status.setText(Messages.get("eval.running", base.getFileName()));
        Job job = Job.create(Messages.get("eval.score"), monitor -> {
            try {
                Map<String, Object> card = ModelEvaluator.evaluate(base, adapterFolder, dataFile, 512, 64, max,
                        Progress.silent());
                Path file = ModelEvaluator.save(workspace, card);
                if (subject != null) {
                    workspace.auditLog().append(subject.name(), "eval.model", String.valueOf(card.get("model")),
                            AuditEntry.SUCCESS, "model version " + card.get("model_version") + ", data sha256 "
                                    + card.get("data_sha256"));
                }
                sync.asyncExec(() -> {
                    if (!cards.isDisposed()) {
                        refresh();
                        status.setText(Messages.get("eval.done", card.get("model_version"), ModelEvaluator.format(card.get("loss")),
                                ModelEvaluator.format(card.get("token_f1")), file));
                    }
                });
            } catch (RuntimeException | Error e) {
                sync.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        status.setText(Messages.get("data.failed", e.getMessage()));
                    }
                });
            } finally {
                sync.asyncExec(() -> {
                    if (!score.isDisposed()) {
                        score.setEnabled(true);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
    }

    /** One selected scorecard in full, or two side by side with their differences. */
    @SuppressWarnings("unchecked")
    private void showSelected() {
        TableItem[] selected = cards.getSelection();
        if (selected.length == 0) {
            details.setText("");
            return;
        }
        Map<String, Object> a = (Map<String, Object>) selected[0].getData();
        StringBuilder sb = new StringBuilder();
        if (selected.length == 1) {
            sb.append(FileIO.GSON.toJson(a));
        } else {
            Map<String, Object> b = (Map<String, Object>) selected[1].getData();
            sb.append(String.format("%-14s %-24s %-24s %s%n", "", a.get("model_version"), b.get("model_version"),
                    Messages.get("eval.delta")));
            sb.append(String.format("%-14s %-24s %-24s%n", "model", a.get("model"), b.get("model")));
            for (String m : METRICS) {
                Object va = a.get(m);
                Object vb = b.get(m);
                String delta = va instanceof Number x && vb instanceof Number y
                        ? String.format("%+.4f", y.doubleValue() - x.doubleValue())
                        : "";
                sb.append(String.format("%-14s %-24s %-24s %s%n", m, ModelEvaluator.format(va), ModelEvaluator.format(vb), delta));
            }
            sb.append('\n').append(Messages.get("eval.lineage")).append('\n');
            sb.append(a.get("model_version")).append(": ").append(FileIO.GSON.toJson(a.get("lineage"))).append('\n');
            sb.append(b.get("model_version")).append(": ").append(FileIO.GSON.toJson(b.get("lineage"))).append('\n');
        }
        details.setText(sb.toString());
    }


    /** Selects the first {@code n} scorecards (newest first), for tests. */
    public void select(int n) {
        cards.setSelection(0, n - 1);
        showSelected();
    }

    /** Number of scorecards listed, the details text and the status line, for tests. */
    public Object[] shown() {
        return new Object[] { cards.getItemCount(), details.getText(), status.getText() };
    }

    @Focus
    void focus() {
        model.setFocus();
    }
}
