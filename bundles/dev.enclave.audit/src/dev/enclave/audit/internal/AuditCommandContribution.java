package dev.enclave.audit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonObject;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditAuditService;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.Finding;
import dev.enclave.audit.FieldCorrections;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.audit.Portfolio;
import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Adds {@code enclave audit extract|portfolio|paper|decide|correct|confirm} to the command line.
 * The commands parse their options, call the pack's services (which read, write and audit) and
 * print; nothing is audited here.
 */
@Component(service = CommandContribution.class)
public final class AuditCommandContribution implements CommandContribution {
    @Reference
    private CreditAuditService audits;
    @Reference
    private FindingDecisions decisions;
    @Reference
    private FieldCorrections corrections;

    @Override
    public Object createCommand(CliContext context) {
        return new AuditCommand(context, audits, decisions, corrections);
    }

    /** {@code enclave audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = { "Credit audit: extract credit reports, analyse a portfolio, decide on findings.",
                    "信贷审计：抽取授信调查报告要素、分析组合担保网络、处理风险发现。" })
    static final class AuditCommand {
        private final CliContext ctx;
        private final CreditAuditService audits;
        private final FindingDecisions decisions;
        private final FieldCorrections corrections;

        AuditCommand(CliContext ctx, CreditAuditService audits, FindingDecisions decisions,
                FieldCorrections corrections) {
            this.ctx = ctx;
            this.audits = audits;
            this.decisions = decisions;
            this.corrections = corrections;
        }

        @Command(name = "extract", description = { "Extract one credit report's key elements with evidence spans.",
                "抽取一份授信调查报告的关键要素及证据位置。" })
        void extract(@Parameters(paramLabel = "FILE", arity = "1") Path file,
                @Option(names = "--model-pass", description = {
                        "Let the active chat model propose the borrower and facility fields the rules left empty;"
                                + " a value is kept only with evidence found in the report.",
                        "由当前对话模型补充规则未抽取到的借款人与授信要素；仅保留在报告原文中找到证据的值。" }) boolean modelPass) {
            CreditReport r = audits.extract(ctx.workspace(), ctx.subject(), file, modelPass, ctx.progress());
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
            CreditAuditService.Reading reading = audits.portfolio(ctx.workspace(), ctx.subject(), paths, ctx.progress());
            List<Map<String, String>> failed = failures(reading);
            List<Map<String, String>> skipped = skipped(reading);
            Portfolio p = reading.portfolio();
            List<CreditReport> reports = p.reports();
            List<Finding> findings = p.findings();
            if (ctx.json()) {
                JsonObject o = AuditJson.gson().toJsonTree(p).getAsJsonObject();
                o.add("failed", AuditJson.gson().toJsonTree(failed));
                o.add("skipped", AuditJson.gson().toJsonTree(skipped));
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

        /** The files not added as duplicates, each also told on standard error, as the JSON's {@code skipped}. */
        private List<Map<String, String>> skipped(CreditAuditService.Reading reading) {
            List<Map<String, String>> out = new ArrayList<>();
            for (CreditAuditService.Skipped s : reading.skipped()) {
                out.add(Map.of("path", s.path(), "reason", s.reason(), "duplicate_of", s.duplicateOf()));
                ctx.err().println("enclave: " + s.reason());
            }
            return out;
        }

        /** The files that could not be read, each also told on standard error, as the JSON's {@code failed}. */
        private List<Map<String, String>> failures(CreditAuditService.Reading reading) {
            List<Map<String, String>> failed = new ArrayList<>();
            for (CreditAuditService.Failure f : reading.failed()) {
                failed.add(Map.of("path", f.path(), "error", f.error()));
                ctx.err().println("enclave: " + f.error());
            }
            return failed;
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
            CreditAuditService.Reading reading = audits.paper(ctx.workspace(), ctx.subject(), paths, docx, xlsx,
                    ctx.progress());
            List<Map<String, String>> failed = failures(reading);
            List<Map<String, String>> skipped = skipped(reading);
            Portfolio p = reading.portfolio();
            List<String> written = new ArrayList<>();
            if (docx != null) {
                written.add(docx.toString());
            }
            if (xlsx != null) {
                written.add(xlsx.toString());
            }
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("written", written);
                m.put("reports", p.reports().size());
                m.put("findings", p.findings().size());
                m.put("failed", failed);
                m.put("skipped", skipped);
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
