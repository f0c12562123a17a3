package dev.enclave.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.studio.Balancer;
import dev.enclave.studio.Cleaner;
import dev.enclave.studio.Dataset;
import dev.enclave.tests.support.Workspaces;

/** Cleaning, balancing and workspace dataset versions with their lineage. */
class DatasetVersionsTest {
    @TempDir
    Path dir;

    private final StudioTest cliHost = new StudioTest();

    private StudioTest.Run cli(String... args) {
        cliHost.dir = dir;
        return cliHost.cli(args);
    }

    private static JsonObject text(String id, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("text", text);
        return o;
    }

    @Test
    void cleaningRepairsWidthMojibakeControlsAndWhitespaceAndReportsEachStep() {
        String utf8AsCp1252 = new String("晶圆良率".getBytes(StandardCharsets.UTF_8),
                java.nio.charset.Charset.forName("windows-1252"));
        List<JsonObject> records = new ArrayList<>(List.of(
                text("a", "ＣＭＰ　工艺：压力５ｌｂｆ，时间１２秒。"),
                text("b", utf8AsCp1252 + " 报告"),
                text("c", "zero\u200Bwidth\u0007 bell   and\t\tspaces\n\n\n\nnext"),
                text("d", "  "),
                text("e", "lost \uFFFD bytes"),
                text("f", "plain English text that is fine")));
        Cleaner.Result r = new Cleaner(Set.of(), 1, 0, Set.of()).run(records);
        Map<String, String> byId = new java.util.HashMap<>();
        r.kept().forEach(o -> byId.put(Dataset.id(o), o.get("text").getAsString()));
        assertEquals("CMP 工艺：压力5lbf，时间12秒。", byId.get("a"), "digits and letters to half width, Chinese punctuation kept");
        assertEquals("晶圆良率 报告", byId.get("b"), "UTF-8 read as Windows-1252 repaired");
        assertEquals("zerowidth bell and spaces\n\nnext", byId.get("c"));
        assertFalse(byId.containsKey("d"), "an empty record is removed by the length filter");
        assertFalse(byId.containsKey("e"), "text with lost bytes is removed");
        assertEquals("plain English text that is fine", byId.get("f"));
        assertEquals(List.of("a", "b", "c", "f"), r.kept().stream().map(Dataset::id).toList(), "order kept");
        assertEquals(1, r.report().changed().get("width"));
        assertEquals(1, r.report().changed().get("mojibake"));
        assertEquals(1, r.report().changed().get("control"));
        assertEquals(1, r.report().removed().get("mojibake"));
        assertEquals(1, r.report().removed().get("length"));
        assertEquals(List.of("d", "e"), r.report().removedIds());
    }

    @Test
    void languageAndLengthFilters() {
        List<JsonObject> records = new ArrayList<>(List.of(text("zh", "晶圆良率下降的原因分析"),
                text("en", "wafer yield dropped after the PM"), text("long", "很长".repeat(50))));
        Cleaner.Result r = new Cleaner(Set.of("length", "language"), 5, 40, Set.of("zh")).run(records);
        assertEquals(List.of("zh"), r.kept().stream().map(Dataset::id).toList());
        assertEquals(1, r.report().removed().get("language"));
        assertEquals(1, r.report().removed().get("length"));
    }

