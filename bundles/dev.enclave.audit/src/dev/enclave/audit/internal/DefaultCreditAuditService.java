package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditAuditService;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.RiskRule;
import dev.enclave.audit.RiskThresholds;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelRegistry;

/**
 * Reads reports with the {@link CreditReportExtractor}, analyses them with the
 * {@link PortfolioAnalyzer}, applies the {@link FindingDecisions}, and keeps the workbench
 * portfolio as JSON ({@link AuditJson}'s shape of {@code enclave audit portfolio --json} plus a
 * {@code texts} object) in the workspace. One audit entry per call, written here.
 */
@Component(service = CreditAuditService.class)
public final class DefaultCreditAuditService implements CreditAuditService {
    @Reference
    private CreditReportExtractor extractor;
    @Reference
    private PortfolioAnalyzer analyzer;
    @Reference
    private FindingDecisions decisions;
    @Reference
    private WorkingPaperExporter exporter;
    @Reference
    private FieldCorrections corrections;
    /** The risk rules banks and partners add, applied to each report after its corrections. */
    private final List<RiskRule> rules = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(RiskRule rule) {
        rules.add(rule);
    }

    void removeRule(RiskRule rule) {
        rules.remove(rule);
    }

    /** The report's own figures and the added rules, with the workspace's thresholds. */
    private CreditReport complete(CreditReport r, RiskThresholds t) {
        return Extensions.rules(ReportFigures.complete(r, t), List.copyOf(rules), t);
    }
    /** The model runtime, for extraction with a model; the rest of the pack works without it. */
    private volatile ModelRegistry models;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setModels(ModelRegistry models) {
        this.models = models;
    }

    void unsetModels(ModelRegistry models) {
        if (this.models == models) {
            this.models = null;
        }
    }

    @Override
    public CreditReport extract(Workspace workspace, Subject user, Path file, boolean withModel, Progress progress) {
        CreditReport r;
        String sha = FileFieldCorrections.sha256(file);
        ReportLimits limits = ReportLimits.of(workspace);
        ModelRegistry m = models;
        if (withModel && m == null) {
            throw EnclaveException.badInput("the model runtime is not installed, so no model can complete the "
                    + "extraction. / 未安装模型运行时，无法由模型补充抽取。");
        }
        String text = extractor.readText(workspace, file, progress);
        limits.checkText(file, text);
        r = limits.within(file, () -> extractor.extract(text, file.toString()));
        if (withModel) {
            try (LanguageModel model = m.openChatModel(workspace, progress)) {
                r = ModelPass.run(model, r, text, progress);
            }
        }
        r = complete(corrected(workspace, withHash(r, sha)), RiskThresholds.of(workspace));
        workspace.auditLog().append(user.name(), "audit.extract", file.toString(), AuditEntry.SUCCESS,
                r.borrower().name() == null ? "" : r.borrower().name());
        return r;
    }

    @Override
    public Reading portfolio(Workspace workspace, Subject user, List<Path> paths, Progress progress) {
        Reading r = analyse(workspace, paths, progress);
        workspace.auditLog().append(user.name(), "audit.portfolio", paths.toString(), AuditEntry.SUCCESS,
                r.portfolio().reports().size() + " reports, " + r.portfolio().findings().size() + " findings");
        return r;
    }

    @Override
    public Reading paper(Workspace workspace, Subject user, List<Path> paths, Path docx, Path xlsx, Progress progress) {
        if (docx == null && xlsx == null) {
            throw EnclaveException.badInput("no file given for the working paper: name a Word (.docx) or Excel (.xlsx) file.");
        }
        Reading r = analyse(workspace, paths, progress);
        exporter.export(workspace, user, r.portfolio(), r.texts(), docx, xlsx);
        return r;
    }

    /** Extracts the reports under {@code paths} (a bad file is listed and skipped) and analyses them. */
    private Reading analyse(Workspace workspace, List<Path> paths, Progress progress) {
        List<Path> files = reportFiles(paths);
        if (files.isEmpty()) {
            throw EnclaveException.badInput(paths + ": no reports (.txt, .docx, .pdf) found.");
        }
        Map<String, CreditReport> reports = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> read = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        read(workspace, files, reports, texts, read, failed, skipped, progress);
        if (reports.isEmpty()) {
            throw EnclaveException.badInput(paths + ": none of the " + files.size() + " files could be read as a credit report"
                    + (failed.isEmpty() ? "." : " (" + failed.get(0).error() + (failed.size() > 1 ? " …)." : ")."))); 
        }
        return new Reading(analyse(workspace, new ArrayList<>(reports.values())), Map.copyOf(texts), List.copyOf(read),
                List.copyOf(failed), List.copyOf(skipped));
    }

