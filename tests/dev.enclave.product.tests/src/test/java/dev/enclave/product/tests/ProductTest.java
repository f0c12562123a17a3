package dev.enclave.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The materialised product, driven through its start scripts: install the example
 * pack from the built p2 repository, use its command and its part, uninstall it,
 * and check the audit log (including a tampered copy). A copy of the product is
 * used so the build output stays pristine.
 */
class ProductTest {
    private static final String FEATURE = "dev.enclave.example.feature";
    private static final String PART = "dev.enclave.example.ui.part.stats";

    @TempDir
    static Path tmp;

    static Enclave enclave;
    static Path repository;

    @BeforeAll
    static void copyProduct() throws Exception {
        Path built = Path.of(System.getProperty("enclave.product"));
        assertTrue(Files.isExecutable(built.resolve("enclave")), "materialised product with start scripts at " + built);
        repository = Path.of(System.getProperty("enclave.repository"));
        assertTrue(Files.exists(repository.resolve("content.jar")), "p2 repository at " + repository);
        Path copy = tmp.resolve("product");
        Enclave.Result cp = Enclave.run(List.of("cp", "-a", built.toString(), copy.toString()), java.util.Map.of(), 60);
        assertEquals(0, cp.code(), cp.toString());
        enclave = new Enclave(copy);
    }

    static JsonObject json(Enclave.Result r) {
        assertEquals(0, r.code(), r.toString());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    static List<String> ids(JsonArray array) {
        List<String> ids = new ArrayList<>();
        for (JsonElement e : array) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
        }
        return ids;
    }

