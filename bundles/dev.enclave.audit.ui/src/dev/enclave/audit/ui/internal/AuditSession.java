package dev.enclave.audit.ui.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.e4.core.contexts.IEclipseContext;

import dev.enclave.audit.CreditAuditService;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The audit perspective's shared state: the imported reports with their texts, the analysed
 * {@link Portfolio} with the auditor's decisions, and the report being looked at. One per
 * workspace, kept in the e4 context that holds the {@link Workspace} (see {@link #in}). The
 * work (reading, saving and exporting, and their audit-log entries) is the pack's services'
 * ({@link CreditAuditService}, {@link WorkingPaperExporter}, {@link FindingDecisions},
 * {@link FieldCorrections}); the session only holds what the parts show and tells them when it
 * changes. Listeners are called on the thread that changed the state; the parts change it on
 * the UI thread only.
 */
public final class AuditSession {
    /** Reports an import found: the portfolio and the files that could not be read. */
    public record ImportResult(int imported, List<String> failed) {
    }

    private final Workspace workspace;
    private final Subject subject;
    private final CreditAuditService audits;
    private final FindingDecisions decisions;
    private final WorkingPaperExporter exporter;
    private final FieldCorrections corrections;
    private final List<Runnable> portfolioListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Evidence>> openListeners = new CopyOnWriteArrayList<>();
    private volatile Portfolio portfolio = CreditAuditService.Reading.empty().portfolio();
    private volatile Map<String, String> texts = Map.of();
    private volatile Evidence current;

    AuditSession(Workspace workspace, Subject subject, CreditAuditService audits, FindingDecisions decisions,
            WorkingPaperExporter exporter, FieldCorrections corrections) {
        this.workspace = workspace;
        this.subject = subject;
        this.audits = audits;
        this.decisions = decisions;
        this.exporter = exporter;
        this.corrections = corrections;
        if (workspace != null && subject != null) {
            CreditAuditService.Reading saved = audits.workbench(workspace, subject);
            portfolio = saved.portfolio();
            texts = saved.texts();
        }
    }

    /**
     * The session of the workspace in {@code context}: found in the context chain, else created
     * with the pack's services and stored in the context that holds the workspace, so that
     * every audit part of the window shares it.
     */
    public static AuditSession in(IEclipseContext context) {
        AuditSession s = context.get(AuditSession.class);
        if (s != null) {
            return s;
        }
        IEclipseContext owner = context;
        while (owner.getParent() != null && owner.getLocal(Workspace.class) == null) {
            owner = owner.getParent();
        }
        if (owner.getLocal(Workspace.class) == null) {
            owner = context;
        }
        s = new AuditSession(context.get(Workspace.class), context.get(Subject.class),
                context.get(CreditAuditService.class), context.get(FindingDecisions.class),
                context.get(WorkingPaperExporter.class), context.get(FieldCorrections.class));
        owner.set(AuditSession.class, s);
        return s;
    }

    /** The portfolio with decisions applied; empty before the first import. */
    public Portfolio portfolio() {
        return portfolio;
    }

    /** The text of a report, by {@link CreditReport#source()}, that evidence offsets refer to. */
    public String text(String source) {
        return texts.get(source);
    }

    /** The report with that source, or {@code null}. */
    public CreditReport report(String source) {
        for (CreditReport r : portfolio.reports()) {
            if (r.source().equals(source)) {
                return r;
            }
        }
        return null;
    }

    /** Calls {@code listener} whenever the portfolio or its decisions change. */
    public void onPortfolioChanged(Runnable listener) {
        portfolioListeners.add(listener);
    }

    /** Calls {@code listener} when a part asks to show a report (evidence span, or {@code [0,0)} for the whole). */
    public void onOpen(Consumer<Evidence> listener) {
        openListeners.add(listener);
    }

    /** Removes a listener added with {@link #onPortfolioChanged} or {@link #onOpen}. */
    public void removeListener(Object listener) {
        portfolioListeners.remove(listener);
        openListeners.remove(listener);
    }

    /** Asks the Report part to show a report. */
    public void open(String source) {
        open(new Evidence(source, 0, 0));
    }

    /**
     * Asks the Report part to show a report and select the span, and the other parts to select
     * its borrower; remembered, so that a Report part created afterwards shows it too.
     */
    public void open(Evidence evidence) {
        current = evidence;
        openListeners.forEach(l -> l.accept(evidence));
    }

    /** The report (and span) last opened, or {@code null}. */
    public Evidence current() {
        return current;
    }

    /**
     * Imports every report under {@code folder} (recursively) into the workspace's workbench
     * portfolio through {@link CreditAuditService#importToWorkbench}, which reads, analyses,
     * saves and audits it; a file that cannot be read is listed in the result and skipped. Runs
     * on any thread; the caller shows it with {@link #publish} on the UI thread.
     *
     * @throws EnclaveException (bad input) naming the folder when it holds no report at all
     */
    public Imported importFolder(Path folder, Progress progress) {
        requireWorkspace();
        CreditAuditService.Reading r = audits.importToWorkbench(workspace, subject, folder, progress);
        List<String> failed = r.failed().stream().map(CreditAuditService.Failure::error).toList();
        return new Imported(r.portfolio(), r.texts(), new ImportResult(r.read().size(), failed));
    }

    /** The outcome of {@link #importFolder}, not yet shown. */
    public record Imported(Portfolio portfolio, Map<String, String> texts, ImportResult result) {
    }

    /** Makes an import the session's portfolio and tells the parts. */
    public void publish(Imported imported) {
        this.portfolio = imported.portfolio();
        this.texts = imported.texts();
        fireChanged();
    }

    /** Forgets the imported reports, here and in the workspace (the decisions stay in the workspace). */
    public void clear() {
        requireWorkspace();
        audits.clearWorkbench(workspace);
        CreditAuditService.Reading empty = CreditAuditService.Reading.empty();
        publish(new Imported(empty.portfolio(), empty.texts(), new ImportResult(0, List.of())));
    }

    /**
     * Records the auditor's correction of one field of a report (kept per report hash in the
     * workspace and in the audit log; the studio's {@code audit} data source turns it into an
     * instruction example).
     *
     * @throws EnclaveException (bad input) naming the field or the value when they are not right
     */
    public FieldCorrections.Entry correct(String source, String field, String value, String comment) {
        FieldCorrections.Entry e = corrections.correct(workspace, subject, Path.of(source), field, value, comment);
        // corrections are authoritative: the saved portfolio is read again with them applied and analysed anew
        CreditAuditService.Reading again = audits.workbench(workspace, subject);
        if (!again.portfolio().reports().isEmpty()) {
            portfolio = again.portfolio();
            texts = again.texts();
        }
        fireChanged();
        return e;
    }

    /** Records that the extraction of a report, with its corrections, is right. */
    public FieldCorrections.Entry confirm(String source, String comment) {
        return corrections.confirm(workspace, subject, Path.of(source), comment);
    }

    /** The corrections and confirmations of a report, oldest first. */
    public List<FieldCorrections.Entry> corrections(String source) {
        String report = Path.of(source).toAbsolutePath().normalize().toString();
        return corrections.entries(workspace).stream().filter(e -> e.report().equals(report)).toList();
    }

    /** Records the auditor's decision on a finding (and in the audit log), then tells the parts. */
    public void decide(String findingId, String decision, String comment) {
        decisions.decide(workspace, subject, findingId, decision, comment == null ? "" : comment);
        Portfolio p = portfolio;
        portfolio = new Portfolio(p.reports(), p.guaranteeEdges(), p.circles(), p.mutualPairs(),
                decisions.apply(workspace, p.findings()));
        fireChanged();
    }

    /**
     * Writes the working paper of the portfolio, or of one report when {@code source} is given,
     * as DOCX or XLSX by the file's extension; {@link WorkingPaperExporter} records it in the
     * audit log.
     *
     * @throws EnclaveException (bad input) naming the file for another extension or when it cannot be written
     */
    public void exportPaper(Path out, String source) {
        requireWorkspace();
        Portfolio p = source == null ? portfolio : portfolio.forReport(source);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".docx")) {
            exporter.export(workspace, subject, p, texts, out, null);
        } else if (name.endsWith(".xlsx")) {
            exporter.export(workspace, subject, p, texts, null, out);
        } else {
            throw EnclaveException.badInput(Messages.get("portfolio.paperFormat", out));
        }
    }

    /** The services work on a workspace and for a user; without them (the workspace failed to open) say so. */
    private void requireWorkspace() {
        if (workspace == null || subject == null) {
            throw EnclaveException.badInput(Messages.get("portfolio.noWorkspace"));
        }
    }

    private void fireChanged() {
        portfolioListeners.forEach(Runnable::run);
    }
}
