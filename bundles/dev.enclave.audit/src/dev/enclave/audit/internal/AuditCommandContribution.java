package dev.enclave.audit.internal;

import java.io.IOException;
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

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.Finding;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave audit extract|portfolio|decide} to the command line. */
@Component(service = CommandContribution.class)
public final class AuditCommandContribution implements CommandContribution {
    private CreditReportExtractor extractor;
    private PortfolioAnalyzer analyzer;
    private FindingDecisions decisions;
    private WorkingPaperExporter exporter;
    private FieldCorrections corrections;

    @Reference
    void setExporter(WorkingPaperExporter exporter) {
        this.exporter = exporter;
    }

    @Reference
    void setExtractor(CreditReportExtractor extractor) {
        this.extractor = extractor;
    }

    @Reference
    void setAnalyzer(PortfolioAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Reference
    void setDecisions(FindingDecisions decisions) {
        this.decisions = decisions;
    }

    @Reference
    void setCorrections(FieldCorrections corrections) {
        this.corrections = corrections;
    }

    /** The model runtime, for {@code extract --model-pass}; the rest of the pack works without it. */
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
    public Object createCommand(CliContext context) {
        return new AuditCommand(context, extractor, analyzer, decisions, exporter, corrections, models);
    }

    /** The report files under the given paths: folders are searched recursively; truth files are skipped. */
    static List<Path> reportFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(AuditCommandContribution::isReport).sorted().forEach(out::add);
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

    /** {@code enclave audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = { "Credit audit: extract credit reports, analyse a portfolio, decide on findings.",
                    "信贷审计：抽取授信调查报告要素、分析组合担保网络、处理风险发现。" })
    static final class AuditCommand {
        private final CliContext ctx;
        private final CreditReportExtractor extractor;
        private final PortfolioAnalyzer analyzer;
        private final FindingDecisions decisions;
        private final WorkingPaperExporter exporter;
        private final FieldCorrections corrections;
        private final ModelRegistry models;

        AuditCommand(CliContext ctx, CreditReportExtractor extractor, PortfolioAnalyzer analyzer,
                FindingDecisions decisions, WorkingPaperExporter exporter, FieldCorrections corrections,
                ModelRegistry models) {
            this.ctx = ctx;
            this.extractor = extractor;
            this.analyzer = analyzer;
            this.decisions = decisions;
            this.exporter = exporter;
            this.corrections = corrections;
            this.models = models;
        }

        @Command(name = "extract", description = { "Extract one credit report's key elements with evidence spans.",
                "抽取一份授信调查报告的关键要素及证据位置。" })
        void extract(@Parameters(paramLabel = "FILE", arity = "1") Path file,
                @Option(names = "--model-pass", description = {
                        "Let the active chat model propose the borrower and facility fields the rules left empty;"
                                + " a value is kept only with evidence found in the report.",
                        "由当前对话模型补充规则未抽取到的借款人与授信要素；仅保留在报告原文中找到证据的值。" }) boolean modelPass) {
            CreditReport r;
            if (modelPass) {
                if (models == null) {
                    throw EnclaveException.badInput("--model-pass: the model runtime is not installed. / 未安装模型运行时。");
                }
                String text = extractor.readText(file);
                r = extractor.extract(text, file.toString());
                try (LanguageModel model = models.openChatModel(ctx.workspace(), ctx.progress())) {
                    r = ModelPass.run(model, r, text, ctx.progress());
                }
            } else {
                r = extractor.extract(file);
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "audit.extract", file.toString(), AuditEntry.SUCCESS,
                    r.borrower().name() == null ? "" : r.borrower().name());
            if (ctx.json()) {
                ctx.out().println(AuditJson.gson().toJson(r));
                return;
            }
            printReport(r);
        }

        private void printReport(CreditReport r) {
            var out = ctx.out();
            out.printf("%s%n", r.source());
            out.printf("  Borrower / 借款人: %s (credit code %s, legal rep %s, controller %s)%n", r.borrower().name(),
                    r.borrower().creditCode(), r.borrower().legalRep(), r.borrower().controller());
            out.printf("  Facility / 授信: %s, %s yuan, %s months, rate %s%n", r.facility().product(),
                    r.facility().amountYuan(), r.facility().termMonths(), r.facility().rate());
            out.printf("  Financials / 财务: %d figures; guarantees / 担保: %d; collateral / 抵质押: %d; related / 关联方: %d;"
                    + " suppliers / 供应商: %d; customers / 客户: %d%n", r.financials().size(), r.guarantees().size(),
                    r.collateral().size(), r.relatedParties().size(), r.suppliers().size(), r.customers().size());
            r.guarantees().forEach(g -> out.printf("    %s (%s) → %s: %s %s%n", g.guarantor(), g.guarantorType(),
                    g.beneficiary(), g.kind(), g.amountYuan() == null ? "" : g.amountYuan() + " yuan"));
            out.printf("  Risks stated / 报告所述风险: %d; implied / 推断风险: %s%n", r.risksStated().size(), r.risksImplied());
            r.findings().forEach(f -> out.printf("  [%s] %s %s%n", f.severity(), f.code(), f.message()));
        }

        @Command(name = "portfolio", description = {
                "Analyse reports as one portfolio: guarantee network, circles, mutual pairs, chains, findings.",
                "将多份报告作为一个组合分析：担保网络、担保圈、互保、担保链与风险发现。" })
        void portfolio(@Parameters(paramLabel = "DIR|FILE", arity = "1..*") List<Path> paths) {
            List<Map<String, String>> failed = new ArrayList<>();
            Map<String, String> texts = new LinkedHashMap<>();
            Portfolio p = analyse(paths, failed, texts);
            List<CreditReport> reports = p.reports();
            List<Finding> findings = p.findings();
            ctx.workspace().auditLog().append(ctx.subject().name(), "audit.portfolio", paths.toString(),
                    AuditEntry.SUCCESS, reports.size() + " reports, " + findings.size() + " findings");
            if (ctx.json()) {
                JsonObject o = AuditJson.gson().toJsonTree(p).getAsJsonObject();
                o.add("failed", AuditJson.gson().toJsonTree(failed));
                ctx.out().println(AuditJson.gson().toJson(o));
                return;
            }
            var out = ctx.out();
            out.printf("%d reports / 份报告, %d guarantee edges / 条担保关系, %d circles / 个担保圈, %d mutual pairs / 对互保%n",
                    reports.size(), p.guaranteeEdges().size(), p.circles().size(), p.mutualPairs().size());
            for (CreditReport r : p.reports()) {
                out.printf("  %-40s %-12s %14s  risks %s%n", r.borrower().name(), r.facility().product(),
                        r.facility().amountYuan(), r.risksImplied());
            }
            for (Finding f : findings) {
                out.printf("[%s] %s %s%s%n    %s%n", f.severity(), f.id(), f.code(),
                        f.decision() == null ? "" : " (" + f.decision() + ")", f.message());
            }
        }

        /** Extracts the reports under {@code paths} (a bad file is reported and skipped) and analyses them. */
        private Portfolio analyse(List<Path> paths, List<Map<String, String>> failed, Map<String, String> texts) {
            List<Path> files = reportFiles(paths);
            if (files.isEmpty()) {
                throw EnclaveException.badInput(paths + ": no reports (.txt, .docx, .pdf) found.");
            }
            Progress progress = ctx.progress();
            progress.begin("Extracting reports / 抽取报告", files.size());
            List<CreditReport> reports = new ArrayList<>();
            for (Path f : files) {
                progress.checkCanceled();
                progress.subTask(f.getFileName().toString());
                try {
                    String text = extractor.readText(f);
                    reports.add(extractor.extract(text, f.toString()));
                    texts.put(f.toString(), text);
                } catch (EnclaveException e) {
                    failed.add(Map.of("path", f.toString(), "error", e.getMessage()));
                    ctx.err().println("enclave: " + e.getMessage());
                }
                progress.worked(1);
            }
            progress.done();
            if (reports.isEmpty()) {
                throw EnclaveException.badInput(paths + ": none of the " + files.size() + " files could be read.");
            }
            Portfolio p = analyzer.analyze(reports);
            List<Finding> findings = decisions.apply(ctx.workspace(), p.findings());
            return new Portfolio(p.reports(), p.guaranteeEdges(), p.circles(), p.mutualPairs(), findings);
        }

        @Command(name = "paper", description = {
                "Export the working paper of a portfolio or one report as DOCX and/or XLSX.",
                "导出组合或单份报告的审计工作底稿（DOCX 和/或 XLSX）。" })
        void paper(@Parameters(paramLabel = "DIR|FILE", arity = "1..*") List<Path> paths,
                @Option(names = "--docx", paramLabel = "FILE", description = { "Word file to write.", "输出的 Word 文件。" }) Path docx,
                @Option(names = "--xlsx", paramLabel = "FILE", description = { "Excel file to write.", "输出的 Excel 文件。" }) Path xlsx) {
            if (docx == null && xlsx == null) {
                throw EnclaveException.badInput("audit paper: give --docx FILE and/or --xlsx FILE.");
            }
            List<Map<String, String>> failed = new ArrayList<>();
            Map<String, String> texts = new LinkedHashMap<>();
            Portfolio p = analyse(paths, failed, texts);
            List<String> written = new ArrayList<>();
            if (docx != null) {
                exporter.writeDocx(p, texts, ctx.subject().name(), docx);
                written.add(docx.toString());
            }
            if (xlsx != null) {
                exporter.writeXlsx(p, texts, ctx.subject().name(), xlsx);
                written.add(xlsx.toString());
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "audit.paper", String.join(",", written),
                    AuditEntry.SUCCESS, p.reports().size() + " reports, " + p.findings().size() + " findings");
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("written", written);
                m.put("reports", p.reports().size());
                m.put("findings", p.findings().size());
                m.put("failed", failed);
                ctx.out().println(AuditJson.gson().toJson(m));
            } else {
                written.forEach(w -> ctx.out().println("wrote / 已写入 " + w));
            }
        }