    @Test
    void balancingIsReproducibleInBothDirections() {
        List<JsonObject> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            JsonObject o = text("r" + i, "t" + i);
            o.addProperty("label", i < 7 ? "ok" : "risk");
            records.add(o);
        }
        Balancer.Result down = Balancer.balance(records, "label", Balancer.Mode.DOWN, 3);
        assertEquals(Map.of("ok", 3, "risk", 3), down.after());
        assertEquals(6, down.records().size());
        assertEquals(down.records(), Balancer.balance(records, "label", Balancer.Mode.DOWN, 3).records(),
                "same seed, same sample");
        Balancer.Result up = Balancer.balance(records, "label", Balancer.Mode.UP, 3);
        assertEquals(14, up.records().size());
        assertEquals(7, up.records().stream().filter(o -> o.get("label").getAsString().equals("risk")).count());
        assertEquals(14, up.records().stream().map(Dataset::id).distinct().count(), "copies get their own ids");
    }

    @Test
    void workspaceVersionsRecordParentStepParametersAndHash() throws Exception {
        Path in = dir.resolve("raw.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\":\"1\",\"text\":\"客户经理张伟的手机13812345678\",\"label\":\"pii\"}",
                "{\"id\":\"2\",\"text\":\"ＣＭＰ　压力５ｌｂｆ\",\"label\":\"ok\"}",
                "{\"id\":\"3\",\"text\":\"CMP 压力5lbf\",\"label\":\"ok\"}") + "\n", StandardCharsets.UTF_8);
        StudioTest.Run imp = cli("data", "import", "--json", "credit", in.toString());
        assertEquals(0, imp.code(), imp.err());
        JsonObject v1 = JsonParser.parseString(imp.out()).getAsJsonObject();
        assertEquals(1, v1.get("version").getAsInt());
        assertFalse(v1.has("parent"), "an import has no parent");
        assertEquals(3, v1.get("records").getAsInt());

        assertEquals(0, cli("data", "clean", "ds:credit", "ds:credit").code());
        StudioTest.Run mask = cli("data", "mask", "--json", "ds:credit", "ds:credit");
        assertEquals(0, mask.code(), mask.err());
        StudioTest.Run dedup = cli("data", "dedup", "--json", "ds:credit", "ds:credit");
        assertEquals(0, dedup.code(), dedup.err());
        assertEquals(2, JsonParser.parseString(dedup.out()).getAsJsonObject().get("kept").getAsInt(),
                "after width cleaning the two CMP records are duplicates");

        StudioTest.Run versions = cli("data", "versions", "--json", "credit");
        assertEquals(0, versions.code(), versions.err());
        JsonArray vs = JsonParser.parseString(versions.out()).getAsJsonObject().getAsJsonArray("versions");
        assertEquals(List.of("import", "clean", "mask", "dedup"),
                vs.asList().stream().map(e -> e.getAsJsonObject().get("step").getAsString()).toList());
        for (int i = 1; i < vs.size(); i++) {
            assertEquals(i, vs.get(i).getAsJsonObject().get("parent").getAsInt());
        }
        assertEquals("0.8", vs.get(3).getAsJsonObject().getAsJsonObject("params").get("threshold").toString());
        Path v4 = dir.resolve("ws/studio/datasets/credit/v4.jsonl");
        assertEquals(vs.get(3).getAsJsonObject().get("sha256").getAsString(),
                dev.enclave.studio.DatasetStore.sha256(v4));
        String latest = Files.readString(v4);
        assertTrue(latest.contains("[手机号]") && !latest.contains("13812345678"), latest);

        StudioTest.Run old = cli("data", "stats", "--json", "ds:credit@1");
        assertEquals(0, old.code(), old.err());
        assertEquals(3, JsonParser.parseString(old.out()).getAsJsonObject().get("records").getAsInt(),
                "earlier versions stay readable");

        Files.writeString(v4, latest.replace("CMP", "XYZ"));
        StudioTest.Run tampered = cli("data", "stats", "ds:credit");
        assertEquals(1, tampered.code());
        assertTrue(tampered.err().contains("changed outside Enclave"), tampered.err());

        StudioTest.Run missing = cli("data", "stats", "ds:nosuch");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("No dataset named 'nosuch'"), missing.err());

        String log = String.join("\n", Files.readAllLines(dir.resolve("ws/audit/audit.jsonl")));
        for (var v : vs) {
            assertTrue(log.contains(v.getAsJsonObject().get("sha256").getAsString()),
                    "every version is in the audit log with its hash: " + v);
        }
    }

    @Test
    void everyStepIsAuditedOnceWhetherItWritesAFileOrAVersion() throws Exception {
        Path in = dir.resolve("labelled.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append("{\"id\":\"r").append(i).append("\",\"text\":\"记录").append(i).append(" 晶圆良率")
                    .append(i * 7).append("%\",\"label\":\"").append(i < 6 ? "ok" : "risk").append("\"}\n");
        }
        Files.writeString(in, lines, StandardCharsets.UTF_8);
        assertEquals(0, cli("data", "import", "lab", in.toString()).code());
        assertEquals(List.of("data.version"), newEntries(() -> cli("data", "import", "lab", in.toString())));
        String[][] steps = {
                { "clean", in.toString(), dir.resolve("c.jsonl").toString() },
                { "clean", "ds:lab", "ds:lab" },
                { "mask", in.toString(), dir.resolve("m.jsonl").toString() },
                { "mask", "ds:lab", "ds:lab" },
                { "dedup", in.toString(), dir.resolve("d.jsonl").toString() },
                { "dedup", "ds:lab", "ds:lab" },
                { "balance", in.toString(), dir.resolve("b.jsonl").toString(), "--field", "label" },
                { "balance", "ds:lab", "ds:lab", "--field", "label", "--mode", "up" },
                { "split", "ds:lab", dir.resolve("parts").toString(), "--test", "0.25" } };
        for (String[] step : steps) {
            List<String> args = new ArrayList<>(List.of("data"));
            args.addAll(List.of(step));
            List<String> actions = newEntries(() -> {
                StudioTest.Run run = cli(args.toArray(String[]::new));
                assertEquals(0, run.code(), args + ": " + run.err());
            });
            assertEquals(List.of("data." + step[0]), actions, String.join(" ", args));
        }
        StudioTest.Run versions = cli("data", "versions", "--json", "lab");
        JsonArray vs = JsonParser.parseString(versions.out()).getAsJsonObject().getAsJsonArray("versions");
        assertEquals(List.of("import", "import", "clean", "mask", "dedup", "balance"),
                vs.asList().stream().map(e -> e.getAsJsonObject().get("step").getAsString()).toList());

        StudioTest.Run badField = cli("data", "balance", "ds:lab", "ds:lab", "--field", "nosuch");
        assertEquals(2, badField.code());
        assertTrue(badField.err().contains("no field 'nosuch' to balance by") && !badField.err().contains("--"),
                "the service says what is wrong in the user's terms: " + badField.err());
        StudioTest.Run badShares = cli("data", "split", "ds:lab", dir.resolve("p2").toString(), "--test", "0.6",
                "--val", "0.5");
        assertEquals(2, badShares.code());
        assertTrue(badShares.err().contains("together below 1") && !badShares.err().contains("--"), badShares.err());
        assertEquals(List.of(), newEntries(() -> cli("data", "stats", "ds:lab")), "statistics are not audited");
    }

    /** The actions of the audit entries that {@code run} appended. */
    private List<String> newEntries(Runnable run) throws Exception {
        Path log = dir.resolve("ws/audit/audit.jsonl");
        int before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        run.run();
        List<String> lines = Files.readAllLines(log);
        return lines.subList(before, lines.size()).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject().get("action").getAsString()).toList();
    }

    @Test
    void theWorkspacePolicyMasksPromptsBeforeTheyReachAModel() throws Exception {
        org.osgi.framework.BundleContext bc = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext();
        List<dev.enclave.core.PromptFilter> filters = new ArrayList<>();
        for (var ref : bc.getServiceReferences(dev.enclave.core.PromptFilter.class, null)) {
            filters.add(bc.getService(ref));
        }
        assertEquals(1, filters.size(), "the studio registers its masking filter");
        String prompt = "请联系客户经理李娜，手机13912345678，核实保证人情况。";
        assertEquals(0, cli("settings", "list").code(), "creates the workspace");
        dev.enclave.core.Workspace ws = dev.enclave.tests.support.Workspaces.open(dir.resolve("ws"), "tester");
        assertEquals(prompt, dev.enclave.core.PromptFilter.applyAll(filters, ws, "tester", prompt), "off by default");

        StudioTest.Run bad = cli("settings", "set", "privacy.maskPrompts", "maybe");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("true or false"), bad.err());
        StudioTest.Run on = cli("settings", "set", "privacy.maskPrompts", "true");
        assertEquals(0, on.code(), on.err());
        ws = dev.enclave.tests.support.Workspaces.open(dir.resolve("ws"), "tester");
        String masked = dev.enclave.core.PromptFilter.applyAll(filters, ws, "tester", prompt);
        assertTrue(masked.contains("[手机号]") && masked.contains("[姓名]") && !masked.contains("13912345678")
                && !masked.contains("李娜"), masked);
        String log = String.join("\n", Files.readAllLines(dir.resolve("ws/audit/audit.jsonl")));
        assertTrue(log.contains("\"action\":\"privacy.mask\"") && log.contains("settings.set"), log);
        assertFalse(log.contains("13912345678"), "the audit log never holds the masked values");
    }
}
