package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.Finding;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.PortfolioAnalyzer;
import dev.enclave.audit.tests.ReportGenerator.Generated;

/**
 * What an auditor signs must hold: a portfolio counts each report once and refuses what is not a
 * report; corrections reach every output; figures derived from stated ones are marked and named in
 * findings; a dense guarantee network is analysed in bounded time.
 */
class IntegrityTest {
    @TempDir
    Path dir;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private static final String NOTICE = "关于召开2024年第二季度经营分析会的通知\n各部门：\n定于2024年7月5日上午9:00在总部三楼会议室召开"
            + "第二季度经营分析会，请各部门负责人准时参加。\n办公室\n2024年6月28日\n";

    /** A report stating assets and liabilities (73.0%) but no ratio. */
    private static final String LEVERED = "授信调查报告\n借款人：江南示例电子有限公司\n统一社会信用代码：91320500MA1EXAMPL7\n"
            + "申请品种：流动资金贷款\n申请金额：人民币伍佰万元整\n期限：12个月\n"
            + "2023年末资产总额8,420万元，负债总额6,150万元。\n";

    private JsonObject portfolio(Path folder) {
        Services.Run run = Services.cli("--data", ws(), "audit", "portfolio", "--json", folder.toString());
        assertEquals(0, run.code(), run.err());
        return JsonParser.parseString(run.out()).getAsJsonObject();
    }

