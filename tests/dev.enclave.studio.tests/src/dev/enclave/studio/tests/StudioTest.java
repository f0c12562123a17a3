package dev.enclave.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.tests.support.Cli;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.studio.Splitter;

class StudioTest {
    @TempDir
    Path dir;

    /** An 18-digit id number with the right check digit for {@code first17}. */
    static String idCard(String first17) {
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** A card number with a valid Luhn digit. */
    static String card(String body) {
        for (char d = '0'; d <= '9'; d++) {
            if (PiiMasker.luhn(body + d)) {
                return body + d;
            }
        }
        throw new AssertionError();
    }

    @Test
    void masksChinesePersonalData() {
        String id = idCard("32050219850607123");
        String badId = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        String bank = card("622202123456789012");
        String text = "法定代表人：王建国，身份证号" + id + "，手机 138-1234-5678，座机 0512-68881234，"
                + "还款账户 " + bank + "，邮箱 wang.jg@example.com。联系人李秀英女士。合同编号 " + badId + "。";
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        String masked = new PiiMasker().mask(text, counts);
        assertFalse(masked.contains(id), masked);
        assertTrue(masked.contains(badId), "a number with a wrong check digit is not an id card: " + masked);
        assertFalse(masked.contains("1234-5678") || masked.contains(bank) || masked.contains("wang.jg"), masked);
        assertFalse(masked.contains("王建国") || masked.contains("李秀英"), masked);
        assertTrue(masked.contains("[身份证号]") && masked.contains("[手机号]") && masked.contains("[电话]")
                && masked.contains("[银行卡号]") && masked.contains("[邮箱]") && masked.contains("[姓名]"), masked);
        assertEquals(1, counts.get(PiiMasker.Kind.ID_CARD));
        assertEquals(1, counts.get(PiiMasker.Kind.MOBILE));
        assertEquals(1, counts.get(PiiMasker.Kind.PHONE));
        assertEquals(1, counts.get(PiiMasker.Kind.BANK_CARD));
        assertEquals(1, counts.get(PiiMasker.Kind.EMAIL));
        assertEquals(2, counts.get(PiiMasker.Kind.NAME));
        assertTrue(masked.startsWith("法定代表人：[姓名]，身份证号[身份证号]"), masked);
    }

    @Test
    void hanlpFindsNamesWithoutLabels() {
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        String masked = new PiiMasker().mask("2023年张伟与刘德华在苏州签订了担保合同。", counts);
        assertFalse(masked.contains("张伟") || masked.contains("刘德华"), masked);
        assertTrue(masked.contains("苏州"), "places are not names: " + masked);
        assertEquals(2, counts.get(PiiMasker.Kind.NAME));
    }

    @Test
    void masksEnglishWithEnglishPlaceholders() {
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        String masked = new PiiMasker().mask("Contact: Mary Johnson, mary@fab.example.org, (555) 123-4567. "
                + "Approved by Dr. Alan Turing. Lot W07 yield 92%.", counts);
        assertEquals("Contact: [NAME], [EMAIL], [PHONE]. Approved by Dr. [NAME]. Lot W07 yield 92%.", masked);
        assertEquals(2, counts.get(PiiMasker.Kind.NAME));
    }

    static JsonObject rec(String id, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("text", text);
        return o;
    }

    @Test
    void dedupFindsExactAndNearDuplicatesAcrossWidthAndSpacing() {
        String base = "晶圆W07的良率从95%下降到87%，主要缺陷为边缘环形图案，怀疑与PECVD腔体清洗周期有关，需要复查配方参数。";
        List<JsonObject> records = new ArrayList<>(List.of(rec("a", base),
                rec("b", "晶圆 W07 的良率从 95% 下降到 87%，主要缺陷为边缘环形图案，怀疑与ＰＥＣＶＤ腔体清洗周期有关，需要复查配方参数。"),
                rec("c", base.replace("复查", "检查")),
                rec("d", "借款人江南示例电子有限公司申请流动资金贷款500万元，由江北示例机械有限公司提供连带责任保证。"),
                rec("e", "Wafer W07 yield dropped; edge-ring defects dominate.")));
        Deduplicator.Result r = new Deduplicator(0.8).run(records);
        assertEquals(List.of(List.of("a", "b", "c")), r.clusters());
        assertEquals(List.of("a", "d", "e"), r.kept().stream().map(Dataset::id).toList());
    }

    @Test
    void splitsReproduciblyAndStratified() {
        List<JsonObject> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JsonObject o = rec("r" + i, "text " + i);
            o.addProperty("label", i % 4 == 0 ? "Scratch" : "none");
            records.add(o);
        }
        Splitter.Split s = Splitter.split(records, 0.1, 0.2, 7, "label");
        assertEquals(200, s.train().size() + s.val().size() + s.test().size());
        assertEquals(20, s.test().size());
        assertEquals(40, s.val().size());
        assertEquals(5, s.test().stream().filter(o -> o.get("label").getAsString().equals("Scratch")).count(),
                "a quarter of each split is Scratch, as in the whole set");
        Set<String> ids = new HashSet<>();
        for (List<JsonObject> part : List.of(s.train(), s.val(), s.test())) {
            part.forEach(o -> assertTrue(ids.add(Dataset.id(o)), "disjoint"));
        }
        Splitter.Split again = Splitter.split(records, 0.1, 0.2, 7, "label");
        assertEquals(s.test().stream().map(Dataset::id).toList(), again.test().stream().map(Dataset::id).toList());
        Splitter.Split other = Splitter.split(records, 0.1, 0.2, 8, "label");
        assertFalse(s.test().stream().map(Dataset::id).toList().equals(other.test().stream().map(Dataset::id).toList()));
    }

