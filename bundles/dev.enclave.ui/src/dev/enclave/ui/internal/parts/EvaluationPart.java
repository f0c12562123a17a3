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
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.EvaluationRequest;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.ModelVersions;
import dev.enclave.runtime.Scorecard;
import dev.enclave.studio.DatasetStore;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Evaluation part: score a model version (a workspace model, optionally with a LoRA
 * adapter) on a test set as a Job, list the saved scorecards, and compare two side by side
 * with the lineage of each (base hashes, adapter hash, training data and hyper-parameters).
 */
public final class EvaluationPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelEvaluation evaluation;

    @Inject
    ModelVersions versions;

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
            Path chosen = FileChoosers.folder(parent.getShell(), "eval.adapter", null);
            if (chosen != null) {
                adapter.setText(chosen.toString());
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
            for (Scorecard c : evaluation.scorecards(workspace)) {
                Widgets.row(cards, c, c.modelVersion(), c.model(), c.data().getFileName().toString(),
                        Scorecard.format(c.loss()), Scorecard.format(c.perplexity()), Scorecard.format(c.exactMatch()),
                        Scorecard.format(c.tokenF1()), Scorecard.format(c.answered()), c.created());
            }
        } catch (RuntimeException e) {
            status.setText(Messages.get("data.failed", e.getMessage()));
        }
        Widgets.pack(cards);
    }

    /** Scores the chosen version as a Job; the scorecard is saved and listed when done. */
    private void score() {
        int index = model.getSelectionIndex();
        if (index < 0 || data.getText().isBlank() || workspace == null || subject == null) {
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
                Scorecard card = evaluation.evaluate(workspace, subject,
                        EvaluationRequest.of(base, adapterFolder, dataFile, max), Progress.silent());
                sync.asyncExec(() -> {
                    if (!cards.isDisposed()) {
                        refresh();
                        status.setText(Messages.get("eval.done", card.modelVersion(), Scorecard.format(card.loss()),
                                Scorecard.format(card.tokenF1()), card.file()));
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
    private void showSelected() {
        TableItem[] selected = cards.getSelection();
        if (selected.length == 0) {
            details.setText("");
            return;
        }
        Scorecard a = (Scorecard) selected[0].getData();
        StringBuilder sb = new StringBuilder();
        if (selected.length == 1) {
            sb.append(FileIO.GSON.toJson(a.fields()));
        } else {
            Scorecard b = (Scorecard) selected[1].getData();
            Map<String, Double> deltas = versions.compare(a, b);
            sb.append(String.format("%-14s %-24s %-24s %s%n", "", a.modelVersion(), b.modelVersion(),
                    Messages.get("eval.delta")));
            sb.append(String.format("%-14s %-24s %-24s%n", "model", a.model(), b.model()));
            for (String m : Scorecard.METRICS) {
                Double delta = deltas.get(m);
                sb.append(String.format("%-14s %-24s %-24s %s%n", m, Scorecard.format(a.fields().get(m)),
                        Scorecard.format(b.fields().get(m)), delta == null ? "" : String.format("%+.4f", delta)));
            }
            sb.append('\n').append(Messages.get("eval.lineage")).append('\n');
            sb.append(a.modelVersion()).append(": ").append(FileIO.GSON.toJson(a.fields().get("lineage"))).append('\n');
            sb.append(b.modelVersion()).append(": ").append(FileIO.GSON.toJson(b.fields().get("lineage"))).append('\n');
        }
        details.setText(sb.toString());
    }

    @Focus
    void focus() {
        model.setFocus();
    }
}
