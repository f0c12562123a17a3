package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The auditor corrects and confirms extractions on the command line; the studio turns them
 * into instruction examples ({@code data import --from audit}).
 */
class CorrectionsTest {
    @TempDir
    Path dir;

    private static final String REPORT = "授信调查报告\n借款人：江南示例电子有限公司\n法定代表人：王示例\n"
            + "申请品种：流动资金贷款\n申请金额：人民币伍佰万元整\n期限：12个月\n"
            + "担保方式：由江北示例机械有限公司提供连带责任保证。\n"
            + "经营情况：公司实际控制人为李示例，主要从事电子元件制造。\n";

    private Services.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", dir.resolve("ws").toString()));
        all.addAll(List.of(args));
        return Services.cli(all.toArray(String[]::new));
    }

    @Test
    void correctionsAndConfirmationsBecomeInstructionExamples() throws Exception {
        Path report = Files.writeString(dir.resolve("r1.txt"), REPORT, StandardCharsets.UTF_8);
        Services.Run c1 = cli("audit", "correct", "--json", report.toString(), "facility.amount_yuan", "6000000",
                "--comment", "合同金额为600万元");
        assertEquals(0, c1.code(), c1.err());
        JsonObject entry = JsonParser.parseString(c1.out()).getAsJsonObject();
        assertEquals("corrected", entry.get("kind").getAsString());
        assertEquals(64, entry.get("sha256").getAsString().length());
        assertEquals(0, cli("audit", "correct", report.toString(), "borrower.controller", "李示例").code(),
                "plain text is taken as text");
        Services.Run confirm = cli("audit", "confirm", report.toString());
        assertEquals(0, confirm.code(), confirm.err());

        Services.Run bad = cli("audit", "correct", report.toString(), "borrower.shoe_size", "42");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("borrower.shoe_size"), bad.err());
        Services.Run notJson = cli("audit", "correct", report.toString(), "borrower.name", "{\"name\": ");
        assertEquals(2, notJson.code());
        assertTrue(notJson.err().contains("not valid JSON"), notJson.err());

        Services.Run sources = cli("data", "sources", "--json");
        assertEquals(0, sources.code(), sources.err());
        assertTrue(sources.out().contains("\"id\":\"audit\""), sources.out());

        Services.Run imported = cli("data", "import", "--json", "audit-sft", "--from", "audit");
        assertEquals(0, imported.code(), imported.err());
        assertEquals(3, JsonParser.parseString(imported.out()).getAsJsonObject().get("records").getAsInt(),
                "two corrected fields and one confirmed extraction");
        Path data = dir.resolve("ws/studio/datasets/audit-sft/v1.jsonl");
        List<JsonObject> records = Files.readAllLines(data, StandardCharsets.UTF_8).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        JsonObject amount = records.stream().filter(r -> r.get("output").getAsString().contains("amount_yuan"))
                .findFirst().orElseThrow();
        assertEquals("{\"facility.amount_yuan\":6000000}", amount.get("output").getAsString());
        assertTrue(amount.get("input").getAsString().contains("人民币伍佰万元整"),
                "the passage around the field's evidence: " + amount.get("input"));
        JsonObject whole = records.stream().filter(r -> r.get("source").getAsString().endsWith("r1.txt"))
                .findFirst().orElseThrow();
        JsonObject corrected = JsonParser.parseString(whole.get("output").getAsString()).getAsJsonObject();
        assertEquals(6_000_000L, corrected.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        assertEquals("李示例", corrected.getAsJsonObject("borrower").get("controller").getAsString());
        assertEquals("江南示例电子有限公司", corrected.getAsJsonObject("borrower").get("name").getAsString(),
                "uncorrected values stay as extracted");
        assertTrue(!corrected.has("evidence"), "offsets are not training targets");

        // A changed report no longer matches its corrections: nothing to import, said clearly.
        Files.writeString(report, REPORT + "补充说明：无。\n", StandardCharsets.UTF_8);
        Services.Run stale = cli("data", "import", "audit-sft", "--from", "audit");
        assertEquals(2, stale.code(), stale.out());
        assertTrue(stale.err().contains("no records"), stale.err());
        String log = Files.readString(dir.resolve("ws/audit/audit.jsonl"), StandardCharsets.UTF_8);
        assertTrue(log.contains("audit.correct") && log.contains("audit.confirm"), log);
    }

    @Test
    void correctionsBecomePreferencePairsThatTrainDpoAccepts() throws Exception {
        Path report = Files.writeString(dir.resolve("r2.txt"), REPORT, StandardCharsets.UTF_8);
        assertEquals(0, cli("audit", "correct", report.toString(), "facility.amount_yuan", "6000000").code());
        assertEquals(0, cli("audit", "correct", report.toString(), "borrower.name", "江南示例电子有限公司").code(),
                "a correction that keeps the extracted value is no preference");
        Services.Run sources = cli("data", "sources", "--json");
        assertTrue(sources.out().contains("\"id\":\"audit-preferences\""), sources.out());

        Services.Run imported = cli("data", "import", "--json", "audit-prefs", "--from", "audit-preferences");
        assertEquals(0, imported.code(), imported.err());
        assertEquals(1, JsonParser.parseString(imported.out()).getAsJsonObject().get("records").getAsInt(), imported.out());
        Path data = dir.resolve("ws/studio/datasets/audit-prefs/v1.jsonl");
        JsonObject pair = JsonParser.parseString(Files.readAllLines(data, StandardCharsets.UTF_8).get(0)).getAsJsonObject();
        assertEquals("{\"facility.amount_yuan\":6000000}", pair.get("chosen").getAsString());
        assertEquals("{\"facility.amount_yuan\":5000000}", pair.get("rejected").getAsString(),
                "the value the extraction gave: 伍佰万元 = 5,000,000");
        assertTrue(pair.get("prompt").getAsString().contains("facility.amount_yuan")
                && pair.get("prompt").getAsString().contains("人民币伍佰万元整"), pair.get("prompt").getAsString());

        Path base = dev.enclave.tests.support.Fixtures.model("qwen2-tiny");
        Services.Run train = cli("train", "dpo", "--json", "--base", base.toString(), "--data", data.toString(),
                "--out", dir.resolve("dpo").toString(), "--rank", "2", "--max-len", "512", "--epochs", "1");
        assertEquals(0, train.code(), train.err());
        assertEquals("dpo", JsonParser.parseString(train.out()).getAsJsonObject().get("method").getAsString(), train.out());
        assertTrue(Files.exists(dir.resolve("dpo/adapter_model.safetensors")));
    }
}
