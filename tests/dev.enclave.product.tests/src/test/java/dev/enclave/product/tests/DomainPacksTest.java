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
 * command, the packs' included.
 */
class DomainPacksTest {
    @TempDir
    static Path tmp;

    static Enclave enclave;

    @BeforeAll
    static void installPacks() throws Exception {
        Path built = Path.of(System.getProperty("enclave.product"));
        Path repository = Path.of(System.getProperty("enclave.repository"));
        Path copy = tmp.resolve("product");
        Enclave.Result cp = Enclave.run(List.of("cp", "-a", built.toString(), copy.toString()), Map.of(), 60);
        assertEquals(0, cp.code(), cp.toString());
        enclave = new Enclave(copy);
        Path data = tmp.resolve("it-workspace");
        for (String feature : List.of("dev.enclave.audit.feature", "dev.enclave.semi.feature")) {
            Enclave.Result r = enclave.cli(data, "packs", "install", feature, "--from", repository.toString());
            assertEquals(0, r.code(), r.toString());
        }
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
                "wafer classify one line per map, in input order")) {
            assertTrue(passed.contains(check), check + "\n" + report);
        }
    }

    @Test
    void theCreditAuditAndFabPerspectivesAndTheirPartsAreCreated() throws Exception {
        assertNotNull(System.getenv("DISPLAY"), "the workbench self-test needs Xvfb (see README)");
        Path report = tmp.resolve("workbench-with-domain-packs.json");
        Enclave.Result r = enclave.workbenchSelfTest(tmp.resolve("it-workspace"), report);
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
