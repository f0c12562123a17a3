package dev.enclave.semi.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.YieldData;
import dev.enclave.semi.YieldModels;
import dev.enclave.semi.internal.SemiWorkspace;
import dev.enclave.semi.internal.YieldReport;
import dev.enclave.ui.Tables;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Yield part: die yield of the stored wafer maps by lot, over time and by pattern as
 * charts (the numbers of {@code wafer yield}); lot and weekly reports exported as DOCX or PDF
 * in a background job; and yield / defect prediction from process parameters: open a runs
 * CSV, choose the outcome and the parameters, fit with cross-validation in a background job,
 * then get suggested settings within the bounds entered (the {@link YieldModels} service).
 */
public final class YieldPart {
    @Inject
    WaferLibrary library;

    @Inject
    WaferReports reports;

    @Inject
    YieldModels models;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    /** A parameter of the runs file: whether it is used, its kind, its range in the data and the bounds. */
    public static final class Param {
        final String name;
        final boolean numericInData;
        boolean used = true;
        boolean factor;
        final String inData;
        String bounds = "";

        Param(String name, boolean numericInData, String inData) {
            this.name = name;
            this.numericInData = numericInData;
            this.factor = !numericInData;
            this.inData = inData;
        }
    }

    private Label summary;
    private YieldChart byLot;
    private YieldChart overTime;
    private YieldChart byPattern;
    private Combo scope;
    private Combo format;
    private Text notes;
    private Button export;
    private ProgressBar reportProgress;
    private Label reportStatus;
    private Label runsFile;
    private Combo target;
    private Combo objective;
    private Spinner folds;
    private Button fit;
    private Table params;
    private Table scores;
    private Button suggest;
    private Table suggestions;
    private ProgressBar fitProgress;
    private Label fitStatus;
    private Composite content;
    private ScrolledComposite scroller;

