package dev.enclave.audit.ui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.enclave.audit.Finding;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.RiskCodes;
import dev.enclave.core.EnclaveException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Findings part: the portfolio's findings in a table sortable by any column (click the
 * header, again to reverse), filtered by text, severity and decision; the auditor confirms
 * or dismisses the selected finding with a comment. Selecting a finding shows its first
 * evidence span in the Report part.
 */
public final class FindingsPart {
    private static final Map<String, Integer> SEVERITY = Map.of("high", 0, "medium", 1, "low", 2);
    /** The severities in the filter's order (after "All"). */
    private static final List<String> SEVERITIES = List.of("high", "medium", "low");

    @Inject
    IEclipseContext context;

    private AuditSession session;
    private Text filter;
    private Combo severity;
    private Combo decision;
    private Table table;
    private Text comment;
    private Label count;
    private int sortColumn = 0;
    private boolean ascending = true;
    private List<Finding> shown = List.of();
    private final Runnable listener = this::refresh;

    @PostConstruct
    void create(Composite parent) {
        session = AuditSession.in(context);
        parent.setLayout(new GridLayout(4, false));
        new Label(parent, SWT.NONE).setText(Messages.get("findings.filter"));
        filter = new Text(parent, SWT.BORDER | SWT.SEARCH);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filter.addListener(SWT.Modify, e -> refresh());
        severity = new Combo(parent, SWT.READ_ONLY);
        severity.add(Messages.get("findings.all"));
        for (String s : SEVERITIES) {
            severity.add(RiskCodes.severityLabel(s, Messages.locale()));
        }
        severity.select(0);
        severity.addListener(SWT.Selection, e -> refresh());
        decision = new Combo(parent, SWT.READ_ONLY);
        decision.setItems(Messages.get("findings.all"), Messages.get("findings.open"), Messages.get("findings.confirmed"),
                Messages.get("findings.dismissed"));
        decision.select(0);
        decision.addListener(SWT.Selection, e -> refresh());
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        String[] cols = { "col.severity", "col.code", "col.decision", "col.subjects", "col.message" };
        int[] widths = { 70, 190, 130, 240, 420 };
        for (int i = 0; i < cols.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(Messages.get(cols[i]));
            c.setWidth(widths[i]);
            int index = i;
            c.addListener(SWT.Selection, e -> sortBy(index));
        }
        table.addListener(SWT.Selection, e -> {
            Finding f = selected();
            if (f != null && !f.evidence().isEmpty()) {
                session.open(f.evidence().get(0));
            }
        });
        Composite actions = new Composite(parent, SWT.NONE);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        actions.setLayout(new GridLayout(5, false));
        new Label(actions, SWT.NONE).setText(Messages.get("findings.comment"));
        comment = new Text(actions, SWT.BORDER);
        comment.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button confirm = new Button(actions, SWT.PUSH);
        confirm.setText(Messages.get("findings.confirm"));
        confirm.addListener(SWT.Selection, e -> decideSelected(FindingDecisions.CONFIRMED));
        Button dismiss = new Button(actions, SWT.PUSH);
        dismiss.setText(Messages.get("findings.dismiss"));
        dismiss.addListener(SWT.Selection, e -> decideSelected(FindingDecisions.DISMISSED));
        count = new Label(actions, SWT.NONE);
        count.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        session.onPortfolioChanged(listener);
        refresh();
    }

    @PreDestroy
    void dispose() {
        session.removeListener(listener);
    }

    /** Sorts by a column (0 severity, 1 code, 2 decision, 3 subjects, 4 message); the same column again reverses the order. */
    public void sortBy(int column) {
        ascending = column == sortColumn ? !ascending : true;
        sortColumn = column;
        table.setSortColumn(table.getColumn(column));
        table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        refresh();
    }

    /** Confirms or dismisses the selected finding with the comment typed; the table shows the decision. */
    public void decideSelected(String value) {
        Finding f = selected();
        if (f == null) {
            return;
        }
        try {
            session.decide(f.id(), value, comment.getText().strip());
            comment.setText("");
            select(f.id());
        } catch (EnclaveException e) {
            count.setText(e.getMessage());
        }
    }

    /** Selects the row of a finding, when shown. */
    public void select(String findingId) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).id().equals(findingId)) {
                table.setSelection(i);
                return;
            }
        }
        table.deselectAll();
    }

    private Finding selected() {
        int i = table.getSelectionIndex();
        return i < 0 || i >= shown.size() ? null : shown.get(i);
    }

    private void refresh() {
        if (table.isDisposed()) {
            return;
        }
        Finding before = selected();
        List<Finding> all = session.portfolio().findings();
        String q = filter.getText().strip().toLowerCase(Locale.ROOT);
        List<Finding> rows = new ArrayList<>();
        for (Finding f : all) {
            if (!q.isEmpty() && !(f.code() + " " + code(f) + " " + String.join(" ", f.subjects()) + " " + f.message())
                    .toLowerCase(Locale.ROOT).contains(q)) {
                continue;
            }
            if (severity.getSelectionIndex() > 0 && !f.severity().equals(SEVERITIES.get(severity.getSelectionIndex() - 1))) {
                continue;
            }
            int d = decision.getSelectionIndex();
            if (d == 1 && f.decision() != null || d == 2 && !FindingDecisions.CONFIRMED.equals(f.decision())
                    || d == 3 && !FindingDecisions.DISMISSED.equals(f.decision())) {
                continue;
            }
            rows.add(f);
        }
        List<Function<Finding, String>> keys = List.of(f -> String.valueOf(SEVERITY.getOrDefault(f.severity(), 3)),
                FindingsPart::code, f -> decisionText(f), f -> String.join("、", f.subjects()), Finding::message);
        Comparator<Finding> order = Comparator.comparing(keys.get(sortColumn));
        rows.sort(ascending ? order : order.reversed());
        shown = List.copyOf(rows);
        table.removeAll();
        for (Finding f : shown) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setData(f);
            item.setText(new String[] { RiskCodes.severityLabel(f.severity(), Messages.locale()), code(f), decisionText(f), String.join("、", f.subjects()), f.message() });
            if ("high".equals(f.severity())) {
                item.setForeground(0, table.getDisplay().getSystemColor(SWT.COLOR_RED));
            }
        }
        if (before != null) {
            select(before.id());
        }
        count.setText(Messages.get("findings.count", shown.size(), all.size()));
        count.getParent().layout(true, true);
    }

    /** The finding's code as the working paper names it, in the parts' language. */
    private static String code(Finding f) {
        return RiskCodes.label(f.code(), Messages.locale());
    }

    private static String decisionText(Finding f) {
        if (f.decision() == null) {
            return Messages.get("findings.open");
        }
        String d = Messages.get(FindingDecisions.CONFIRMED.equals(f.decision()) ? "findings.confirmed" : "findings.dismissed");
        return f.comment() == null || f.comment().isEmpty() ? d : d + "：" + f.comment();
    }
}
