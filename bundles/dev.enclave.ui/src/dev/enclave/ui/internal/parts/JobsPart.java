package dev.enclave.ui.internal.parts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

import dev.enclave.ui.internal.JobsModel;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The Jobs part: every background job of the workbench (imports, training, exports,
 * evaluations) with its state, progress and current step; a running job can be cancelled.
 */
public final class JobsPart {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Table table;
    private Button cancel;
    private Runnable unsubscribe;
    private volatile boolean refreshQueued;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(3, false));
        Widgets.label(parent, Messages.get("jobs.intro"), 3);
        table = Widgets.table(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER, Messages.get("jobs.colJob"),
                Messages.get("jobs.colState"), Messages.get("jobs.colProgress"), Messages.get("jobs.colStep"),
                Messages.get("jobs.colStarted"), Messages.get("jobs.colDuration"), Messages.get("jobs.colResult"));
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        cancel = new Button(parent, SWT.PUSH);
        cancel.setText(Messages.get("jobs.cancel"));
        cancel.addListener(SWT.Selection, e -> cancelSelected());
        Button clear = new Button(parent, SWT.PUSH);
        clear.setText(Messages.get("jobs.clear"));
        clear.addListener(SWT.Selection, e -> JobsModel.get().clearEnded());
        table.addListener(SWT.Selection, e -> enableCancel());
        Display display = parent.getDisplay();
        unsubscribe = JobsModel.get().addListener(() -> {
            if (!refreshQueued) {
                refreshQueued = true;
                display.asyncExec(() -> {
                    refreshQueued = false;
                    refresh();
                });
            }
        });
        refresh();
    }

    /** Shows the jobs, keeping the selection. */
    public void refresh() {
        if (table == null || table.isDisposed()) {
            return;
        }
        Object selected = table.getSelectionCount() == 1 ? table.getSelection()[0].getData() : null;
        table.removeAll();
        Instant now = Instant.now();
        for (JobsModel.Entry e : JobsModel.get().entries()) {
            int p = e.percent();
            Instant from = e.started();
            Instant to = e.ended() == null ? now : e.ended();
            TableItem item = new TableItem(table, SWT.NONE);
            item.setData(e);
            item.setText(new String[] { e.name(), Messages.get("jobs.state." + e.state()),
                    p < 0 ? "" : p + " %", e.task(), from == null ? "" : TIME.format(from),
                    from == null ? "" : Duration.between(from, to).toSeconds() + " s", e.result() });
            if (e == selected) {
                table.setSelection(item);
            }
        }
        Widgets.pack(table);
        enableCancel();
    }

    private void enableCancel() {
        cancel.setEnabled(table.getSelectionCount() == 1 && table.getSelection()[0].getData() instanceof JobsModel.Entry e
                && ("running".equals(e.state()) || "waiting".equals(e.state())));
    }

    /** Cancels the selected job (as the Cancel button does). */
    public void cancelSelected() {
        if (table.getSelectionCount() == 1 && table.getSelection()[0].getData() instanceof JobsModel.Entry e) {
            e.job().cancel();
        }
    }

    /** Selects the row of the job named {@code name}; for tests. */
    public boolean select(String name) {
        for (TableItem item : table.getItems()) {
            if (item.getText(0).equals(name)) {
                table.setSelection(item);
                enableCancel();
                return true;
            }
        }
        return false;
    }

    /** The rows as shown (job, state, progress, step …); for tests. */
    public java.util.List<String[]> shown() {
        return dev.enclave.ui.Tables.rows(table);
    }

    @Focus
    void focus() {
        table.setFocus();
    }

    @PreDestroy
    void dispose() {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