    static String bundlesInfo() throws IOException {
        return Files.readString(enclave.root()
                .resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
    }

    static List<String> pluginFiles() throws IOException {
        try (Stream<Path> s = Files.list(enclave.root().resolve("plugins"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    static JsonObject selfTest(Path data, String name) throws Exception {
        String display = System.getenv("DISPLAY");
        assertNotNull(display, "the product test starts the workbench: run it under Xvfb (see README)");
        Path report = tmp.resolve(name + ".json");
        Enclave.Result r = enclave.workbenchSelfTest(data, report);
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(report), "self-test report written\n" + r);
        Path shots = Path.of(System.getProperty("test.output", "target"), "screenshots");
        Files.createDirectories(shots);
        Files.copy(Path.of(report + ".png"), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    }

    @Test
    void examplePackInstallsWorksAndUninstallsWithoutTrace() throws Exception {
        Path data = tmp.resolve("data");

        JsonObject before = json(enclave.cli(data, "packs", "list", "--json"));
        assertTrue(ids(before.getAsJsonArray("features")).contains("dev.enclave.platform.feature"), before.toString());
        assertFalse(ids(before.getAsJsonArray("features")).contains(FEATURE));
        assertEquals(0, before.getAsJsonArray("packs").size(), "the product contains no pack");
        assertEquals(2, enclave.cli(data, "example", "stats", "x.txt").code(), "no example command before install");

        Enclave.Result install = enclave.cli(data, "packs", "install", FEATURE, "--from", repository.toString());
        assertEquals(0, install.code(), install.toString());

        JsonObject after = json(enclave.cli(data, "packs", "list", "--json"));
        assertTrue(ids(after.getAsJsonArray("features")).contains(FEATURE), after.toString());
        assertEquals(List.of("dev.enclave.example"), ids(after.getAsJsonArray("packs")));
        assertTrue(bundlesInfo().contains("dev.enclave.example.ui,"));

        Path text = Files.writeString(tmp.resolve("sop.txt"), "清洗晶圆。Rinse twice.\n", StandardCharsets.UTF_8);
        JsonObject stats = json(enclave.cli(data, "example", "stats", "--json", text.toString()));
        JsonObject row = stats.getAsJsonArray("files").get(0).getAsJsonObject();
        assertEquals(4, row.get("cjk_characters").getAsInt());
        assertEquals(2, row.get("sentences").getAsInt());

        JsonObject withPack = selfTest(data, "workbench-with-example-pack");
        List<String> parts = ids(withPack.getAsJsonArray("parts"));
        assertTrue(parts.containsAll(List.of("dev.enclave.ui.part.home", "dev.enclave.ui.part.auditlog",
                "dev.enclave.ui.part.packs", "dev.enclave.ui.part.library", "dev.enclave.ui.part.assistant", PART)),
                parts.toString());
        for (String[] shared : new String[][] { { "dev.enclave.ui.part.library", "internal.parts.LibraryPart" },
                { "dev.enclave.ui.part.assistant", "AssistantPart" } }) {
            JsonObject created = withPack.getAsJsonArray("parts").asList().stream().map(JsonElement::getAsJsonObject)
                    .filter(p -> p.get("id").getAsString().equals(shared[0])).findFirst().orElseThrow();
            assertEquals("dev.enclave.ui." + shared[1], created.get("class").getAsString(),
                    "the " + shared[1] + " was created in the real product");
        }
        JsonObject part = withPack.getAsJsonArray("parts").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(p -> p.get("id").getAsString().equals(PART)).findFirst().orElseThrow();
        assertEquals("dev.enclave.example.ui.internal.TextStatsPart", part.get("class").getAsString(),
                "the pack's part was created");
        for (JsonElement e : withPack.getAsJsonArray("parts")) {
            // Every part the self-test names was shown and pictured, not only Home.
            Path picture = Path.of(e.getAsJsonObject().get("picture").getAsString());
            assertTrue(Files.isRegularFile(picture) && Files.size(picture) > 2000, e.toString());
        }
        assertEquals(System.getProperty("user.name"), withPack.get("user").getAsString());
        assertTrue(withPack.getAsJsonArray("perspectives").toString().contains("dev.enclave.ui.perspective.workbench"),
                withPack.toString());
        assertTrue(withPack.getAsJsonArray("packs").toString().contains("dev.enclave.example"));

        Enclave.Result uninstall = enclave.cli(data, "packs", "uninstall", FEATURE);
        assertEquals(0, uninstall.code(), uninstall.toString());
        JsonObject gone = json(enclave.cli(data, "packs", "list", "--json"));
        assertFalse(ids(gone.getAsJsonArray("features")).contains(FEATURE), gone.toString());
        assertEquals(0, gone.getAsJsonArray("packs").size());
        Enclave.Result noCommand = enclave.cli(data, "example", "stats", text.toString());
        assertEquals(2, noCommand.code(), noCommand.toString());
        assertTrue(noCommand.err().contains("unknown command 'example'"), noCommand.err());
        assertFalse(bundlesInfo().contains("dev.enclave.example"), "removed from the configuration");
        assertTrue(pluginFiles().stream().noneMatch(f -> f.startsWith("dev.enclave.example")),
                "p2's garbage collector removed the jars: " + pluginFiles());

        JsonObject withoutPack = selfTest(data, "workbench-after-uninstall");
        assertFalse(ids(withoutPack.getAsJsonArray("parts")).contains(PART));

        Enclave.Result verify = enclave.cli(data, "audit-log", "verify");
        assertEquals(0, verify.code(), verify.toString());
        String tail = enclave.cli(data, "audit-log", "tail", "-n", "50", "--json").out();
        assertTrue(tail.contains("\"action\":\"packs.install\""), tail);
        assertTrue(tail.contains("\"action\":\"packs.uninstall\""), tail);
        assertTrue(tail.contains("\"action\":\"workbench.start\""), tail);
    }

    @Test
    void auditLogVerifyFailsOnATamperedCopyAndNamesTheEntry() throws Exception {
        Path data = tmp.resolve("audit-data");
        assertEquals(0, enclave.cli(data, "users", "add", "zhang.san", "--role", "auditor").code());
        assertEquals(0, enclave.cli(data, "users", "add", "li.si", "--role", "engineer").code());
        assertEquals(0, enclave.cli(data, "audit-log", "verify").code());

        Path copy = tmp.resolve("audit-data-copy");
        assertEquals(0, Enclave.run(List.of("cp", "-a", data.toString(), copy.toString()), java.util.Map.of(), 30).code());
        Path log = copy.resolve("audit/audit.jsonl");
        byte[] bytes = Files.readAllBytes(log);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("zhang.san");
        assertTrue(at > 0);
        bytes[at] = (byte) 'Z'; // one byte
        Files.write(log, bytes);

        Enclave.Result bad = enclave.cli(copy, "audit-log", "verify");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().contains("Entry 2"), bad.toString());
        assertEquals(0, enclave.cli(data, "audit-log", "verify").code(), "the original is untouched");
    }

    @Test
    void loraAdaptersCheckAndTrainThroughTheCli() throws Exception {
        Path data = tmp.resolve("lora-data");
        Path lora = Path.of(System.getProperty("enclave.fixtures"), "lora");
        for (String adapter : List.of("qwen2-tiny-lora", "llama-tiny-lora")) {
            JsonObject check = json(enclave.cli(data, "model", "check", "--json", lora.resolve(adapter).toString()));
            assertTrue(check.get("ok").getAsBoolean(), check.toString());
            assertTrue(check.get("max_abs_logit_diff").getAsDouble() < 1e-3, check.toString());
            Enclave.Result trainRun = enclave.cli(data, "train", "check", "--json", lora.resolve(adapter).toString());
            JsonObject train = json(trainRun);
            assertFalse(trainRun.err().contains("SLF4J"), "a logging provider is wired: " + trainRun.err());
            assertTrue(train.get("ok").getAsBoolean(), train.toString());
            for (String key : List.of("loss", "loss_ref", "max_rel_grad_diff", "loss_after_step",
                    "loss_after_step_ref")) {
                assertTrue(train.has(key), key + " in " + train);
            }
        }
    }

    @Test
    void fineTunesAndMasksThroughTheCli() throws Exception {
        Path data = tmp.resolve("sft-data");
        Path train = Files.writeString(tmp.resolve("train.jsonl"), String.join("\n",
                "{\"instruction\":\"保证人是谁？\",\"input\":\"\",\"output\":\"绍兴示例化纤有限公司\"}",
                "{\"instruction\":\"What pattern is on wafer W07?\",\"input\":\"\",\"output\":\"Edge-Ring\"}",
                "{\"conversations\":[{\"from\":\"human\",\"value\":\"联系人：赵敏，电话13912345678\"},"
                        + "{\"from\":\"gpt\",\"value\":\"已记录\"}]}") + "\n", StandardCharsets.UTF_8);
        JsonObject mask = json(enclave.cli(data, "data", "mask", "--json", train.toString(),
                tmp.resolve("masked.jsonl").toString()));
        assertEquals(3, mask.get("records").getAsInt());
        assertEquals(1, mask.getAsJsonObject("masked").get("mobile").getAsInt());
        Path base = Path.of(System.getProperty("enclave.fixtures"), "models", "qwen2-tiny");
        Path adapter = tmp.resolve("adapter");
        JsonObject sft = json(enclave.cli(data, "train", "sft", "--json", "--base", base.toString(), "--data",
                tmp.resolve("masked.jsonl").toString(), "--out", adapter.toString(), "--rank", "4", "--epochs", "8",
                "--lr", "0.03", "--batch-size", "3", "--targets", "q_proj,v_proj,up_proj,down_proj"));
        assertTrue(sft.get("final_loss").getAsDouble() < sft.get("first_loss").getAsDouble(), sft.toString());
        assertTrue(Files.exists(adapter.resolve("adapter_config.json")));
        assertTrue(Files.exists(adapter.resolve("adapter_model.safetensors")));
        assertTrue(Files.readString(adapter.resolve("training.json")).contains("loss_curve"));
    }

    @Test
    void installPutsTheProductInAFolderAndItsCommandsOnThePath() throws Exception {
        Path prefix = tmp.resolve("installed/enclave-workbench");
        Path bin = tmp.resolve("installed/bin");
        Path apps = tmp.resolve("installed/applications");
        Enclave.Result r = Enclave.run(List.of(enclave.root().resolve("enclave").toString(), "install", "--prefix",
                prefix.toString(), "--bin", bin.toString(), "--desktop", apps.toString()), java.util.Map.of(), 120);
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.isExecutable(prefix.resolve("enclave")) && Files.isDirectory(prefix.resolve("plugins")), r.out());
        assertFalse(Files.exists(prefix.resolve("configuration/org.eclipse.osgi")), "this copy's OSGi cache stays behind");
        String desktop = Files.readString(apps.resolve("enclave-workbench.desktop"));
        assertTrue(desktop.contains("Exec=\"" + prefix.toRealPath() + "/enclave-workbench\""), desktop);
        Enclave.Result version = Enclave.run(List.of(bin.resolve("enclave").toString(), "--version"), java.util.Map.of(), 60);
        assertEquals(0, version.code(), version.toString());
        assertTrue(version.out().contains("Enclave Workbench"), version.toString());
        Enclave.Result users = Enclave.run(List.of(bin.resolve("enclave").toString(), "--data",
                tmp.resolve("installed-data").toString(), "users", "list", "--json"), java.util.Map.of(), 120);
        assertEquals(0, users.code(), users.toString());

        Enclave.Result again = Enclave.run(List.of(enclave.root().resolve("enclave").toString(), "install", "--prefix",
                prefix.toString(), "--bin", bin.toString(), "--desktop", "none"), java.util.Map.of(), 120);
        assertEquals(0, again.code(), "installing again updates: " + again);
        Enclave.Result occupied = Enclave.run(List.of(enclave.root().resolve("enclave").toString(), "install", "--prefix",
                apps.toString(), "--bin", bin.toString(), "--desktop", "none"), java.util.Map.of(), 60);
        assertEquals(2, occupied.code(), occupied.toString());
        assertTrue(occupied.err().contains(apps.toString()), occupied.toString());
    }

    @Test
    void withoutADisplayTheWorkbenchSaysSoAndPointsToTheCommandLine() throws Exception {
        java.util.Map<String, String> noDisplay = new java.util.HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("WAYLAND_DISPLAY", null);
        Enclave.Result r = Enclave.run(List.of(enclave.root().resolve("enclave-workbench").toString()), noDisplay, 60);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("needs a graphical display") && r.err().contains("enclave --help"), r.toString());
        assertTrue(r.err().contains("图形显示"), r.toString());
        assertFalse(r.out().contains("An error has occurred"), r.toString());
    }

    @Test
    void contractsCheckPasses() throws Exception {
        List<ContractCheck.Check> checks = new ContractCheck(enclave, Path.of(System.getProperty("enclave.fixtures")),
                Files.createDirectories(tmp.resolve("contracts-platform"))).run();
        String report = ContractCheck.report(checks);
        assertTrue(checks.stream().noneMatch(c -> Boolean.FALSE.equals(c.ok())), report);
        List<String> passed = ContractCheck.passed(checks);
        for (String check : List.of("enclave --version", "unknown command exits 2 with a message", "users list shape",
                "audit-log tail entries", "audit-log verify exits 0 on an intact log",
                "model check on a corrupt folder exits 2 with a message", "model embed", "ingest shape",
                "ingest reports the damaged file and goes on", "search hit shape",
                "search hit text is its [start, end) span", "ask shape", "data mask shape", "data dedup shape")) {
            assertTrue(passed.contains(check), check + "\n" + report);
        }
        for (String model : List.of("bert-tiny", "llama-tiny", "qwen2-tiny", "qwen3-tiny")) {
            assertTrue(passed.contains("model check " + model), model + "\n" + report);
        }
    }

    @Test
    void semiPackClassifiesWaferMapsAndPassesTheContractsCheck() throws Exception {
        String feature = "dev.enclave.semi.feature";
        Path data = tmp.resolve("semi-data");
        Enclave.Result install = enclave.cli(data, "packs", "install", feature, "--from", repository.toString());
        assertEquals(0, install.code(), install.toString());
        try {
            // a wafer with a failing ring at its edge on a non-square grid, and one with a few scattered fails
            StringBuilder csv = new StringBuilder("id,label,rows,cols,data\n");
            int[][] shapes = { { 40, 52 }, { 33, 33 } };
            for (int m = 0; m < 2; m++) {
                int rows = shapes[m][0], cols = shapes[m][1];
                StringBuilder cells = new StringBuilder();
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        double r = Math.hypot((y + 0.5 - rows / 2.0) / (rows / 2.0), (x + 0.5 - cols / 2.0) / (cols / 2.0));
                        boolean fail = m == 0 ? r > 0.86 : (x * 7 + y * 13) % 97 == 0;
                        cells.append(r > 1 ? '0' : fail ? '2' : '1');
                    }
                }
                csv.append(m == 0 ? "ring," : "quiet,").append(m == 0 ? "Edge-Ring" : "none").append(',').append(rows)
                        .append(',').append(cols).append(',').append(cells).append('\n');
            }
            Path file = Files.writeString(tmp.resolve("maps.csv"), csv, StandardCharsets.UTF_8);
            Enclave.Result r = enclave.cli(data, "wafer", "classify", "--json", file.toString());
            assertEquals(0, r.code(), r.toString());
            String[] lines = r.out().strip().split("\n");
            assertEquals(2, lines.length, r.out());
            JsonObject ring = JsonParser.parseString(lines[0]).getAsJsonObject();
            assertEquals("ring", ring.get("id").getAsString());
            assertEquals("Edge-Ring", ring.get("label").getAsString(), r.out());
            assertEquals("quiet", JsonParser.parseString(lines[1]).getAsJsonObject().get("id").getAsString());
            JsonObject eval = json(enclave.cli(data, "wafer", "eval", "--json", file.toString()));
            assertEquals(2, eval.get("maps").getAsInt());

            List<ContractCheck.Check> checks = new ContractCheck(enclave, Path.of(System.getProperty("enclave.fixtures")),
                    Files.createDirectories(tmp.resolve("contracts-semi"))).run();
            assertTrue(ContractCheck.passed(checks).contains("wafer classify one line per map, in input order"),
                    ContractCheck.report(checks));
        } finally {
            Enclave.Result uninstall = enclave.cli(data, "packs", "uninstall", feature);
            assertEquals(0, uninstall.code(), uninstall.toString());
        }
    }
}