    /**
     * Reads {@code files} into {@code reports}: a file that is no credit report is a failure, one
     * whose content or borrower credit code and facility is already there (other than from the
     * same path, which it replaces) is skipped; corrections are applied to each report read.
     */
    private void read(Workspace workspace, List<Path> files, Map<String, CreditReport> reports, Map<String, String> texts,
            List<String> read, List<Failure> failed, List<Skipped> skipped, Progress progress) {
        List<FieldCorrections.Entry> entries = corrections.entries(workspace);
        RiskThresholds thresholds = RiskThresholds.of(workspace);
        ReportLimits limits = ReportLimits.of(workspace);
        progress.begin("Extracting reports / 抽取报告", files.size());
        for (Path f : files) {
            progress.checkCanceled();
            progress.subTask(f.getFileName().toString());
            try {
                String sha = FileFieldCorrections.sha256(f);
                String text = extractor.readText(workspace, f, progress);
                limits.checkText(f, text);
                CreditReport r = limits.within(f, () -> extractor.extract(text, f.toString()));
                if (!isCreditReport(r)) {
                    failed.add(new Failure(f.toString(), f + ": not a credit report: neither a borrower nor a facility was "
                            + "found in it, so it is not added. / 不是授信调查报告：未找到借款人和授信要素，未加入组合。"));
                    progress.worked(1);
                    continue;
                }
                r = complete(AppliedCorrections.apply(withHash(r, sha), entries, corrections), thresholds);
                CreditReport same = duplicateOf(r, reports);
                if (same != null) {
                    boolean content = sha.equals(same.sha256());
                    skipped.add(new Skipped(f.toString(), f + (content ? ": the same content as " + same.source()
                            + " is already in the portfolio; not added again. / 与组合中已有报告内容相同，未重复加入。"
                            : ": the same borrower credit code and facility as " + same.source()
                                    + " are already in the portfolio; not added again. / 借款人统一社会信用代码及授信与组合中已有报告相同，未重复加入。"),
                            same.source()));
                    progress.worked(1);
                    continue;
                }
                reports.put(r.source(), r);
                texts.put(r.source(), text);
                read.add(r.source());
            } catch (EnclaveException e) {
                if (e instanceof Progress.CanceledException) {
                    // Cancelled (during a scan's OCR, say): the import stops, it is no failure of this file.
                    throw e;
                }
                failed.add(new Failure(f.toString(), e.getMessage()));
            }
            progress.worked(1);
        }
        progress.done();
    }

    /** A credit report names a borrower or a facility; a meeting notice or a memo names neither. */
    static boolean isCreditReport(CreditReport r) {
        return r.borrower().name() != null || r.facility().product() != null || r.facility().amountYuan() != null;
    }

    /** The report of {@code reports} (from another path) with the same content, or credit code and facility; or null. */
    static CreditReport duplicateOf(CreditReport r, Map<String, CreditReport> reports) {
        for (CreditReport o : reports.values()) {
            if (o.source().equals(r.source())) {
                continue; // the same path: a re-import replaces it
            }
            if (r.sha256() != null && r.sha256().equals(o.sha256())) {
                return o;
            }
            String code = r.borrower().creditCode();
            if (code != null && code.equals(o.borrower().creditCode())
                    && (r.facility().product() != null || r.facility().amountYuan() != null)
                    && java.util.Objects.equals(r.facility().product(), o.facility().product())
                    && java.util.Objects.equals(r.facility().amountYuan(), o.facility().amountYuan())) {
                return o;
            }
        }
        return null;
    }

    static CreditReport withHash(CreditReport r, String sha) {
        return new CreditReport(r.source(), r.borrower(), r.facility(), r.financials(), r.guarantees(), r.collateral(),
                r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(), r.risksImplied(), r.evidence(),
                r.findings(), sha, r.derived(), r.corrections());
    }

    /** The report with the workspace's corrections for its content applied. */
    private CreditReport corrected(Workspace workspace, CreditReport r) {
        return AppliedCorrections.apply(r, corrections.entries(workspace), corrections);
    }

    private Portfolio analyse(Workspace workspace, List<CreditReport> reports) {
        if (reports.isEmpty()) {
            return Reading.empty().portfolio();
        }
        Portfolio p = analyzer.analyze(reports, RiskThresholds.of(workspace));
        return new Portfolio(p.reports(), p.guaranteeEdges(), p.circles(), p.mutualPairs(),
                decisions.apply(workspace, p.findings()));
    }

