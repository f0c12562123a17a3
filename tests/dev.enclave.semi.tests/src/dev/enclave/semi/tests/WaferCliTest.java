package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.DomainPack;
import dev.enclave.core.PackRegistry;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferGenerator;

/** {@code enclave wafer …} driven in process, as scripts and evaluation tools drive it. */
class WaferCliTest {
    @TempDir
    Path dir;

    private Path csv(String name, List<WaferMap> maps) throws Exception {
        return Files.writeString(dir.resolve(name), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
    }

    private static List<WaferMap> maps(long seed, int n) {
        WaferGenerator g = new WaferGenerator(seed);
        List<WaferMap> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.next("m" + (n - i), WaferMap.PATTERNS.get(i % 9)));
        }
        return out;
    }

    @Test
    void packIsListed() throws Exception {
        List<String> ids = Services.service(PackRegistry.class).packs().stream().map(DomainPack::id).toList();
        assertTrue(ids.contains("dev.enclave.semi"), ids.toString());
    }

    @Test
    void classifyPrintsJsonLinesInInputOrder() throws Exception {
        List<WaferMap> maps = maps(11, 18);
        Path file = csv("maps.csv", maps);
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "classify", "--json", file.toString());
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(maps.size(), lines.length);
        int right = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonObject o = JsonParser.parseString(lines[i]).getAsJsonObject();
            assertEquals(maps.get(i).id(), o.get("id").getAsString());
            assertTrue(WaferMap.PATTERNS.contains(o.get("label").getAsString()));
            double c = o.get("confidence").getAsDouble();
            assertTrue(c > 0 && c <= 1, "confidence " + c);
            right += o.get("label").getAsString().equals(maps.get(i).label()) ? 1 : 0;
        }
        assertTrue(right >= 14, right + " of 18 right");
        Services.Run human = Services.cli(dir.resolve("ws"), "wafer", "classify", file.toString());
        assertEquals(0, human.code());
        assertTrue(human.out().contains(maps.get(0).id()));
        assertTrue(human.err().contains("maps/s"), human.err());
    }

    @Test
    void evalPrintsAccuracyMacroF1AndConfusionMatrix() throws Exception {
        List<WaferMap> maps = maps(12, 45);
        Path file = csv("labelled.csv", maps);
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "eval", "--json", file.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(45, o.get("maps").getAsInt());
        JsonArray cm = o.getAsJsonArray("confusion_matrix");
        assertEquals(9, cm.size());
        int total = 0, diagonal = 0;
        for (int i = 0; i < 9; i++) {
            JsonArray row = cm.get(i).getAsJsonArray();
            int support = 0;
            for (int j = 0; j < 9; j++) {
                total += row.get(j).getAsInt();
                support += row.get(j).getAsInt();
            }
            assertEquals(5, support, "5 maps per class");
            diagonal += row.get(i).getAsInt();
        }
        assertEquals(45, total);
        assertEquals(diagonal / 45.0, o.get("accuracy").getAsDouble(), 1e-6);
        assertTrue(o.get("macro_f1").getAsDouble() > 0.7, run.out());
        Services.Run human = Services.cli(dir.resolve("ws"), "wafer", "eval", file.toString());
        assertTrue(human.out().contains("macro-F1"), human.out());
        assertTrue(human.out().contains("Edge-Ring"), human.out());
        assertEquals(2, Services.audited(dir.resolve("ws"), "wafer.eval"), "one entry per evaluation");
    }

    @Test
    void aBadRowExitsTwoNamingTheLine() throws Exception {
        String text = WaferMapReader.toCsv(maps(13, 3));
        String[] lines = text.split("\n");
        lines[2] = lines[2].substring(0, lines[2].length() - 1) + "7";
        Path file = Files.writeString(dir.resolve("bad.csv"), String.join("\n", lines) + "\n");
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "classify", "--json", file.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("bad.csv line 3"), run.err());
        Services.Run missing = Services.cli(dir.resolve("ws"), "wafer", "eval", dir.resolve("nope.csv").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.csv"), missing.err());
    }

    @Test
    void importedMapsAreFoundAsSimilarAndGiveYieldPerLot() throws Exception {
        List<WaferMap> stored = new ArrayList<>();
        Instant t = Instant.parse("2026-05-01T06:00:00Z");
        List<WaferMap> base = maps(14, 27);
        for (int i = 0; i < base.size(); i++) {
            WaferMap m = base.get(i);
            stored.add(m.withOrigin(i < 18 ? "A100" : null, String.valueOf(i + 1), t.plusSeconds(3600L * 12 * i)));
        }
        Path ws = dir.resolve("ws");
        Services.Run imp = Services.cli(ws, "wafer", "import", "--json", "--lot", "B200", csv("lots.csv", stored).toString());
        assertEquals(0, imp.code(), imp.err());
        assertEquals(27, JsonParser.parseString(imp.out()).getAsJsonObject().get("stored").getAsInt());
        assertEquals(1, Services.audited(ws, "wafer.import"), "one entry per file imported, by the service");
        assertEquals(0, Services.audited(ws, "wafer.classify"), "an import is not also a classification");

        // the stored map itself is its own nearest neighbour
        Path query = csv("query.csv", List.of(base.get(3)));
        Services.Run run = Services.cli(ws, "wafer", "classify", "--json", "--similar", "3", query.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out().strip()).getAsJsonObject();
        JsonArray similar = o.getAsJsonArray("similar");
        assertEquals(3, similar.size());
        JsonObject first = similar.get(0).getAsJsonObject();
        assertEquals(base.get(3).id(), first.get("id").getAsString());
        assertEquals("A100", first.get("lot").getAsString());
        assertEquals(1.0, first.get("score").getAsDouble(), 1e-3);
        assertEquals(1, Services.audited(ws, "wafer.classify"));

        Services.Run y = Services.cli(ws, "wafer", "yield", "--json");
        assertEquals(0, y.code(), y.err());
        JsonObject report = JsonParser.parseString(y.out()).getAsJsonObject();
        assertEquals(27, report.getAsJsonArray("wafers").size());
        JsonArray lots = report.getAsJsonArray("lots");
        assertEquals(2, lots.size());
        JsonObject a100 = lots.get(0).getAsJsonObject();
        assertEquals("A100", a100.get("lot").getAsString());
        assertEquals(18, a100.get("wafers").getAsInt());
        long dies = 0, good = 0;
        for (WaferMap m : stored.subList(0, 18)) {
            dies += m.dies();
            good += m.dies() - m.fails();
        }
        assertEquals(dies, a100.get("dies").getAsLong());
        assertEquals(good / (double) dies, a100.get("yield").getAsDouble(), 1e-6);
        assertEquals("B200", lots.get(1).getAsJsonObject().get("lot").getAsString());
        assertFalse(report.getAsJsonArray("by_day").isEmpty());
        assertFalse(report.getAsJsonArray("by_pattern").isEmpty());
    }

    @Test
    void trainWritesAModelThatClassifyCanUse() throws Exception {
        Path out = dir.resolve("model");
        Services.Run train = Services.cli(dir.resolve("ws"), "wafer", "train", "--json", "--seed", "3", "--maps", "256",
                "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(out.resolve("weights.params")));
        assertEquals(1, Services.audited(dir.resolve("ws"), "wafer.train"), "the service audits the training run");
        assertTrue(Files.readString(out.resolve("classifier.json")).contains("\"seed\": 3"));
        Path file = csv("few.csv", maps(15, 9));
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "classify", "--json", "--model", out.toString(),
                file.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(9, run.out().strip().split("\n").length);
        Services.Run notAModel = Services.cli(dir.resolve("ws"), "wafer", "classify", "--model", dir.toString(),
                file.toString());
        assertEquals(2, notAModel.code());
        assertTrue(notAModel.err().contains("classifier"), notAModel.err());
    }
}
