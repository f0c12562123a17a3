package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.tests.ReportGenerator.Generated;
import dev.enclave.core.DomainPack;
import dev.enclave.core.PackRegistry;

/** The pack's commands exactly as the contracts describe them. */
class CliTest {
    @TempDir
    Path dir;

    private static final String SAMPLE = "授信调查报告\n借款人：江南示例电子有限公司\n统一社会信用代码：91320500MA1EXAMPL7\n法定代表人：王示例\n"
            + "申请品种：流动资金贷款\n申请金额：人民币伍佰万元整\n期限：12个月\n"
            + "担保方式：由江北示例机械有限公司提供连带责任保证。\n"
            + "2023年末资产总额8,000万元，负债总额6,000万元，资产负债率75%。\n";

    private String ws() {
        return dir.resolve("ws").toString();
    }

    @Test
    void extractPrintsTheSchema() throws Exception {
        Path f = Files.writeString(dir.resolve("sample.txt"), SAMPLE, StandardCharsets.UTF_8);
        Services.Run run = Services.cli("--data", ws(), "audit", "extract", "--json", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        for (String k : List.of("source", "borrower", "facility", "financials", "guarantees", "collateral", "related_parties",
                "suppliers", "customers", "risks_stated", "risks_implied", "evidence")) {
            assertTrue(o.has(k), k);
        }
        assertEquals(5_000_000L, o.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        assertEquals("江南示例电子有限公司", o.getAsJsonObject("borrower").get("name").getAsString());
        assertEquals("91320500MA1EXAMPL7", o.getAsJsonObject("borrower").get("credit_code").getAsString());
        assertEquals(12, o.getAsJsonObject("facility").get("term_months").getAsInt());
        assertTrue(o.getAsJsonObject("borrower").has("address") && o.getAsJsonObject("borrower").get("address").isJsonNull(),
                "unknown is null, and the key is there");
        JsonObject g = o.getAsJsonArray("guarantees").get(0).getAsJsonObject();
        assertEquals("江北示例机械有限公司", g.get("guarantor").getAsString());
        assertEquals("company", g.get("guarantor_type").getAsString());
        assertEquals(0.75, find(o.getAsJsonArray("financials"), "debt_to_asset_ratio"), 1e-9);
        assertTrue(o.getAsJsonArray("risks_implied").toString().contains("HIGH_LEVERAGE"));
        JsonArray span = o.getAsJsonObject("evidence").getAsJsonArray("facility.amount_yuan");
        assertEquals("人民币伍佰万元整", SAMPLE.substring(span.get(0).getAsInt(), span.get(1).getAsInt()));
        assertTrue(Files.readString(dir.resolve("ws/audit/audit.jsonl")).contains("audit.extract"));
    }

    @Test
    void unsupportedAndMissingFilesExitTwoNamingTheFile() throws Exception {
        Path docx = Files.write(dir.resolve("报告.docx"), new byte[] { 'P', 'K', 3, 4 });
        Services.Run run = Services.cli("--data", ws(), "audit", "extract", "--json", docx.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("报告.docx") && run.err().contains("corrupt"), run.err());
        Path wps = Files.writeString(dir.resolve("报告.wps"), "x");
        Services.Run unsupported = Services.cli("--data", ws(), "audit", "extract", "--json", wps.toString());
        assertEquals(2, unsupported.code());
        assertTrue(unsupported.err().contains("报告.wps") && unsupported.err().contains("not a supported report format"),
                unsupported.err());
        Services.Run missing = Services.cli("--data", ws(), "audit", "extract", dir.resolve("nope.txt").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.txt"), missing.err());
    }

    @Test
    void portfolioGoesOnPastABadFileAndDecisionsAreKept() throws Exception {
        Path reports = dir.resolve("reports");
        for (Generated g : new ReportGenerator(5L).portfolio(1)) {
            ReportGenerator.write(reports, g);
        }
        Files.write(reports.resolve("broken.txt"), new byte[] { 0, (byte) 0xff, (byte) 0xfe, 0, (byte) 0x81 });
        Services.Run run = Services.cli("--data", ws(), "audit", "portfolio", "--json", reports.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("broken.txt"), run.err());
        JsonObject p = JsonParser.parseString(run.out()).getAsJsonObject();
        for (String k : List.of("reports", "guarantee_edges", "circles", "mutual_pairs", "findings")) {
            assertTrue(p.has(k), k);
        }
        assertEquals(6, p.getAsJsonArray("reports").size());
        assertEquals(1, p.getAsJsonArray("circles").size());
        assertEquals(3, p.getAsJsonArray("circles").get(0).getAsJsonArray().size());
        assertEquals(1, p.getAsJsonArray("mutual_pairs").size());
        JsonObject finding = p.getAsJsonArray("findings").get(0).getAsJsonObject();
        for (String k : List.of("code", "severity", "subjects", "message", "evidence")) {
            assertTrue(finding.has(k), k);
        }
        JsonObject ev = finding.getAsJsonArray("evidence").get(0).getAsJsonObject();
        assertTrue(ev.has("source") && ev.has("start") && ev.has("end"));

        String id = finding.get("id").getAsString();
        Services.Run decide = Services.cli("--data", ws(), "audit", "decide", id, "--dismiss", "--comment", "已核实，担保已解除");
        assertEquals(0, decide.code(), decide.err());
        assertTrue(Files.readString(dir.resolve("ws/audit/decisions.json")).contains("已核实，担保已解除"));
        assertTrue(Files.readString(dir.resolve("ws/audit/audit.jsonl")).contains("audit.decide"));
        Services.Run again = Services.cli("--data", ws(), "audit", "portfolio", "--json", reports.toString());
        JsonObject decided = null;
        for (JsonElement e : JsonParser.parseString(again.out()).getAsJsonObject().getAsJsonArray("findings")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                decided = e.getAsJsonObject();
            }
        }
        assertEquals("dismissed", decided.get("decision").getAsString());
        Services.Run bad = Services.cli("--data", ws(), "audit", "decide", id, "--confirm", "--dismiss");
        assertEquals(2, bad.code(), "exactly one of --confirm and --dismiss");
    }

    @Test
    void evalAuditPrintsSectionsAndPackIsListed() throws Exception {
        ReportGenerator g = new ReportGenerator(11L);
        Path truth = dir.resolve("truth");
        for (int i = 0; i < 3; i++) {
            ReportGenerator.write(truth, g.generate("r" + i, ReportGenerator.Template.values()[i], g.company(),
                    List.of(g.company()), List.of()));
        }
        Services.Run run = Services.cli("--data", ws(), "eval", "audit", "--truth", truth.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(3, o.get("reports").getAsInt());
        for (String s : List.of("borrower", "facility", "financials", "guarantees", "collateral", "related_parties",
                "suppliers", "customers", "risks")) {
            JsonObject sec = o.getAsJsonObject("sections").getAsJsonObject(s);
            assertTrue(sec.has("precision") && sec.has("recall") && sec.has("f1"), s);
        }
        assertTrue(o.getAsJsonObject("overall").get("f1").getAsDouble() > 0.9, o.toString());
        Services.Run human = Services.cli("--data", ws(), "eval", "audit", "--truth", truth.toString());
        assertTrue(human.out().contains("overall") && human.out().contains("guarantees"), human.out());
        Services.Run none = Services.cli("--data", ws(), "eval", "audit", "--truth", dir.resolve("nothing").toString());
        assertEquals(2, none.code());

        List<String> ids = Services.get(PackRegistry.class).packs().stream().map(DomainPack::id).toList();
        assertTrue(ids.contains("dev.enclave.audit"), ids.toString());
    }

    private static double find(JsonArray fin, String metric) {
        for (JsonElement e : fin) {
            if (e.getAsJsonObject().get("metric").getAsString().equals(metric)) {
                return e.getAsJsonObject().get("value").getAsDouble();
            }
        }
        throw new AssertionError(metric + " missing");
    }
}