    /** The report files under the given paths: folders are searched recursively; truth files are skipped. */
    static List<Path> reportFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(DefaultCreditAuditService::isReport).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw EnclaveException.badInput(p + ": cannot list the folder (" + e.getMessage() + ").");
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw EnclaveException.badInput(p + ": no such file or folder.");
            }
        }
        return out;
    }

    private static boolean isReport(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".txt") || n.endsWith(".docx") || n.endsWith(".pdf") || n.endsWith(".md");
    }

    // ---------------------------------------------------------------- the workbench portfolio

    @Override
    public Reading workbench(Workspace workspace, Subject user) {
        Path f = file(workspace);
        try {
            return load(workspace, f);
        } catch (IOException | RuntimeException e) {
            // a damaged file must not keep the workbench from opening: start empty, keep the file
            workspace.auditLog().append(user.name(), "audit.ui.load", f.toString(), AuditEntry.FAILURE,
                    String.valueOf(e.getMessage()));
            return Reading.empty();
        }
    }

    @Override
    public Reading importToWorkbench(Workspace workspace, Subject user, Path folder, Progress progress) {
        List<Path> files = reportFiles(List.of(folder));
        if (files.isEmpty()) {
            throw EnclaveException.badInput(folder + ": holds no report (.txt, .md, .docx or .pdf files).");
        }
        Reading saved;
        try {
            saved = load(workspace, file(workspace));
        } catch (IOException | RuntimeException e) {
            saved = Reading.empty(); // already audited when the workbench opened; the import replaces it
        }
        Map<String, CreditReport> reports = new LinkedHashMap<>();
        saved.portfolio().reports().forEach(r -> reports.put(r.source(), r));
        Map<String, String> texts = new LinkedHashMap<>(saved.texts());
        List<String> read = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        read(workspace, files, reports, texts, read, failed, skipped, progress);
        Reading result = new Reading(analyse(workspace, new ArrayList<>(reports.values())), Map.copyOf(texts),
                List.copyOf(read), List.copyOf(failed), List.copyOf(skipped));
        save(workspace, result);
        workspace.auditLog().append(user.name(), "audit.ui.import", folder.toString(),
                failed.isEmpty() ? AuditEntry.SUCCESS : AuditEntry.FAILURE,
                read.size() + " reports imported, " + skipped.size() + " already there, " + failed.size() + " failed");
        return result;
    }

    @Override
    public void clearWorkbench(Workspace workspace) {
        save(workspace, Reading.empty());
    }

    private static Path file(Workspace workspace) {
        return workspace.serviceFolder("audit").resolve("workbench").resolve("portfolio.json");
    }

    private static void save(Workspace workspace, Reading reading) {
        JsonObject o = AuditJson.gson().toJsonTree(reading.portfolio()).getAsJsonObject();
        o.add("texts", AuditJson.gson().toJsonTree(reading.texts()));
        Path f = file(workspace);
        try {
            FileIO.writeAtomically(f, AuditJson.gson().toJson(o));
        } catch (UncheckedIOException e) {
            throw EnclaveException.failure(f + ": cannot save the audit portfolio (" + e.getCause().getMessage() + ").", e);
        }
    }

    /** The saved portfolio with today's decisions, or an empty one when none was saved. */
    private Reading load(Workspace workspace, Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            return Reading.empty();
        }
        JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, String> t = AuditJson.gson().fromJson(o.remove("texts"), new TypeToken<Map<String, String>>() { }.getType());
        Portfolio p = AuditJson.gson().fromJson(o, Portfolio.class);
        // corrections made since the save apply too: the reports are corrected and analysed again
        List<FieldCorrections.Entry> entries = corrections.entries(workspace);
        List<CreditReport> reports = new ArrayList<>();
        for (CreditReport r : p.reports()) {
            List<CreditReport.Financial> fin = r.financials().stream().map(AppliedCorrections::typed).toList();
            reports.add(complete(AppliedCorrections.apply(new CreditReport(r.source(), r.borrower(), r.facility(), fin,
                    r.guarantees(), r.collateral(), r.relatedParties(), r.suppliers(), r.customers(), r.risksStated(),
                    r.risksImplied(), r.evidence(), r.findings(), r.sha256(), r.derived(), r.corrections()), entries,
                    corrections), RiskThresholds.of(workspace)));
        }
        return new Reading(analyse(workspace, reports), t == null ? Map.of() : Map.copyOf(t), List.of(), List.of());
    }
}