    record Run(int code, String out, String err) {
    }

    Run cli(String... args) {
        Cli.Run r = Cli.run(dir.resolve("ws"), args);
        return new Run(r.code(), r.out(), r.err());
    }

    @Test
    void dataCommandsKeepIdsAndPrintTheContractJson() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"instruction\":\"联系人是谁？\",\"input\":\"联系人：赵敏，电话13912345678\",\"output\":\"赵敏\"}",
                "{\"id\":\"x2\",\"conversations\":[{\"from\":\"human\",\"value\":\"mail me at a@b.cn\"},"
                        + "{\"from\":\"gpt\",\"value\":\"ok\"}]}",
                "{\"text\":\"no personal data here\"}",
                "{\"text\":\"no personal data here\"}"), StandardCharsets.UTF_8);
        Run mask = cli("data", "mask", "--json", in.toString(), dir.resolve("masked.jsonl").toString());
        assertEquals(0, mask.code(), mask.err());
        JsonObject m = JsonParser.parseString(mask.out()).getAsJsonObject();
        assertEquals(4, m.get("records").getAsInt());
        assertEquals(1, m.getAsJsonObject("masked").get("mobile").getAsInt());
        assertEquals(1, m.getAsJsonObject("masked").get("email").getAsInt());
        assertTrue(m.getAsJsonObject("masked").get("name").getAsInt() >= 2, mask.out());
        List<String> lines = Files.readAllLines(dir.resolve("masked.jsonl"));
        assertTrue(lines.get(0).startsWith("{\"id\":\"r1\""), lines.get(0));
        assertTrue(lines.get(0).contains("[手机号]") && !lines.get(0).contains("赵敏"), lines.get(0));
        assertTrue(lines.get(1).contains("\"id\":\"x2\"") && lines.get(1).contains("[EMAIL]"), lines.get(1));

        Run dedup = cli("data", "dedup", "--json", dir.resolve("masked.jsonl").toString(),
                dir.resolve("dedup.jsonl").toString());
        assertEquals(0, dedup.code(), dedup.err());
        JsonObject d = JsonParser.parseString(dedup.out()).getAsJsonObject();
        assertEquals(4, d.get("records").getAsInt());
        assertEquals(3, d.get("kept").getAsInt());
        assertEquals("[[\"r3\",\"r4\"]]", d.get("clusters").toString());

        Run split = cli("data", "split", "--json", "--test", "0.34", "--val", "0", "--seed", "1",
                dir.resolve("dedup.jsonl").toString(), dir.resolve("parts").toString());
        assertEquals(0, split.code(), split.err());
        assertEquals(3, Files.readAllLines(dir.resolve("parts/train.jsonl")).size()
                + Files.readAllLines(dir.resolve("parts/test.jsonl")).size());
        Run stats = cli("data", "stats", "--json", in.toString());
        assertEquals(0, stats.code(), stats.err());
        assertEquals(1, JsonParser.parseString(stats.out()).getAsJsonObject().get("exact_duplicates").getAsInt());

        Files.writeString(dir.resolve("bad.jsonl"), "{\"text\":\"ok\"}\n{broken\n");
        Run bad = cli("data", "stats", dir.resolve("bad.jsonl").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("bad.jsonl line 2"), bad.err());
    }
}
