package dev.enclave.ui.internal.parts;

import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditVerification;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.ui.internal.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The Audit Log part: the latest entries in a table, a filter, and chain verification. */
public final class AuditLogPart {
    /** How many of the newest entries the table loads. */
    static final int LOADED = 5000;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Text filter;
    private Table table;
    private Label status;
    private Label counts;
    private List<AuditEntry> entries = List.of();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(5, false));
        new Label(parent, SWT.NONE).setText(Messages.get("audit.filter"));
        filter = new Text(parent, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filter.addModifyListener(e -> fill());
        Button refresh = new Button(parent, SWT.PUSH);
        refresh.setText(Messages.get("audit.refresh"));
        refresh.addListener(SWT.Selection, e -> reload());
        Button verify = new Button(parent, SWT.PUSH);
        verify.setText(Messages.get("audit.verify"));
        verify.addListener(SWT.Selection, e -> verify());
        counts = new Label(parent, SWT.NONE);
        counts.setLayoutData(new GridData(SWT.RIGHT, SWT.CENTER, false, false));
        status = Widgets.label(parent, "", 5);
        table = Widgets.table(parent, SWT.MULTI, Messages.get("audit.col.seq"),
                Messages.get("audit.col.time"), Messages.get("audit.col.user"), Messages.get("audit.col.action"),
                Messages.get("audit.col.object"), Messages.get("audit.col.outcome"), Messages.get("audit.col.detail"));
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        boolean usable = workspace != null;
        filter.setEnabled(usable);
        refresh.setEnabled(usable);
        verify.setEnabled(usable);
        reload();
    }

    /** Re-reads the newest entries from the log. */
    public void reload() {
        // Everyone's entries for admins and audit-readers, one's own for everyone else.
        entries = workspace == null || subject == null ? List.of() : workspace.auditLog().tail(subject, LOADED);
        fill();
    }

    /** Runs the chain check and shows the result; returns it for tests. */
    public AuditVerification verify() {
        AuditVerification v = workspace.auditLog().verify();
        status.setText(v.intact() ? Messages.get("audit.intact", v.entries()) : Messages.get("audit.broken", v.problem()));
        Widgets.cssClass(status, v.intact() ? "EnclaveOk" : "EnclaveError");
        status.setForeground(status.getDisplay().getSystemColor(v.intact() ? SWT.COLOR_DARK_GREEN : SWT.COLOR_RED));
        status.getParent().layout(true, true);
        return v;
    }

    private void fill() {
        String needle = filter.getText().trim().toLowerCase(Locale.ROOT);
        table.setRedraw(false);
        try {
            table.removeAll();
            int shown = 0;
            // Newest first.
            for (int i = entries.size() - 1; i >= 0; i--) {
                AuditEntry e = entries.get(i);
                String[] cells = { Long.toString(e.seq()), e.time(), e.user(), e.action(), e.object(), e.outcome(),
                        e.detail() };
                if (!needle.isEmpty() && !String.join("\u0000", cells).toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                Widgets.row(table, e, cells);
                shown++;
            }
            if (table.getItemCount() > 0) {
                Widgets.pack(table);
            }
            counts.setText(Messages.get("audit.shown", shown, entries.size()));
            counts.getParent().layout(true, true);
        } finally {
            table.setRedraw(true);
        }
    }

    /** Rows shown now, for tests. */
    public int shownRows() {
        return table.getItemCount();
    }

    /** Sets the filter text, for tests. */
    public void setFilter(String text) {
        filter.setText(text);
    }

    /** The status line, for tests. */
    public String statusText() {
        return status.getText();
    }

    @Focus
    void focus() {
        filter.setFocus();
    }
}
