package dev.enclave.semi.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.YieldSummary;
import dev.enclave.ui.FileChoosers;

/**
 * The Yield part's report row: a lot or ISO week, the format, notes, and Export, which
 * writes the report through the {@link WaferStore} (which audits it) in a background job.
 */
final class ReportSection {
    private final Combo scope;
    private final Combo format;
    private final Text notes;
    private final Button export;
    private final ProgressBar progress;
    private final Label status;
    /** Per report scope: {lot, null} or {null, week}. */
    private final List<String[]> scopeKeys = new ArrayList<>();
    private final JobRunner jobs;

    ReportSection(Composite parent, JobRunner jobs, ExportTarget target) {
        this.jobs = jobs;
        Composite report = YieldPart.row(parent, 8);
        new Label(report, SWT.NONE).setText(Messages.get("yield.report"));
        scope = Ids.name(new Combo(report, SWT.READ_ONLY), Ids.YIELD_SCOPE);
        GridData sd = new GridData();
        sd.widthHint = 170;
        scope.setLayoutData(sd);
        new Label(report, SWT.NONE).setText(Messages.get("yield.format"));
        format = Ids.name(new Combo(report, SWT.READ_ONLY), Ids.YIELD_FORMAT);
        format.setItems("DOCX", "PDF");
        format.select(0);
        notes = Ids.name(new Text(report, SWT.BORDER), Ids.YIELD_NOTES);
        notes.setMessage(Messages.get("yield.notesHint"));
        notes.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        export = new Button(report, SWT.PUSH);
        export.setText(Messages.get("yield.export"));
        export.addListener(SWT.Selection, e -> {
            String ext = format.getText().toLowerCase(Locale.ROOT);
            Path file = FileChoosers.save(parent.getShell(), "wafer.report",
                    scope.getText().replaceAll("[^A-Za-z0-9_-]+", "_") + "." + ext, "*." + ext);
            if (file != null) {
                target.export(file);
            }
        });
        progress = new ProgressBar(report, SWT.HORIZONTAL | SWT.INDETERMINATE);
        GridData rp = new GridData();
        rp.widthHint = 80;
        progress.setLayoutData(rp);
        progress.setVisible(false);
        status = Ids.name(new Label(report, SWT.WRAP), Ids.YIELD_REPORT_STATUS);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 8, 1));
    }

    /** Where the export button sends the chosen file (the part, which knows the workspace). */
    interface ExportTarget {
        void export(Path out);
    }

    /** Offers the lots and ISO weeks (newest first) of the stored maps, keeping the choice where it still applies. */
    void setScopes(YieldSummary s) {
        String chosen = scope.getText();
        scope.removeAll();
        scopeKeys.clear();
        for (String l : s.lotNames()) {
            scope.add(Messages.get("yield.scopeLot", l));
            scopeKeys.add(new String[] { l, null });
        }
        for (String w : s.weeks().reversed()) {
            scope.add(Messages.get("yield.scopeWeek", w));
            scopeKeys.add(new String[] { null, w });
        }
        scope.select(Math.max(0, scope.indexOf(chosen)));
        export.setEnabled(scope.getItemCount() > 0 && !jobs.busy());
    }

    /**
     * Writes the chosen lot or weekly report to {@code out} in a background job with progress;
     * the status line names the file written or the error.
     *
     * @return the job, or {@code null} when nothing was started
     */
    Job export(WaferStore store, Workspace ws, Subject who, Path out) {
        if (jobs.busy() || scope.getSelectionIndex() < 0) {
            return null;
        }
        String chosen = scope.getText();
        String[] key = scopeKeys.get(scope.getSelectionIndex());
        WaferReports.Format f = WaferReports.Format.parse(format.getText());
        List<String> noteList = notes.getText().isBlank() ? List.of() : List.of(notes.getText().strip());
        progress.setVisible(true);
        export.setEnabled(false);
        status.setText(Messages.get("yield.exporting", chosen));
        return jobs.run(Messages.get("yield.exporting", chosen), monitor -> {
            String result;
            try {
                WaferReports.Summary s = store.report(ws, who, key[0], key[1], noteList, f, out);
                result = Messages.get("yield.exported", s.out(), s.wafers(), String.format("%.2f", 100 * s.yield()),
                        s.findings());
            } catch (RuntimeException e) {
                result = Messages.get("yield.failed", e.getMessage());
            }
            String r = result;
            return () -> done(r);
        }, this::done);
    }

    private void done(String text) {
        progress.setVisible(false);
        export.setEnabled(true);
        status.setText(text);
    }
}
