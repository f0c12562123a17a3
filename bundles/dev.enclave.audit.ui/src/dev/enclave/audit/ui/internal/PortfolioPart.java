package dev.enclave.audit.ui.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.RiskCodes;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.ui.UiProgress;
import dev.enclave.ui.FileChoosers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Portfolio part: import a folder of credit reports (background job with progress), see
 * one row per report (borrower, amount, product, key ratios, risks), open a report, and export
 * the working paper of the portfolio or the selected report as DOCX or XLSX.
 */
public final class PortfolioPart {
    @Inject
    IEclipseContext context;

    private AuditSession session;
    private Table table;
    private Label summary;
    private Label status;
    private ProgressBar progress;
    private Combo scope;
    private final Runnable listener = this::refresh;
    private final java.util.function.Consumer<dev.enclave.audit.Evidence> opened = this::selectOpened;

    @Inject
    @org.eclipse.e4.core.di.annotations.Optional
    EPartService partService;

    @PostConstruct
    void create(Composite parent) {
        session = AuditSession.in(context);
        parent.setLayout(new GridLayout(5, false));
        Button importButton = new Button(parent, SWT.PUSH);
        importButton.setText(Messages.get("portfolio.import"));
        importButton.addListener(SWT.Selection, e -> {
            Path dir = FileChoosers.folder(parent.getShell(), "audit.import", Messages.get("portfolio.importDialog"));
            if (dir != null) {
                importFolder(dir);
            }
        });
        Button clear = new Button(parent, SWT.PUSH);
        clear.setText(Messages.get("portfolio.clear"));
        clear.addListener(SWT.Selection, e -> {
            try {
                session.clear();
            } catch (EnclaveException ex) {
                status.setText(ex.getMessage());
            }
        });
        Label spacer = new Label(parent, SWT.NONE);
        spacer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scope = new Combo(parent, SWT.READ_ONLY);
        scope.setItems(Messages.get("portfolio.scope.all"), Messages.get("portfolio.scope.report"));
        scope.select(0);
        Button export = new Button(parent, SWT.PUSH);
        export.setText(Messages.get("portfolio.export"));
        export.addListener(SWT.Selection, e -> {
            String source = scope.getSelectionIndex() == 1 ? selectedSource() : null;
            if (scope.getSelectionIndex() == 1 && source == null) {
                status.setText(Messages.get("portfolio.selectReport"));
                return;
            }
            FileDialog dialog = new FileDialog(parent.getShell(), SWT.SAVE);
            dialog.setFilterExtensions(new String[] { "*.docx", "*.xlsx" });
            dialog.setFilterNames(new String[] { "Word (*.docx)", "Excel (*.xlsx)" });
            dialog.setFileName("审计工作底稿.docx");
            dialog.setOverwrite(true);
            dialog.setFilterPath(FileChoosers.startFolder("audit.paper").toString());
            String file = dialog.open();
            if (file != null) {
                FileChoosers.remember("audit.paper", Path.of(dialog.getFilterPath()));
                String lower = file.toLowerCase(Locale.ROOT);
                if (!lower.endsWith(".docx") && !lower.endsWith(".xlsx")) {
                    file += dialog.getFilterIndex() == 1 ? ".xlsx" : ".docx";
                }
                exportPaper(Path.of(file), source);
            }
        });
        progress = new ProgressBar(parent, SWT.HORIZONTAL | SWT.SMOOTH);
        progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        progress.setVisible(false);
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        String[] cols = { "col.borrower", "col.amount", "col.product", "col.debtRatio", "col.currentRatio", "col.risks",
                "col.source" };
        int[] widths = { 210, 110, 100, 80, 90, 260, 150 };
        for (int i = 0; i < cols.length; i++) {
            TableColumn c = new TableColumn(table, i == 1 || i == 3 || i == 4 ? SWT.RIGHT : SWT.LEFT);
            c.setText(Messages.get(cols[i]));
            c.setWidth(widths[i]);
        }
        table.addListener(SWT.Selection, e -> openSelected());
        table.addListener(SWT.DefaultSelection, e -> openSelected());
        session.onPortfolioChanged(listener);
        session.onOpen(opened);
        refresh();
    }

    @PreDestroy
    void dispose() {
        session.removeListener(listener);
        session.removeListener(opened);
    }