    @Test
    void eightReportsACopyAndAMeetingNoticeGiveEightRows() throws Exception {
        Path reports = dir.resolve("reports");
        List<Generated> gens = new ReportGenerator(5L).portfolio(3);
        for (Generated g : gens) {
            ReportGenerator.write(reports, g);
        }
        assertEquals(8, gens.size());
        Files.copy(reports.resolve(gens.get(0).name() + ".txt"), reports.resolve("copy of " + gens.get(0).name() + ".txt"));
        Files.writeString(reports.resolve("meeting-notice.txt"), NOTICE, StandardCharsets.UTF_8);
        Services.Run run = Services.cli("--data", ws(), "audit", "portfolio", "--json", reports.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject p = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(8, p.getAsJsonArray("reports").size(), "each report once, the notice refused");
        for (JsonElement r : p.getAsJsonArray("reports")) {
            assertFalse(r.getAsJsonObject().getAsJsonObject("borrower").get("name").isJsonNull(), "no row without a borrower");
        }
        JsonArray skipped = p.getAsJsonArray("skipped");
        assertEquals(1, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).getAsJsonObject().get("path").getAsString().contains("copy of"));
        assertTrue(skipped.get(0).getAsJsonObject().get("duplicate_of").getAsString().endsWith(gens.get(0).name() + ".txt"));
        JsonArray failed = p.getAsJsonArray("failed");
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).getAsJsonObject().get("error").getAsString().contains("meeting-notice.txt")
                && failed.get(0).getAsJsonObject().get("error").getAsString().contains("not a credit report"), failed.toString());
        assertTrue(run.err().contains("copy of") && run.err().contains("meeting-notice.txt"), run.err());
        assertEquals(1, p.getAsJsonArray("circles").size(), "the planted circle, once");
        assertEquals(1, p.getAsJsonArray("mutual_pairs").size(), "the planted mutual pair, once");

        // a file named twice (in its folder and on its own) counts once
        Services.Run first = Services.cli("--data", ws(), "audit", "portfolio", "--json", reports.toString(),
                reports.resolve(gens.get(1).name() + ".txt").toString());
        assertEquals(8, JsonParser.parseString(first.out()).getAsJsonObject().getAsJsonArray("reports").size());
    }

    @Test
    void aCorrectionReachesPortfolioExtractAndFindings() throws Exception {
        Path reports = dir.resolve("reports");
        Path f = reports.resolve("levered.txt");
        Files.createDirectories(reports);
        Files.writeString(f, LEVERED, StandardCharsets.UTF_8);
        JsonObject before = report(portfolio(reports), "levered.txt");
        assertEquals(5_000_000L, before.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        assertTrue(before.getAsJsonArray("risks_implied").toString().contains("HIGH_LEVERAGE"));

        Services.Run c = Services.cli("--data", ws(), "audit", "correct", f.toString(), "facility.amount_yuan", "25000000",
                "--comment", "见授信批复");
        assertEquals(0, c.code(), c.err());
        JsonObject after = report(portfolio(reports), "levered.txt");
        assertEquals(25_000_000L, after.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        JsonObject corr = after.getAsJsonArray("corrections").get(0).getAsJsonObject();
        assertEquals("facility.amount_yuan", corr.get("field").getAsString());
        assertEquals("5000000", corr.get("extracted_json").getAsString(), "the extracted value is kept beside it");
        assertEquals("25000000", corr.get("corrected_json").getAsString());

        // liabilities corrected to 40%: the derived ratio, the code and the finding follow
        int i = index(after.getAsJsonArray("financials"), "total_liabilities");
        Services.Run c2 = Services.cli("--data", ws(), "audit", "correct", f.toString(), "financials[" + i + "].value",
                "33680000");
        assertEquals(0, c2.code(), c2.err());
        JsonObject p = portfolio(reports);
        JsonObject lowered = report(p, "levered.txt");
        assertFalse(lowered.getAsJsonArray("risks_implied").toString().contains("HIGH_LEVERAGE"), lowered.toString());
        assertEquals(0.4, lowered.getAsJsonArray("derived").get(0).getAsJsonObject().get("value").getAsDouble(), 1e-9);
        for (JsonElement e : p.getAsJsonArray("findings")) {
            assertFalse(e.getAsJsonObject().get("code").getAsString().equals("HIGH_LEVERAGE"), e.toString());
        }

        // the same content elsewhere (a re-import, a copy) keeps the corrections: they follow the content
        Path copy = Files.copy(f, Files.createDirectories(dir.resolve("elsewhere")).resolve("same.txt"));
        Services.Run x = Services.cli("--data", ws(), "audit", "extract", "--json", copy.toString());
        assertEquals(0, x.code(), x.err());
        JsonObject extracted = JsonParser.parseString(x.out()).getAsJsonObject();
        assertEquals(25_000_000L, extracted.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        assertEquals(2, extracted.getAsJsonArray("corrections").size());
    }

    @Test
    void ratiosAreDerivedAndFindingsNameBorrowerValueYearAndThreshold() {
        CreditReport r = Services.get(dev.enclave.audit.CreditReportExtractor.class).extract(LEVERED, "levered.txt");
        assertTrue(r.financials().stream().noneMatch(x -> x.metric().equals("debt_to_asset_ratio")), "never stated");
        assertEquals(1, r.derived().size(), r.derived().toString());
        assertEquals(0.7304, r.derived().get(0).value().doubleValue(), 1e-9);
        assertTrue(r.risksImplied().contains("HIGH_LEVERAGE"));
        Portfolio p = Services.get(PortfolioAnalyzer.class).analyze(List.of(r));
        Finding lev = p.findings().stream().filter(x -> x.code().equals("HIGH_LEVERAGE")).findFirst().orElseThrow();
        String zh = lev.message(Locale.SIMPLIFIED_CHINESE);
        assertTrue(zh.startsWith("江南示例电子有限公司：资产负债率 73.0%（2023年") && zh.contains("高于 70%"), zh);
        String en = lev.message(Locale.ENGLISH);
        assertTrue(en.contains("73.0%") && en.contains("2023") && en.contains("70%") && !en.contains("资产"), en);

        // a stated ratio that disagrees with the stated amounts is a finding
        CreditReport wrong = Services.get(dev.enclave.audit.CreditReportExtractor.class)
                .extract(LEVERED.replace("6,150万元。", "6,150万元，资产负债率55%。"), "wrong.txt");
        assertTrue(wrong.derived().isEmpty(), "a stated ratio is not derived again");
        assertTrue(wrong.findings().stream().anyMatch(x -> x.code().equals("INCONSISTENT_FIGURES")), wrong.findings().toString());
    }

    @Test
    void twelveCompaniesGuaranteeingEachOtherAreOneComponent() {
        List<CreditReport> reports = new ArrayList<>();
        int n = 12;
        for (int i = 0; i < n; i++) {
            List<Guarantee> gs = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    gs.add(new Guarantee(name(i), "company", name(j), "连带责任保证", null));
                }
            }
            reports.add(new CreditReport("r" + i + ".txt", new Borrower(name(i), null, null, null, null, null, null, null),
                    new Facility("流动资金贷款", 1_000_000L, 12, null, null, null), List.of(), gs, List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), Map.of(), List.of()));
        }
        Portfolio p = Services.get(PortfolioAnalyzer.class).analyze(reports);
        assertEquals(n * (n - 1), p.guaranteeEdges().size());
        assertEquals(n * (n - 1) / 2, p.mutualPairs().size(), "every pair guarantees each other");
        assertFalse(p.circles().isEmpty());
        assertTrue(p.circles().size() <= 10, "a bounded number of example circles: " + p.circles().size());
        assertEquals(3, p.circles().get(0).size(), "shortest first");
        List<Finding> circles = p.findings().stream().filter(f -> f.code().equals("GUARANTEE_CIRCLE")).toList();
        assertEquals(1, circles.size(), "one finding for the component");
        assertEquals(n, circles.get(0).subjects().size(), "naming all its members");
        for (CreditReport r : p.reports()) {
            assertTrue(r.risksImplied().containsAll(List.of("GUARANTEE_CIRCLE", "MUTUAL_GUARANTEE")), r.risksImplied().toString());
        }
        assertNotNull(circles.get(0).message(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void anOversizedReportIsRefusedAndTheBatchGoesOn() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("levered.txt"), LEVERED, StandardCharsets.UTF_8);
        Path big = reports.resolve("huge.txt");
        Files.writeString(big, LEVERED + "经营情况良好。".repeat(3_000), StandardCharsets.UTF_8);
        Services.Run set = Services.cli("--data", ws(), "settings", "set", "audit.report.maxChars", "10000");
        assertEquals(0, set.code(), set.err());
        Services.Run one = Services.cli("--data", ws(), "audit", "extract", big.toString());
        assertEquals(2, one.code(), one.err());
        assertTrue(one.err().contains("huge.txt") && one.err().contains("audit.report.maxChars"), one.err());
        JsonObject p = portfolio(reports);
        assertEquals(1, p.getAsJsonArray("reports").size(), "the good report is read");
        assertTrue(p.getAsJsonArray("failed").toString().contains("huge.txt"), p.toString());
        Services.Run bad = Services.cli("--data", ws(), "settings", "set", "audit.report.seconds", "0");
        assertEquals(2, bad.code(), "a budget below one second is refused: " + bad.err());
    }

    private static String name(int i) {
        return "测试" + "甲乙丙丁戊己庚辛壬癸子丑".charAt(i) + "实业有限公司";
    }

    private static JsonObject report(JsonObject portfolio, String file) {
        for (JsonElement e : portfolio.getAsJsonArray("reports")) {
            if (e.getAsJsonObject().get("source").getAsString().endsWith(file)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(file + " not in " + portfolio);
    }

    private static int index(JsonArray fin, String metric) {
        for (int i = 0; i < fin.size(); i++) {
            if (fin.get(i).getAsJsonObject().get("metric").getAsString().equals(metric)) {
                return i;
            }
        }
        throw new AssertionError(metric + " missing in " + fin);
    }
}
