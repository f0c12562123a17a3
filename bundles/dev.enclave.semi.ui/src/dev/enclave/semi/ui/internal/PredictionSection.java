package dev.enclave.semi.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.YieldData;
import dev.enclave.semi.YieldModels;
import dev.enclave.ui.FileChoosers;

/**
 * The Yield part's prediction group: open a runs CSV, choose the outcome and the parameters,
 * fit with cross-validation in a background job (the {@link YieldModels} service saves the
 * model in the workspace and audits the fit), then get suggested settings within the bounds
 * entered.
 */
final class PredictionSection {
    private final YieldModels models;
    private final JobRunner jobs;
    private final Label runsFile;
    private final Combo target;
    private final Combo objective;
    private final Spinner folds;
    private final Button fit;
    private final ProgressBar progress;
    private final ParamsTable params;
    private final Table scores;
    private final Button suggest;
    private final Label status;
    private final Table suggestions;
    private Path runs;
    private YieldModels.Fit lastFit;

    PredictionSection(Composite parent, YieldModels models, JobRunner jobs, FitTarget onFit) {
        this.models = models;
        this.jobs = jobs;
        Group predict = new Group(parent, SWT.NONE);
        predict.setText(Messages.get("yield.prediction"));
        predict.setLayout(new GridLayout(1, false));
        predict.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite runsRow = YieldPart.row(predict, 10);
        Button open = new Button(runsRow, SWT.PUSH);
        open.setText(Messages.get("yield.openRuns"));
        open.addListener(SWT.Selection, e -> {
            Path file = FileChoosers.openOne(parent.getShell(), "yield.runs", "*.csv", "*.*");
            if (file != null) {
                openRuns(file);
            }
        });
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.outcome"));
        target = new Combo(runsRow, SWT.READ_ONLY);
        target.addListener(SWT.Selection, e -> chooseTarget(target.getText()));
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.objective"));
        objective = Ids.name(new Combo(runsRow, SWT.READ_ONLY), Ids.YIELD_OBJECTIVE);
        objective.setItems(Messages.get("yield.minimise"), Messages.get("yield.maximise"));
        objective.select(0);
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.folds"));
        folds = new Spinner(runsRow, SWT.BORDER);
        folds.setValues(10, 2, 20, 0, 1, 5);
        fit = new Button(runsRow, SWT.PUSH);
        fit.setText(Messages.get("yield.fit"));
        fit.setEnabled(false);
        fit.addListener(SWT.Selection, e -> onFit.fit());
        progress = new ProgressBar(runsRow, SWT.HORIZONTAL | SWT.INDETERMINATE);
        GridData fp = new GridData();
        fp.widthHint = 80;
        progress.setLayoutData(fp);
        progress.setVisible(false);

        // On a line of its own and wrapped: beside the controls, the long message was cut off.
        runsFile = new Label(predict, SWT.WRAP);
        runsFile.setText(Messages.get("yield.noRuns"));
        GridData rf = new GridData(SWT.FILL, SWT.CENTER, true, false);
        rf.widthHint = 300;
        runsFile.setLayoutData(rf);
        Label paramHint = new Label(predict, SWT.WRAP);
        paramHint.setText(Messages.get("yield.paramsHint"));
        paramHint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        params = new ParamsTable(predict);
        scores = Ids.name(YieldPart.table(predict, SWT.NONE, 115, Messages.get("yield.colModel"),
                Messages.get("yield.colCoefficients"), Messages.get("yield.colDeviance"), Messages.get("yield.colRmse"),
                Messages.get("yield.colMae"), Messages.get("yield.colChosen")), Ids.YIELD_SCORES);
        Composite suggestRow = YieldPart.row(predict, 2);
        suggest = Ids.name(new Button(suggestRow, SWT.PUSH), Ids.YIELD_SUGGEST);
        suggest.setText(Messages.get("yield.suggest"));
        suggest.setEnabled(false);
        suggest.addListener(SWT.Selection, e -> suggest());
        status = Ids.name(new Label(suggestRow, SWT.WRAP), Ids.YIELD_FIT_STATUS);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        suggestions = Ids.name(YieldPart.table(predict, SWT.NONE, 110, Messages.get("yield.colPredicted")),
                Ids.YIELD_SUGGESTIONS);
    }

    /** Where the Fit button sends its click (the part, which knows the workspace). */
    interface FitTarget {
        void fit();
    }

    /** Opens a runs CSV: its columns become the outcome choices; the last column is chosen. */
    void openRuns(Path file) {
        try {
            List<String> columns = YieldData.header(file);
            runs = file;
            runsFile.setText(file.getFileName().toString());
            target.setItems(columns.toArray(String[]::new));
            target.select(columns.size() - 1);
            chooseTarget(target.getText());
        } catch (EnclaveException e) {
            showStatus(e.getMessage());
        }
    }