        /** Exactly one of --confirm / --dismiss. */
        static final class Choice {
            @Option(names = "--confirm", required = true, description = { "Confirm the finding.", "确认该风险发现。" })
            boolean confirm;
            @Option(names = "--dismiss", required = true, description = { "Dismiss the finding.", "排除该风险发现。" })
            boolean dismiss;
        }

        @Command(name = "decide", description = { "Confirm or dismiss a finding (id from audit portfolio), with a comment.",
                "确认或排除一项风险发现（编号见 audit portfolio），并附意见。" })
        void decide(@Parameters(paramLabel = "FINDING_ID") String id,
                @ArgGroup(exclusive = true, multiplicity = "1") Choice choice,
                @Option(names = "--comment", defaultValue = "", description = { "The auditor's comment.", "审计意见。" }) String comment) {
            FindingDecisions.Decision d = decisions.decide(ctx.workspace(), ctx.subject(), id,
                    choice.confirm ? FindingDecisions.CONFIRMED : FindingDecisions.DISMISSED, comment);
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("finding", d.findingId());
                m.put("decision", d.decision());
                m.put("comment", d.comment());
                m.put("user", d.user());
                m.put("time", d.time());
                ctx.out().println(AuditJson.gson().toJson(m));
            } else {
                ctx.out().printf("%s: %s%n", d.findingId(), d.decision());
            }
        }
            @Command(name = "correct", description = {
                "Correct one extracted value of a report (kept in the workspace, used as training data by "
                        + "'data import --from audit').",
                "更正报告中的一个抽取值（保存在工作区，可由 data import --from audit 用作训练数据）。" })
        void correct(@Parameters(index = "0", paramLabel = "FILE") Path file,
                @Parameters(index = "1", paramLabel = "FIELD", description = { "Field path, e.g. borrower.controller "
                        + "or guarantees[0].amount_yuan.", "字段路径，如 borrower.controller 或 guarantees[0].amount_yuan。" }) String field,
                @Parameters(index = "2", paramLabel = "VALUE", description = { "The right value: a number, "
                        + "null, text, or JSON (a list or object).", "正确值：数字、null、文字，或 JSON（列表或对象）。" }) String value,
                @Option(names = "--comment", defaultValue = "", description = { "The auditor's comment.", "审计意见。" }) String comment) {
            print(corrections.correct(ctx.workspace(), ctx.subject(), file, field, value, comment));
        }

        @Command(name = "confirm", description = {
                "Confirm a report's extraction (with its corrections) as right.",
                "确认一份报告的抽取结果（含更正）无误。" })
        void confirm(@Parameters(paramLabel = "FILE") Path file,
                @Option(names = "--comment", defaultValue = "", description = { "The auditor's comment.", "审计意见。" }) String comment) {
            print(corrections.confirm(ctx.workspace(), ctx.subject(), file, comment));
        }

        private void print(FieldCorrections.Entry e) {
            if (ctx.json()) {
                ctx.out().println(AuditJson.gson().toJson(e));
            } else if (FieldCorrections.CORRECTED.equals(e.kind())) {
                ctx.out().printf("%s: %s = %s%n", e.report(), e.field(), e.valueJson());
            } else {
                ctx.out().printf("%s: extraction confirmed%n", e.report());
            }
        }
    }
}
