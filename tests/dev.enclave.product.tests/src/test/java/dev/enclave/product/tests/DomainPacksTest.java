package dev.enclave.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The domain packs as IT installs them: the credit-audit and semiconductor features from the
 * built p2 repository into a copy of the platform product, then the contract check on every
 * command, the packs' included, and the README's quick start as written.
 *
 * <p>The air-gap promise is checked on the way: the pack installation, the contract check (the
 * whole pipeline: ingest, search, ask, audit extract and portfolio, wafer classify, data mask and
 * dedup, model checks) and the quick start run inside a network namespace of their own, where not
 * even the loopback interface is up ({@link NoNetwork}). Where the kernel refuses the namespace
 * they run as they are, and {@link #theProductRanWithoutAnyNetwork()} fails, saying why.
 */
class DomainPacksTest {
    @TempDir
    static Path tmp;

    /** The product with both packs, every command run without network where the kernel allows it. */
    static Enclave enclave;
    /** The same product, with the network as it is: for the workbench, which talks to the X server. */
    static Enclave withDisplay;
    static NoNetwork noNetwork;

    @BeforeAll
    static void installPacks() throws Exception {
        Path built = Path.of(System.getProperty("enclave.product"));
        Path repository = Path.of(System.getProperty("enclave.repository"));
        Path copy = tmp.resolve("product");
        Enclave.Result cp = Enclave.run(List.of("cp", "-a", built.toString(), copy.toString()), Map.of(), 60);
        assertEquals(0, cp.code(), cp.toString());
        noNetwork = NoNetwork.probe();
        System.out.println(noNetwork.available() ? "DomainPacksTest: packs, contracts and quick start without network ("
                + String.join(" ", noNetwork.prefix()) + ")" : "DomainPacksTest: with network: " + noNetwork.refusal());
        enclave = new Enclave(copy, noNetwork.prefix());
        withDisplay = new Enclave(copy);
        Path data = tmp.resolve("it-workspace");
        for (String feature : List.of("dev.enclave.audit.feature", "dev.enclave.semi.feature")) {
            Enclave.Result r = enclave.cli(data, "packs", "install", feature, "--from", repository.toString());
            assertEquals(0, r.code(), "packs install " + feature + "\n" + r);
        }
    }

    @Test
    void theProductRanWithoutAnyNetwork() throws Exception {
        // Where the kernel refuses the namespace the air-gap promise is unchecked: a failure, not a skip.
        assertTrue(noNetwork.available(), noNetwork.refusal());
        // Inside, a process sees the loopback interface alone (and it is down); the packs were installed,
        // and the contracts and the quick start run, behind this prefix.
        assertEquals(List.of("lo"), noNetwork.interfaces());
        // Not even a local connection gets through.
        Enclave.Result connect = Enclave.run(noNetwork.wrap(List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9")),
                Map.of(), 30);
        assertTrue(connect.code() != 0 && connect.err().contains("unreachable"), connect.toString());
    }

    @Test
    void everyContractHoldsWithThePacksInstalled() throws Exception {
        List<ContractCheck.Check> checks = new ContractCheck(enclave, Path.of(System.getProperty("enclave.fixtures")),
                Files.createDirectories(tmp.resolve("contracts"))).run();
        String report = ContractCheck.report(checks);
        assertTrue(checks.stream().allMatch(c -> Boolean.TRUE.equals(c.ok())), "every contract offered and kept\n" + report);
        List<String> passed = ContractCheck.passed(checks);
        for (String check : List.of("ingest shape", "ingest reports the damaged file and goes on", "search hit shape",
                "search hit text is its [start, end) span", "ask shape", "audit extract shape",
                "audit extract amount in yuan", "audit portfolio shape", "wafer classify shape",
                "wafer classify one line per map, in input order", "data mask shape", "data dedup shape")) {
            assertTrue(passed.contains(check), check + "\n" + report);
        }
    }

    /**
     * The README's quick start works as written: every runnable command line, run in order from a
     * folder that holds the clone's {@code releng} and {@code tests} (the example files), with
     * {@code ./enclave} being this product with both packs, on a workspace of its own.
     */
    @Test
    void theReadmeQuickStartRunsAsWritten() throws Exception {
        Path repo = Path.of(System.getProperty("enclave.repo"));
        List<ReadmeCommands.Block> blocks = ReadmeCommands.read(repo.resolve("README.md"));
        List<String> headings = blocks.stream().map(ReadmeCommands.Block::heading).toList();
        assertEquals(List.of("Credit auditor", "Fab engineer", "In-house AI team", "IT"), headings,
                "a runnable quick start per user");
        Path work = Files.createDirectories(tmp.resolve("readme"));
        Files.createSymbolicLink(work.resolve("releng"), repo.resolve("releng").toAbsolutePath());
        Files.createSymbolicLink(work.resolve("tests"), repo.resolve("tests").toAbsolutePath());
        Map<String, String> env = Map.of("ENCLAVE_JAVA_OPTS", "-Denclave.data=" + tmp.resolve("readme-data"));
        String script = enclave.root().resolve("enclave").toString();
        int run = 0;
        for (ReadmeCommands.Block block : blocks) {
            for (String command : block.commands()) {
                assertTrue(command.startsWith("./enclave "), "a quick-start command runs Enclave: " + command);
                String line = "cd '" + work + "' && '" + script + "'" + command.substring("./enclave".length());
                Enclave.Result r = Enclave.run(noNetwork.wrap(List.of("sh", "-c", line)), env, 300);
                assertEquals(0, r.code(), block.heading() + ": " + command + "\n" + r);
                run++;
            }
        }
        assertTrue(run >= 20, run + " commands");
        assertTrue(Files.size(work.resolve("paper.docx")) > 0 && Files.size(work.resolve("A123.docx")) > 0);
        assertTrue(Files.exists(work.resolve("adapters/v1/adapter_model.safetensors")));
    }

    @Test
    void theCreditAuditAndFabPerspectivesAndTheirPartsAreCreated() throws Exception {
        assertNotNull(System.getenv("DISPLAY"), "the workbench self-test needs Xvfb (see README)");
        Path report = tmp.resolve("workbench-with-domain-packs.json");
        Enclave.Result r = withDisplay.workbenchSelfTest(tmp.resolve("it-workspace"), report);
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(report), "self-test report written\n" + r);
        Path shots = Path.of(System.getProperty("test.output", "target"), "screenshots");
        Files.createDirectories(shots);
        Files.copy(Path.of(report + ".png"), shots.resolve("workbench-with-domain-packs.png"),
                StandardCopyOption.REPLACE_EXISTING);
        JsonObject o = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertTrue(o.getAsJsonArray("perspectives").toString().contains("\"dev.enclave.audit.ui.perspective\""),
                o.getAsJsonArray("perspectives").toString());
        List<String> parts = o.getAsJsonArray("parts").asList().stream()
                .map(e -> e.getAsJsonObject().get("id").getAsString()).toList();
        for (String part : List.of("portfolio", "report", "network", "findings")) {
            assertTrue(parts.contains("dev.enclave.audit.ui.part." + part), part + " in " + parts);
        }
        String classes = o.getAsJsonArray("parts").toString();
        assertTrue(classes.contains("dev.enclave.audit.ui.internal.NetworkPart"), classes);
        assertTrue(o.getAsJsonArray("perspectives").toString().contains("\"dev.enclave.semi.ui.perspective\""),
                o.getAsJsonArray("perspectives").toString());
        for (String[] part : new String[][] { { "wafers", "WaferMapsPart" }, { "yield", "YieldPart" },
                { "qa", "FabQaPart" } }) {
            assertTrue(parts.contains("dev.enclave.semi.ui.part." + part[0]), part[0] + " in " + parts);
            assertTrue(classes.contains("dev.enclave.semi.ui.internal." + part[1]), part[1] + " in " + classes);
        }
    }
}