    /** Chooses the outcome column: every other column becomes a parameter with its range in the data. */
    private void chooseTarget(String column) {
        params.clear();
        lastFit = null;
        scores.removeAll();
        suggestions.removeAll();
        suggest.setEnabled(false);
        try {
            YieldData data = YieldData.readCsv(runs, column, Set.of(), Set.of());
            params.set(data);
            objective.select(data.countOutcome() ? 0 : 1);
            fit.setEnabled(true);
            showStatus(Messages.get("yield.runsRead", data.outcome().length, column,
                    data.countOutcome() ? Messages.get("yield.count") : Messages.get("yield.continuous")));
        } catch (EnclaveException e) {
            fit.setEnabled(false);
            showStatus(e.getMessage());
        }
    }

    /**
     * Fits the candidate models with cross-validation in a background job; the scores table
     * then lists every candidate's cross-validated error.
     *
     * @return the job, or {@code null} when nothing was started
     */
    Job fit(Workspace ws, Subject who) {
        if (runs == null || jobs.busy() || target.getText().isEmpty()) {
            return null;
        }
        Set<String> factors = new HashSet<>();
        Set<String> ignore = new HashSet<>();
        params.choices(factors, ignore);
        if (ignore.size() == params.size()) {
            showStatus(Messages.get("yield.noParameters"));
            return null;
        }
        Path file = runs;
        String column = target.getText();
        int k = folds.getSelection();
        fit.setEnabled(false);
        suggest.setEnabled(false);
        progress.setVisible(true);
        showStatus(Messages.get("yield.fitting", k));
        return jobs.run(Messages.get("yield.fitting", k), monitor -> {
            try {
                YieldModels.Saved saved = models.fit(ws, who, file, column, factors, ignore, k, 1, null);
                return () -> showFit(saved.fit());
            } catch (RuntimeException e) {
                return () -> fitFailed(Messages.get("yield.failed", e.getMessage()));
            }
        }, this::fitFailed);
    }

    private void fitFailed(String text) {
        progress.setVisible(false);
        fit.setEnabled(runs != null);
        showStatus(text);
    }

    private void showFit(YieldModels.Fit result) {
        progress.setVisible(false);
        fit.setEnabled(true);
        lastFit = result;
        scores.removeAll();
        scores.getColumn(2).setText(result.family().equals("poisson") ? Messages.get("yield.colDeviance")
                : Messages.get("yield.colMse"));
        YieldModels.Score chosen = null;
        for (YieldModels.Score s : result.scores()) {
            TableItem item = new TableItem(scores, SWT.NONE);
            boolean isChosen = s.model().equals(result.chosen());
            if (isChosen) {
                chosen = s;
            }
            item.setText(new String[] { s.model(), Integer.toString(s.coefficients()), String.format("%.4f", s.deviance()),
                    String.format("%.4f", s.rmse()), String.format("%.4f", s.mae()), isChosen ? "✓" : "" });
        }
        for (TableColumn c : scores.getColumns()) {
            c.pack();
        }
        suggest.setEnabled(true);
        showStatus(Messages.get("yield.fitted", result.runs(), result.folds(), result.family(), result.chosen(),
                String.format("%.4f", chosen == null ? Double.NaN : chosen.rmse()),
                String.format("%.4f", result.scores().get(0).rmse())));
    }

    /**
     * Suggests the five best settings within the bounds entered, for the objective chosen;
     * invalid bounds are reported in the status line, naming the parameter.
     */
    private void suggest() {
        if (lastFit == null) {
            return;
        }
        boolean maximize = objective.getSelectionIndex() == 1;
        List<YieldModels.Suggestion> found;
        try {
            found = models.suggest(lastFit.modelJson(), params.bounds(), maximize, 5);
        } catch (EnclaveException e) {
            showStatus(e.getMessage());
            return;
        }
        suggestions.setRedraw(false);
        suggestions.removeAll();
        for (TableColumn c : suggestions.getColumns()) {
            c.dispose();
        }
        List<String> names = found.isEmpty() ? List.of() : new ArrayList<>(found.get(0).settings().keySet());
        new TableColumn(suggestions, SWT.LEFT).setText(Messages.get("yield.colPredicted"));
        for (String n : names) {
            new TableColumn(suggestions, SWT.LEFT).setText(n);
        }
        for (YieldModels.Suggestion s : found) {
            TableItem item = new TableItem(suggestions, SWT.NONE);
            item.setText(0, String.format("%.4f", s.predicted()));
            for (int i = 0; i < names.size(); i++) {
                item.setText(i + 1, s.settings().get(names.get(i)));
            }
        }
        for (TableColumn c : suggestions.getColumns()) {
            c.pack();
            c.setWidth(Math.max(c.getWidth(), 90));
        }
        suggestions.setRedraw(true);
        showStatus(Messages.get("yield.suggested", found.size(),
                maximize ? Messages.get("yield.maximise") : Messages.get("yield.minimise")));
    }

    private void showStatus(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }
}