    private Path runs;
    /** Per report scope: {lot, null} or {null, week}. */
    private final List<String[]> scopeKeys = new ArrayList<>();
    private final List<Param> paramList = new ArrayList<>();
    private YieldModels.Fit lastFit;
    private List<YieldModels.Suggestion> lastSuggestions = List.of();
    private Job running;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new org.eclipse.swt.layout.FillLayout());
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        content = new Composite(scroller, SWT.NONE);
        content.setLayout(new GridLayout(1, false));
        scroller.setContent(content);
        scroller.addListener(SWT.Resize, e -> relayout());

        Composite top = row(content, 2);
        summary = new Label(top, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button refresh = new Button(top, SWT.PUSH);
        refresh.setText(Messages.get("yield.refresh"));
        refresh.addListener(SWT.Selection, e -> refresh());

        Composite charts = new Composite(content, SWT.NONE);
        charts.setLayout(new GridLayout(3, true));
        GridData cd = new GridData(SWT.FILL, SWT.FILL, true, false);
        cd.heightHint = 230;
        charts.setLayoutData(cd);
        byLot = new YieldChart(charts, Messages.get("yield.byLot"));
        overTime = new YieldChart(charts, Messages.get("yield.overTime"));
        byPattern = new YieldChart(charts, Messages.get("yield.byPattern"));
        for (YieldChart c : List.of(byLot, overTime, byPattern)) {
            c.canvas().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        }

        Composite report = row(content, 8);
        new Label(report, SWT.NONE).setText(Messages.get("yield.report"));
        scope = new Combo(report, SWT.READ_ONLY);
        GridData sd = new GridData();
        sd.widthHint = 170;
        scope.setLayoutData(sd);
        new Label(report, SWT.NONE).setText(Messages.get("yield.format"));
        format = new Combo(report, SWT.READ_ONLY);
        format.setItems("DOCX", "PDF");
        format.select(0);
        notes = new Text(report, SWT.BORDER);
        notes.setMessage(Messages.get("yield.notesHint"));
        notes.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        export = new Button(report, SWT.PUSH);
        export.setText(Messages.get("yield.export"));
        export.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), SWT.SAVE);
            String ext = format.getText().toLowerCase(java.util.Locale.ROOT);
            d.setFilterExtensions(new String[] { "*." + ext });
            d.setFileName(scope.getText().replaceAll("[^A-Za-z0-9_-]+", "_") + "." + ext);
            d.setOverwrite(true);
            String file = d.open();
            if (file != null) {
                exportReport(Path.of(file));
            }
        });
        reportProgress = new ProgressBar(report, SWT.HORIZONTAL | SWT.INDETERMINATE);
        GridData rp = new GridData();
        rp.widthHint = 80;
        reportProgress.setLayoutData(rp);
        reportProgress.setVisible(false);
        reportStatus = new Label(report, SWT.WRAP);
        reportStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 8, 1));

        Group predict = new Group(content, SWT.NONE);
        predict.setText(Messages.get("yield.prediction"));
        predict.setLayout(new GridLayout(1, false));
        predict.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Composite runsRow = row(predict, 10);
        Button open = new Button(runsRow, SWT.PUSH);
        open.setText(Messages.get("yield.openRuns"));
        open.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), SWT.OPEN);
            d.setFilterExtensions(new String[] { "*.csv", "*.*" });
            String file = d.open();
            if (file != null) {
                openRuns(Path.of(file));
            }
        });
        runsFile = new Label(runsRow, SWT.NONE);
        runsFile.setText(Messages.get("yield.noRuns"));
        runsFile.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.outcome"));
        target = new Combo(runsRow, SWT.READ_ONLY);
        target.addListener(SWT.Selection, e -> chooseTarget(target.getText()));
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.objective"));
        objective = new Combo(runsRow, SWT.READ_ONLY);
        objective.setItems(Messages.get("yield.minimise"), Messages.get("yield.maximise"));
        objective.select(0);
        new Label(runsRow, SWT.NONE).setText(Messages.get("yield.folds"));
        folds = new Spinner(runsRow, SWT.BORDER);
        folds.setValues(10, 2, 20, 0, 1, 5);
        fit = new Button(runsRow, SWT.PUSH);
        fit.setText(Messages.get("yield.fit"));
        fit.setEnabled(false);
        fit.addListener(SWT.Selection, e -> fit());
        fitProgress = new ProgressBar(runsRow, SWT.HORIZONTAL | SWT.INDETERMINATE);
        GridData fp = new GridData();
        fp.widthHint = 80;
        fitProgress.setLayoutData(fp);
        fitProgress.setVisible(false);

        Label paramHint = new Label(predict, SWT.WRAP);
        paramHint.setText(Messages.get("yield.paramsHint"));
        paramHint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        params = table(predict, SWT.CHECK, 110, Messages.get("yield.colParameter"), Messages.get("yield.colKind"),
                Messages.get("yield.colInData"), Messages.get("yield.colBounds"));
        params.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                paramList.get(params.indexOf(item)).used = item.getChecked();
            }
        });
        TableEditor editor = new TableEditor(params);
        editor.horizontalAlignment = SWT.LEFT;
        editor.grabHorizontal = true;
        params.addListener(SWT.MouseDown, e -> editCell(editor, new Point(e.x, e.y)));

        scores = table(predict, SWT.NONE, 115, Messages.get("yield.colModel"), Messages.get("yield.colCoefficients"),
                Messages.get("yield.colDeviance"), Messages.get("yield.colRmse"), Messages.get("yield.colMae"),
                Messages.get("yield.colChosen"));
        Composite suggestRow = row(predict, 2);
        suggest = new Button(suggestRow, SWT.PUSH);
        suggest.setText(Messages.get("yield.suggest"));
        suggest.setEnabled(false);
        suggest.addListener(SWT.Selection, e -> suggest());
        fitStatus = new Label(suggestRow, SWT.WRAP);
        fitStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        suggestions = table(predict, SWT.NONE, 110, Messages.get("yield.colPredicted"));
        refresh();
    }

    private static Composite row(Composite parent, int columns) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        c.setLayout(l);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return c;
    }

    private static Table table(Composite parent, int style, int height, String... columns) {
        Table t = Tables.create(parent, style, columns);
        GridData d = new GridData(SWT.FILL, SWT.FILL, true, false);
        d.heightHint = height;
        t.setLayoutData(d);
        return t;
    }

    private void relayout() {
        content.layout(true, true);
        int width = scroller.getClientArea().width;
        scroller.setMinSize(content.computeSize(Math.max(560, width), SWT.DEFAULT));
    }

    /** Re-reads the stored maps: summary, charts and the report scopes (lots and ISO weeks). */
    public void refresh() {
        if (workspace == null) {
            summary.setText(Messages.get("maps.noWorkspace"));
            return;
        }
        List<WaferLibrary.StoredMap> rows = library.list(SemiWorkspace.mapsIndex(workspace), null);
        Map<String, Object> report = YieldReport.of(rows);
        summary.setText(rows.isEmpty() ? Messages.get("yield.empty")
                : Messages.get("yield.summary", rows.size(), report.get("dies"),
                        String.format("%.2f", 100 * (double) report.get("yield"))));
        byLot.set(YieldChart.Kind.BARS, column(report, "lots", "lot"), values(report, "lots", "yield"));
        overTime.set(YieldChart.Kind.LINE, column(report, "by_day", "day"), values(report, "by_day", "yield"));
        byPattern.set(YieldChart.Kind.BARS, column(report, "by_pattern", "pattern"),
                values(report, "by_pattern", "mean_yield"));
        String chosen = scope.getText();
        scope.removeAll();
        TreeSet<String> weeks = new TreeSet<>();
        TreeSet<String> lots = new TreeSet<>();
        for (WaferLibrary.StoredMap s : rows) {
            if (s.map().lot() != null) {
                lots.add(s.map().lot());
            }
            if (s.map().time() != null) {
                ZonedDateTime t = s.map().time().atZone(ZoneOffset.UTC);
                weeks.add(String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                        t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            }
        }
        scopeKeys.clear();
        for (String l : lots) {
            scope.add(Messages.get("yield.scopeLot", l));
            scopeKeys.add(new String[] { l, null });
        }
        for (String w : weeks.descendingSet()) {
            scope.add(Messages.get("yield.scopeWeek", w));
            scopeKeys.add(new String[] { null, w });
        }
        int i = scope.indexOf(chosen);
        scope.select(Math.max(0, i));
        export.setEnabled(scope.getItemCount() > 0 && running == null);
        relayout();
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(Map<String, Object> report, String list, String key) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) report.get(list)) {
            Object v = m.get(key);
            out.add(v == null ? Messages.get("yield.noLot") : v.toString());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double[] values(Map<String, Object> report, String list, String key) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get(list);
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) rows.get(i).get(key)).doubleValue();
        }
        return v;
    }

    /** The report scopes offered, for tests ("Lot X" / "Week YYYY-Www" in the UI's language). */
    public List<String> scopes() {
        return List.of(scope.getItems());
    }

    /** Chooses the report scope, the format ({@code DOCX} or {@code PDF}) and the notes. */
    public void setReport(int scopeIndex, String formatName, String noteText) {
        scope.select(scopeIndex);
        format.setText(formatName);
        notes.setText(noteText);
    }

    /**
     * Writes the chosen lot or weekly report to {@code out} in a background job with progress;
     * the status line names the file written or the error.
     *
     * @return the job, or {@code null} when nothing was started
     */
    public Job exportReport(Path out) {
        if (workspace == null || running != null || scope.getSelectionIndex() < 0) {
            return null;
        }
        String chosen = scope.getText();
        String[] key = scopeKeys.get(scope.getSelectionIndex());
        WaferReports.Format f = WaferReports.Format.parse(format.getText());
        List<String> noteList = notes.getText().isBlank() ? List.of() : List.of(notes.getText().strip());
        Workspace ws = workspace;
        String who = subject == null ? "unknown" : subject.name();
        reportProgress.setVisible(true);
        export.setEnabled(false);
        reportStatus.setText(Messages.get("yield.exporting", chosen));
        return run(Messages.get("yield.exporting", chosen), monitor -> {
            String result;
            try {
                WaferReports.Summary s = reports.write(library.list(SemiWorkspace.mapsIndex(ws), null),
                        key[0], key[1], noteList, f, out);
                ws.auditLog().append(who, "wafer.report", out.toString(), AuditEntry.SUCCESS, s.title());
                result = Messages.get("yield.exported", s.out(), s.wafers(), String.format("%.2f", 100 * s.yield()),
                        s.findings());
            } catch (RuntimeException e) {
                result = Messages.get("yield.failed", e.getMessage());
            }
            String r = result;
            return () -> {
                reportProgress.setVisible(false);
                export.setEnabled(true);
                reportStatus.setText(r);
            };
        });
    }

    /** Runs work in a job; the runnable it returns is run on the UI thread after it. */
    private Job run(String name, java.util.function.Function<IProgressMonitor, Runnable> work) {
        Display display = content.getDisplay();
        Job job = Job.create(name, monitor -> {
            Runnable after;
            IStatus status = Status.OK_STATUS;
            try {
                after = work.apply(monitor);
            } catch (RuntimeException | LinkageError e) {
                String text = Messages.get("yield.failed", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
                status = Status.error(text, e);
                after = () -> {
                    reportProgress.setVisible(false);
                    fitProgress.setVisible(false);
                    export.setEnabled(true);
                    fit.setEnabled(runs != null);
                    reportStatus.setText(text);
                    showFitStatus(text);
                };
            }
            Runnable a = after;
            display.asyncExec(() -> {
                running = null;
                if (!content.isDisposed()) {
                    a.run();
                    relayout();
                }
            });
            return status;
        });
        job.setUser(true);
        running = job;
        job.schedule();
        return job;
    }

    /** Whether a report export or a fit is running. */
    public boolean busy() {
        return running != null;
    }

    /** Opens a runs CSV: its columns become the outcome choices; the last column is chosen. */
    public void openRuns(Path file) {
        try {
            List<String> columns = YieldData.header(file);
            runs = file;
            runsFile.setText(file.getFileName().toString());
            target.setItems(columns.toArray(String[]::new));
            target.select(columns.size() - 1);
            chooseTarget(target.getText());
        } catch (EnclaveException e) {
            showFitStatus(e.getMessage());
        }
    }

    /** Chooses the outcome column: every other column becomes a parameter with its range in the data. */
    public void chooseTarget(String column) {
        target.setText(column);
        paramList.clear();
        params.removeAll();
        lastFit = null;
        scores.removeAll();
        suggestions.removeAll();
        suggest.setEnabled(false);
        try {
            YieldData data = YieldData.readCsv(runs, column, Set.of(), Set.of());
            for (int j = 0; j < data.parameters().size(); j++) {
                paramList.add(new Param(data.parameters().get(j), !data.factor()[j], range(data, j)));
            }
            objective.select(data.countOutcome() ? 0 : 1);
            for (Param p : paramList) {
                TableItem item = new TableItem(params, SWT.NONE);
                item.setChecked(true);
                show(item, p);
            }
            for (TableColumn c : params.getColumns()) {
                c.pack();
                c.setWidth(Math.max(c.getWidth(), 110));
            }
            fit.setEnabled(true);
            showFitStatus(Messages.get("yield.runsRead", data.outcome().length, column,
                    data.countOutcome() ? Messages.get("yield.count") : Messages.get("yield.continuous")));
        } catch (EnclaveException e) {
            fit.setEnabled(false);
            showFitStatus(e.getMessage());
        }
        relayout();
    }

    private static String range(YieldData data, int j) {
        if (data.factor()[j]) {
            TreeSet<String> levels = new TreeSet<>();
            data.values().forEach(v -> levels.add(v[j]));
            return String.join("|", levels);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (String[] v : data.values()) {
            double x = Double.parseDouble(v[j]);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return number(lo) + ":" + number(hi);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private void show(TableItem item, Param p) {
        item.setText(new String[] { p.name, p.factor ? Messages.get("yield.factor") : Messages.get("yield.numeric"),
                p.inData, p.bounds.isEmpty() ? Messages.get("yield.dataRange") : p.bounds });
    }

    /** A click on the kind cell of a numeric parameter toggles factor / numeric; on the bounds cell, edits them. */
    private void editCell(TableEditor editor, Point at) {
        TableItem item = params.getItem(at);
        if (item == null) {
            return;
        }
        int row = params.indexOf(item);
        Param p = paramList.get(row);
        if (item.getBounds(1).contains(at) && p.numericInData) {
            p.factor = !p.factor;
            show(item, p);
        } else if (item.getBounds(3).contains(at)) {
            Text text = new Text(params, SWT.NONE);
            text.setText(p.bounds);
            text.setMessage(p.inData);
            text.selectAll();
            text.setFocus();
            Consumer<Boolean> close = keep -> {
                if (keep) {
                    setBounds(row, text.getText());
                }
                text.dispose();
            };
            text.addListener(SWT.FocusOut, e -> close.accept(true));
            text.addListener(SWT.Traverse, e -> {
                if (e.detail == SWT.TRAVERSE_RETURN) {
                    close.accept(true);
                } else if (e.detail == SWT.TRAVERSE_ESCAPE) {
                    close.accept(false);
                    e.doit = false;
                }
            });
            editor.setEditor(text, item, 3);
        }
    }

    /** The parameter names in table order, for tests. */
    public List<String> parameters() {
        return paramList.stream().map(p -> p.name).toList();
    }

    /** Uses or leaves out a parameter and makes it a factor or numeric (numeric only where the data is numeric). */
    public void setParameter(String name, boolean used, boolean factor) {
        for (int i = 0; i < paramList.size(); i++) {
            Param p = paramList.get(i);
            if (p.name.equals(name)) {
                p.used = used;
                p.factor = factor || !p.numericInData;
                params.getItem(i).setChecked(used);
                show(params.getItem(i), p);
            }
        }
    }

    /** Sets a parameter's bounds ({@code A|B} for a factor, {@code LO:HI} for a number; empty: the data's range). */
    public void setBounds(int row, String bounds) {
        Param p = paramList.get(row);
        p.bounds = bounds.strip();
        show(params.getItem(row), p);
    }

    /** Chooses whether suggestions maximise the outcome (a yield) or minimise it (a defect count). */
    public void setMaximize(boolean maximize) {
        objective.select(maximize ? 1 : 0);
    }

    /**
     * Fits the candidate models with cross-validation in a background job; the scores table then
     * lists every candidate's cross-validated error and the chosen model is saved in the
     * workspace (where {@code enclave yield suggest} finds it).
     *
     * @return the job, or {@code null} when nothing was started
     */
    public Job fit() {
        if (runs == null || running != null || target.getText().isEmpty()) {
            return null;
        }
        Set<String> factors = new HashSet<>();
        Set<String> ignore = new HashSet<>();
        for (Param p : paramList) {
            if (!p.used) {
                ignore.add(p.name);
            } else if (p.factor && p.numericInData) {
                factors.add(p.name);
            }
        }
        if (ignore.size() == paramList.size()) {
            showFitStatus(Messages.get("yield.noParameters"));
            return null;
        }
        Path file = runs;
        String column = target.getText();
        int k = folds.getSelection();
        Workspace ws = workspace;
        String who = subject == null ? "unknown" : subject.name();
        fit.setEnabled(false);
        suggest.setEnabled(false);
        fitProgress.setVisible(true);
        showFitStatus(Messages.get("yield.fitting", k));
        return run(Messages.get("yield.fitting", k), monitor -> {
            try {
                YieldData data = YieldData.readCsv(file, column, factors, ignore);
                YieldModels.Fit result = models.fit(data, k, 1);
                if (ws != null) {
                    Path dest = SemiWorkspace.yieldModel(ws);
                    try {
                        Files.createDirectories(dest.getParent());
                        Files.writeString(dest, result.modelJson(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw EnclaveException.badInput("Cannot write " + dest + ": " + e.getMessage());
                    }
                    ws.auditLog().append(who, "yield.fit", file.toString(), AuditEntry.SUCCESS, result.chosen());
                }
                return () -> showFit(result);
            } catch (RuntimeException e) {
                return () -> {
                    fitProgress.setVisible(false);
                    fit.setEnabled(true);
                    showFitStatus(Messages.get("yield.failed", e.getMessage()));
                };
            }
        });
    }

    private void showFit(YieldModels.Fit result) {
        fitProgress.setVisible(false);
        fit.setEnabled(true);
        lastFit = result;
        scores.removeAll();
        boolean poisson = result.family().equals("poisson");
        scores.getColumn(2).setText(poisson ? Messages.get("yield.colDeviance") : Messages.get("yield.colMse"));
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
        YieldModels.Score baseline = result.scores().get(0);
        suggest.setEnabled(true);
        showFitStatus(Messages.get("yield.fitted", result.runs(), result.folds(), result.family(), result.chosen(),
                String.format("%.4f", chosen == null ? Double.NaN : chosen.rmse()),
                String.format("%.4f", baseline.rmse())));
    }

    /** The scores table's rows (model, coefficients, deviance, RMSE, MAE, chosen), for tests. */
    public List<String[]> scoreRows() {
        return Tables.rows(scores);
    }

    /** The last fit, for tests. */
    public YieldModels.Fit lastFit() {
        return lastFit;
    }

    /**
     * Suggests the five best settings within the bounds entered, for the objective chosen;
     * invalid bounds are reported in the status line, naming the parameter.
     */
    public void suggest() {
        if (lastFit == null) {
            return;
        }
        Map<String, String> bounds = new LinkedHashMap<>();
        for (Param p : paramList) {
            if (p.used && !p.bounds.isEmpty()) {
                bounds.put(p.name, p.bounds);
            }
        }
        boolean maximize = objective.getSelectionIndex() == 1;
        try {
            lastSuggestions = models.suggest(lastFit.modelJson(), bounds, maximize, 5);
        } catch (EnclaveException e) {
            showFitStatus(e.getMessage());
            return;
        }
        suggestions.setRedraw(false);
        suggestions.removeAll();
        for (TableColumn c : suggestions.getColumns()) {
            c.dispose();
        }
        List<String> names = lastSuggestions.isEmpty() ? List.of()
                : new ArrayList<>(lastSuggestions.get(0).settings().keySet());
        new TableColumn(suggestions, SWT.LEFT).setText(Messages.get("yield.colPredicted"));
        for (String n : names) {
            new TableColumn(suggestions, SWT.LEFT).setText(n);
        }
        for (YieldModels.Suggestion s : lastSuggestions) {
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
        showFitStatus(Messages.get("yield.suggested", lastSuggestions.size(),
                maximize ? Messages.get("yield.maximise") : Messages.get("yield.minimise")));
    }

    /** The last suggestions, for tests. */
    public List<YieldModels.Suggestion> suggestions() {
        return lastSuggestions;
    }

    /** The chart's categories and values, for tests: 0 by lot, 1 over time, 2 by pattern. */
    public Object[] chart(int which) {
        YieldChart c = List.of(byLot, overTime, byPattern).get(which);
        return new Object[] { c.labels(), c.values() };
    }

    /** The status lines (summary, report, prediction), for tests. */
    public String[] statusTexts() {
        return new String[] { summary.getText(), reportStatus.getText(), fitStatus.getText() };
    }

    private void showFitStatus(String text) {
        if (!fitStatus.isDisposed()) {
            fitStatus.setText(text);
            fitStatus.getParent().layout(true, true);
        }
    }

    @Focus
    void focus() {
        content.setFocus();
    }
}
