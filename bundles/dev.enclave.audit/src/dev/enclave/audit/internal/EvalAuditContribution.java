package dev.enclave.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.enclave.audit.AuditJson;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Adds {@code enclave eval audit --truth DIR}: field-level precision, recall and F1 per section. */
@Component(service = CommandContribution.class)
public final class EvalAuditContribution implements CommandContribution {
    @Reference
    private CreditReportExtractor extractor;

    @Override
    public String parent() {
        return "eval";
    }

    @Override
    public Object createCommand(CliContext context) {
        return new EvalAudit(context, extractor);
    }

    /**
     * Scores every {@code X.txt} with {@code X.truth.json} beside it under {@code dir}: the map
     * {@code enclave eval audit --json} prints. Mismatches are added to {@code details} when it is not null.
     */
    public static Map<String, Object> evaluate(CreditReportExtractor extractor, Path dir, List<String> details) {
        if (!Files.isDirectory(dir)) {
            throw EnclaveException.badInput(dir + ": no such folder.");
        }
        List<Path> reports = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".txt")).sorted()
                    .forEach(reports::add);
        } catch (IOException e) {
            throw EnclaveException.badInput(dir + ": cannot list the folder (" + e.getMessage() + ").");
        }
        AuditScorer scorer = new AuditScorer();
        List<Map<String, String>> failed = new ArrayList<>();
        int scored = 0;
        for (Path txt : reports) {
            String n = txt.getFileName().toString();
            Path truth = txt.resolveSibling(n.substring(0, n.length() - 4) + ".truth.json");
            if (!Files.isRegularFile(truth)) {
                continue;
            }
            JsonObject t;
            try {
                t = JsonParser.parseString(Files.readString(truth, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException | JsonParseException | IllegalStateException e) {
                failed.add(Map.of("path", truth.toString(), "error", "unreadable truth: " + e.getMessage()));
                continue;
            }
            JsonObject p;
            try {
                CreditReport r = extractor.extract(txt);
                p = AuditJson.gson().toJsonTree(r).getAsJsonObject();
            } catch (RuntimeException e) {
                // a report that cannot be extracted scores as finding nothing
                failed.add(Map.of("path", txt.toString(), "error", String.valueOf(e.getMessage())));
                p = new JsonObject();
            }
            scorer.score(n, t, p);
            scored++;
        }
        if (scored == 0) {
            throw EnclaveException.badInput(dir + ": no X.txt with X.truth.json beside it.");
        }
        if (details != null) {
            details.addAll(scorer.mismatches());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reports", scored);
        Map<String, Object> secs = new LinkedHashMap<>();
        scorer.sections().forEach((k, c) -> secs.put(k, row(c)));
        out.put("sections", secs);
        out.put("overall", row(scorer.overall()));
        out.put("failed", failed);
        return out;
    }

    private static Map<String, Object> row(AuditScorer.Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", round(c.precision()));
        m.put("recall", round(c.recall()));
        m.put("f1", round(c.f1()));
        m.put("tp", c.tp);
        m.put("fp", c.fp);
        m.put("fn", c.fn);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** {@code enclave eval audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true, description = {
            "Score credit-report extraction against X.truth.json files: precision, recall, F1 per section.",
            "以 X.truth.json 为标准评估授信报告抽取：按部分统计精确率、召回率与 F1。" })
    static final class EvalAudit implements Runnable {
        private final CliContext ctx;
        private final CreditReportExtractor extractor;

        @Option(names = "--truth", required = true, paramLabel = "DIR", description = {
                "Folder with X.txt reports and X.truth.json beside each.", "包含 X.txt 报告及同名 X.truth.json 的目录。" })
        Path truth;

        @Option(names = "--details", description = { "Also list every mismatch on standard error.",
                "同时在标准错误输出每一处不一致。" })
        boolean details;

        EvalAudit(CliContext ctx, CreditReportExtractor extractor) {
            this.ctx = ctx;
            this.extractor = extractor;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            List<String> mismatches = new ArrayList<>();
            Map<String, Object> r = evaluate(extractor, truth, mismatches);
            ctx.workspace().auditLog().append(ctx.subject().name(), "eval.audit", truth.toString(), AuditEntry.SUCCESS,
                    "f1=" + ((Map<String, Object>) r.get("overall")).get("f1"));
            if (details) {
                mismatches.forEach(ctx.err()::println);
            }
            for (Map<String, String> f : (List<Map<String, String>>) r.get("failed")) {
                ctx.err().println("enclave: " + f.get("path") + ": " + f.get("error"));
            }
            if (ctx.json()) {
                ctx.out().println(AuditJson.gson().toJson(r));
                return;
            }
            ctx.out().printf("%d reports / 份报告%n", (Integer) r.get("reports"));
            ctx.out().printf("%-16s %9s %9s %9s %6s %6s %6s%n", "section / 部分", "precision", "recall", "F1", "tp", "fp", "fn");
            Map<String, Object> secs = (Map<String, Object>) r.get("sections");
            secs.forEach((k, v) -> line(k, (Map<String, Object>) v));
            line("overall / 总体", (Map<String, Object>) r.get("overall"));
        }

        private void line(String name, Map<String, Object> m) {
            ctx.out().printf("%-16s %9.4f %9.4f %9.4f %6d %6d %6d%n", name, m.get("precision"), m.get("recall"), m.get("f1"),
                    m.get("tp"), m.get("fp"), m.get("fn"));
        }
    }
}