    /** Imports a folder (or one file) in a background job; the table shows the reports when it ends. */
    public Job importFolder(Path folder) {
        Display display = table.getDisplay();
        progress.setVisible(true);
        progress.setSelection(0);
        status.setText(Messages.get("portfolio.importing") + " — " + folder);
        Job job = Job.create(Messages.get("portfolio.importing"), monitor -> {
            try {
                AuditSession.Imported imported = session.importFolder(folder, new UiProgress(monitor,
                        (done, total) -> display.asyncExec(() -> showProgress(done, total))));
                display.asyncExec(() -> {
                    if (table.isDisposed()) {
                        return;
                    }
                    progress.setVisible(false);
                    session.publish(imported);
                    String text = Messages.get("portfolio.imported", imported.result().imported(), folder);
                    if (!imported.result().failed().isEmpty()) {
                        text += "\n" + Messages.get("portfolio.failed", imported.result().failed().size(),
                                String.join("; ", imported.result().failed()));
                    }
                    status.setText(text);
                    table.getParent().layout(true, true);
                });
                return Status.OK_STATUS;
            } catch (Progress.CanceledException e) {
                display.asyncExec(() -> fail(e.getMessage()));
                return Status.CANCEL_STATUS;
            } catch (EnclaveException e) {
                display.asyncExec(() -> fail(e.getMessage()));
                return Status.OK_STATUS;
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** Writes the working paper in a background job; {@code source} one report, or {@code null} for the portfolio. */
    public Job exportPaper(Path out, String source) {
        Display display = table.getDisplay();
        progress.setVisible(true);
        status.setText(Messages.get("portfolio.exporting") + " — " + out);
        Job job = Job.create(Messages.get("portfolio.exporting"), monitor -> {
            monitor.beginTask(Messages.get("portfolio.exporting"), IProgressMonitor.UNKNOWN);
            try {
                session.exportPaper(out, source);
                display.asyncExec(() -> {
                    if (!table.isDisposed()) {
                        progress.setVisible(false);
                        status.setText(Messages.get("portfolio.exported", out));
                    }
                });
            } catch (RuntimeException e) {
                display.asyncExec(() -> fail(Messages.get("portfolio.exportFailed", out, e.getMessage())));
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    private void fail(String message) {
        if (!table.isDisposed()) {
            progress.setVisible(false);
            status.setText(message);
            table.getParent().layout(true, true);
        }
    }

    private void showProgress(int done, int total) {
        if (!progress.isDisposed() && total > 0) {
            progress.setMaximum(total);
            progress.setSelection(done);
        }
    }

    /** One click opens the row's report: the Report part is created and brought forward when it was never shown. */
    private void openSelected() {
        String source = selectedSource();
        if (source != null) {
            session.open(source);
            if (partService != null) {
                MPart part = partService.findPart(ReportPart.ID);
                if (part != null) {
                    partService.showPart(part, EPartService.PartState.VISIBLE);
                }
            }
        }
    }

    /** Keeps the row of the report opened elsewhere (Findings, Network) selected. */
    private void selectOpened(dev.enclave.audit.Evidence e) {
        if (table.isDisposed()) {
            return;
        }
        for (int i = 0; i < table.getItemCount(); i++) {
            if (e.source().equals(table.getItem(i).getData()) && table.getSelectionIndex() != i) {
                table.setSelection(i);
            }
        }
    }

    /** The source of the selected row, or {@code null}. */
    public String selectedSource() {
        int i = table.getSelectionIndex();
        return i < 0 ? null : (String) table.getItem(i).getData();
    }

    /** The risk count, then the risks as the paper names them in the parts' language (担保圈、互保 / Guarantee circle, …). */
    private static String risks(List<String> codes) {
        if (codes.isEmpty()) {
            return "0";
        }
        boolean zh = "zh".equals(Messages.locale().getLanguage());
        return codes.size() + "  " + String.join(zh ? "、" : ", ",
                codes.stream().map(c -> RiskCodes.label(c, Messages.locale())).toList());
    }

    private void refresh() {
        if (table.isDisposed()) {
            return;
        }
        Portfolio p = session.portfolio();
        table.removeAll();
        for (CreditReport r : p.reports()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setData(r.source());
            item.setText(new String[] { nz(r.borrower().name()), amount(r.facility().amountYuan()), nz(r.facility().product()),
                    ratio(latest(r, "debt_to_asset_ratio")), ratio(latest(r, "current_ratio")),
                    risks(r.risksImplied()),
                    Path.of(r.source()).getFileName().toString() });
            if (!r.risksImplied().isEmpty()) {
                item.setForeground(5, table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            }
        }
        for (int c = 0; c < table.getColumnCount(); c++) {
            if (c != 5) {
                // fit headers and values; the risk codes keep their wide column
                table.getColumn(c).pack();
            }
        }
        summary.setText(p.reports().isEmpty() ? Messages.get("portfolio.empty")
                : Messages.get("portfolio.summary", p.reports().size(), p.guaranteeEdges().size(), p.circles().size(),
                        p.mutualPairs().size(), p.findings().size()));
        summary.getParent().layout(true, true);
    }

    /** The latest year's value of a metric, or {@code null}. */
    static Double latest(CreditReport r, String metric) {
        CreditReport.Financial best = null;
        for (CreditReport.Financial f : r.financials()) {
            if (f.metric().equals(metric) && f.value() != null && (best == null || f.year() > best.year())) {
                best = f;
            }
        }
        return best == null ? null : best.value().doubleValue();
    }

    private static String ratio(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String amount(Long yuan) {
        return yuan == null ? "" : String.format(Locale.ROOT, "%,d", yuan);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
