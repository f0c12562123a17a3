package dev.enclave.audit.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.e4.core.contexts.IEclipseContext;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.audit.internal.AuditJson;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The audit perspective's shared state: the imported reports with their texts, the analysed
 * {@link Portfolio} with the auditor's decisions, and the report being looked at. One per
 * workspace, kept in the e4 context that holds the {@link Workspace} (see {@link #in}), and
 * persisted in {@code <data>/audit/workbench/portfolio.json} (the shape of
 * {@code enclave audit portfolio --json} plus the report texts) so that the workbench reopens
 * with the same portfolio. Listeners are called on the thread that changed the state; the
 * parts change it on the UI thread only.
 */
public final class AuditSession {
    /** Reports an import found: the portfolio and the files that could not be read. */
    public record ImportResult(int imported, List<String> failed) {
    }

    private final Workspace workspace;
    private final Subject subject;
    private final CreditReportExtractor extractor;
    private final PortfolioAnalyzer analyzer;
    private final FindingDecisions decisions;
    private final WorkingPaperExporter exporter;
    private final FieldCorrections corrections;
    private final List<Runnable> portfolioListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Evidence>> openListeners = new CopyOnWriteArrayList<>();
    private volatile Portfolio portfolio = new Portfolio(List.of(), List.of(), List.of(), List.of(), List.of());
    private volatile Map<String, String> texts = Map.of();

    AuditSession(Workspace workspace, Subject subject, CreditReportExtractor extractor, PortfolioAnalyzer analyzer,
            FindingDecisions decisions, WorkingPaperExporter exporter, FieldCorrections corrections) {
        this.workspace = workspace;
        this.corrections = corrections;
        this.subject = subject;
        this.extractor = extractor;
        this.analyzer = analyzer;
        this.decisions = decisions;
        this.exporter = exporter;
        load();
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
                context.get(CreditReportExtractor.class), context.get(PortfolioAnalyzer.class),
                context.get(FindingDecisions.class), context.get(WorkingPaperExporter.class),
                context.get(FieldCorrections.class));
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

    /** The acting user's name, for the paper and the audit log. */
    public String user() {
        return subject == null ? System.getProperty("user.name", "auditor") : subject.name();
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

    /** Asks the Report part to show a report and select the span. */
    public void open(Evidence evidence) {
        openListeners.forEach(l -> l.accept(evidence));
    }

    /**
     * Reads every report under {@code folder} (recursively), adds them to the portfolio
     * (a report already imported from the same path is replaced) and analyses it again. A
     * file that cannot be read is listed in the result and skipped. Runs on any thread; the
     * caller publishes with {@link #publish} on the UI thread.
     *
     * @throws EnclaveException (bad input) naming the folder when it holds no report at all
     */
    public Imported importFolder(Path folder, Progress progress) {
        List<Path> files = reportFiles(folder);
        if (files.isEmpty()) {
            throw EnclaveException.badInput(Messages.get("portfolio.noReports", folder));
        }
        progress.begin(Messages.get("portfolio.importing"), files.size());
        Map<String, CreditReport> reports = new LinkedHashMap<>();
        portfolio.reports().forEach(r -> reports.put(r.source(), r));
        Map<String, String> newTexts = new LinkedHashMap<>(texts);
        List<String> failed = new ArrayList<>();
        int imported = 0;
        for (Path f : files) {
            progress.checkCanceled();
            progress.subTask(f.getFileName().toString());
            try {
                String text = extractor.readText(f);
                CreditReport r = extractor.extract(text, f.toString());
                reports.put(r.source(), r);
                newTexts.put(r.source(), text);
                imported++;
            } catch (EnclaveException e) {
                failed.add(e.getMessage());
            }
            progress.worked(1);
        }
        Portfolio analysed = analyse(new ArrayList<>(reports.values()));
        if (workspace != null) {
            workspace.auditLog().append(user(), "audit.ui.import", folder.toString(),
                    failed.isEmpty() ? AuditEntry.SUCCESS : AuditEntry.FAILURE,
                    imported + " reports imported, " + failed.size() + " failed");
        }
        return new Imported(analysed, Map.copyOf(newTexts), new ImportResult(imported, List.copyOf(failed)));
    }

    /** The outcome of {@link #importFolder}, not yet shown. */
    public record Imported(Portfolio portfolio, Map<String, String> texts, ImportResult result) {
    }

    /** Makes an import the session's portfolio, saves it and tells the parts. */
    public void publish(Imported imported) {
        this.portfolio = imported.portfolio();
        this.texts = imported.texts();
        save();
        fireChanged();
    }

    /** Forgets the imported reports (the decisions stay in the workspace). */
    public void clear() {
        publish(new Imported(new Portfolio(List.of(), List.of(), List.of(), List.of(), List.of()), Map.of(),
                new ImportResult(0, List.of())));
    }

    /**
     * Records the auditor's correction of one field of a report (kept per report hash in the
     * workspace and in the audit log; the studio's {@code audit} data source turns it into an
     * instruction example).
     *
     * @throws EnclaveException (bad input) naming the field or the value when they are not right
     */
    public FieldCorrections.Entry correct(String source, String field, String value, String comment) {
        return corrections.correct(workspace, subject, Path.of(source), field, value, comment);
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
     * as DOCX or XLSX by the file's extension, and records it in the audit log.
     *
     * @throws EnclaveException (bad input) naming the file for another extension or when it cannot be written
     */
    public void exportPaper(Path out, String source) {
        Portfolio p = source == null ? portfolio : portfolio.forReport(source);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".docx")) {
            exporter.writeDocx(p, texts, user(), out);
        } else if (name.endsWith(".xlsx")) {
            exporter.writeXlsx(p, texts, user(), out);
        } else {
            throw EnclaveException.badInput(out + ": the working paper is written as .docx or .xlsx.");
        }
        if (workspace != null) {
            workspace.auditLog().append(user(), "audit.paper", out.toString(), AuditEntry.SUCCESS,
                    (source == null ? "portfolio, " : source + ", ") + p.reports().size() + " reports, "
                            + p.findings().size() + " findings");
        }
    }

    private Portfolio analyse(List<CreditReport> reports) {
        if (reports.isEmpty()) {
            return new Portfolio(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Portfolio p = analyzer.analyze(reports);
        return new Portfolio(p.reports(), p.guaranteeEdges(), p.circles(), p.mutualPairs(),
                workspace == null ? p.findings() : decisions.apply(workspace, p.findings()));
    }

    private void fireChanged() {
        portfolioListeners.forEach(Runnable::run);
    }

    private static List<Path> reportFiles(Path folder) {
        if (Files.isRegularFile(folder)) {
            return List.of(folder);
        }
        if (!Files.isDirectory(folder)) {
            throw EnclaveException.badInput(folder + ": no such file or folder.");
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".txt") || n.endsWith(".docx") || n.endsWith(".pdf") || n.endsWith(".md");
            }).sorted().toList();
        } catch (IOException e) {
            throw EnclaveException.badInput(folder + ": cannot list the folder (" + e.getMessage() + ").");
        }
    }

    // ---------------------------------------------------------------- persistence

    private Path file() {
        return workspace.serviceFolder("audit").resolve("workbench").resolve("portfolio.json");
    }

    private void save() {
        if (workspace == null) {
            return;
        }
        JsonObject o = AuditJson.gson().toJsonTree(portfolio).getAsJsonObject();
        o.add("texts", AuditJson.gson().toJsonTree(texts));
        Path f = file();
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, AuditJson.gson().toJson(o), StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EnclaveException.failure(f + ": cannot save the audit portfolio (" + e.getMessage() + ").", e);
        }
    }

    private void load() {
        if (workspace == null) {
            return;
        }
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, String> t = AuditJson.gson().fromJson(o.remove("texts"),
                    new TypeToken<Map<String, String>>() { }.getType());
            Portfolio p = AuditJson.gson().fromJson(o, Portfolio.class);
            texts = t == null ? Map.of() : Map.copyOf(t);
            portfolio = new Portfolio(p.reports(), p.guaranteeEdges(), p.circles(), p.mutualPairs(),
                    decisions.apply(workspace, p.findings()));
        } catch (IOException | RuntimeException e) {
            // a damaged file must not keep the workbench from opening: start empty, keep the file
            workspace.auditLog().append(user(), "audit.ui.load", f.toString(), AuditEntry.FAILURE, String.valueOf(e.getMessage()));
        }
    }
}
