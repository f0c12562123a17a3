package dev.enclave.semi.ui.internal;

import java.nio.file.Path;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.YieldModels;
import dev.enclave.semi.YieldSummary;
import dev.enclave.ui.Tables;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Yield part: die yield of the stored wafer maps by lot, over time and by pattern as
 * charts (the numbers of {@code wafer yield}, from {@link WaferStore#yieldSummary}); lot and
 * weekly reports exported as DOCX or PDF in a background job; and yield / defect prediction
 * from process parameters (the {@link YieldModels} service). The services do the work and
 * audit it; the part's sections present them.
 */
public final class YieldPart {
    @Inject
    WaferStore store;

    @Inject
    YieldModels models;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Composite content;
    private ScrolledComposite scroller;
    private YieldOverview overview;
    private ReportSection report;
    private PredictionSection prediction;
    private JobRunner jobs;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        content = new Composite(scroller, SWT.NONE);
        content.setLayout(new GridLayout(1, false));
        scroller.setContent(content);
        scroller.addListener(SWT.Resize, e -> relayout());
        jobs = new JobRunner(content, this::relayout);
        overview = new YieldOverview(content, this::refresh);
        report = new ReportSection(content, jobs, this::exportReport);
        prediction = new PredictionSection(content, models, jobs, this::fit);
        refresh();
    }

    /** A composite of {@code columns} columns filling the width, without margins. */
    static Composite row(Composite parent, int columns) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        c.setLayout(l);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return c;
    }

    /** A table of {@code height} pixels filling the width. */
    static Table table(Composite parent, int style, int height, String... columns) {
        Table t = Tables.create(parent, style, columns);
        // Wide enough for each header ("CV mean deviance"), never narrower than the default.
        for (org.eclipse.swt.widgets.TableColumn c : t.getColumns()) {
            c.pack();
            c.setWidth(Math.max(c.getWidth() + 12, 120));
        }
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
            overview.message(Messages.get("maps.noWorkspace"));
            return;
        }
        try {
            YieldSummary s = store.yieldSummary(workspace, null);
            overview.show(s);
            report.setScopes(s);
        } catch (EnclaveException e) {
            overview.message(e.getMessage());
        }
        relayout();
    }

    /**
     * Writes the chosen lot or weekly report to {@code out} in a background job with progress
     * (what Export Report does after its file dialog); the status line names the file written
     * or the error.
     *
     * @return the job, or {@code null} when nothing was started
     */
    public Job exportReport(Path out) {
        if (workspace == null || subject == null) {
            return null;
        }
        return report.export(store, workspace, subject, out);
    }

    /** Opens a runs CSV (what Open Runs CSV does after its file dialog): its columns become the outcome choices. */
    public void openRuns(Path file) {
        prediction.openRuns(file);
        relayout();
    }

    /**
     * Fits the candidate models in a background job (the Fit Models button); the chosen model
     * is saved in the workspace, where {@code enclave yield suggest} finds it.
     *
     * @return the job, or {@code null} when nothing was started
     */
    public Job fit() {
        if (workspace == null || subject == null) {
            return null;
        }
        return prediction.fit(workspace, subject);
    }

    /** Whether a report export or a fit is running. */
    public boolean busy() {
        return jobs.busy();
    }

    @Focus
    void focus() {
        content.setFocus();
    }

    @PreDestroy
    void dispose() {
        jobs.cancel();
    }
}
