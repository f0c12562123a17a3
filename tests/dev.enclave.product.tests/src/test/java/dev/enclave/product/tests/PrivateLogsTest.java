package dev.enclave.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and framework logs are private and never hold what the user typed: the command line's
 * log, the OSGi framework's log and JVM crash reports go to the user's own folder (0700, files
 * 0600), not to the product folder, and no log records the command line — for {@code ask}, the
 * question.
 */
class PrivateLogsTest {
    private static final String SECRET = "SECRETQUESTION7731 华创精密的内部评级是多少";

    @TempDir
    static Path tmp;

    @Test
    void logsGoToThePrivateFolderWithoutTheQuestion() throws Exception {
        Path built = Path.of(System.getProperty("enclave.product"));
        Path product = tmp.resolve("product");
        Enclave.Result cp = Enclave.run(List.of("cp", "-a", built.toString(), product.toString()), Map.of(), 60);
        assertEquals(0, cp.code(), cp.toString());
        // An earlier version's log in the product folder, readable by everyone: the script removes it.
        Path oldLog = Files.writeString(product.resolve("configuration/enclave-cli.log"), "old\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", null);
        env.put("ENCLAVE_LOG", null);
        // A bundle that does not exist makes the framework write an error to its log (the session
        // header included), while the command itself still runs.
        env.put("ENCLAVE_JAVA_OPTS", "-Dosgi.bundles=org.eclipse.equinox.simpleconfigurator@1:start,no.such.bundle@4");
        Enclave.Result ask = Enclave.run(List.of(product.resolve("enclave").toString(), "--data",
                tmp.resolve("data").toString(), "ask", "--collection", "none", SECRET), env, 120);
        assertEquals(2, ask.code(), "no such collection\n" + ask);

        Path logs = home.resolve(".local/state/enclave");
        assertTrue(Files.isDirectory(logs), "the private log folder " + logs);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
        Path framework = logs.resolve("enclave-framework.log");
        assertTrue(Files.isRegularFile(framework), "the framework's log is in the private folder\n" + ask);
        String frameworkLog = Files.readString(framework, StandardCharsets.UTF_8);
        assertTrue(frameworkLog.contains("!SESSION") && frameworkLog.contains("no.such.bundle"), frameworkLog);
        assertFalse(frameworkLog.contains("Command-line arguments"), "no command line in the log:\n" + frameworkLog);
        assertTrue(Files.isRegularFile(logs.resolve("enclave-cli.log")), "the command line's log");
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
        assertFalse(Files.exists(oldLog), "the old log in the product folder is removed");
        for (Path folder : List.of(logs, product)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    assertFalse(text.contains("SECRETQUESTION7731"), "the question is written to " + f);
                }
            }
        }
        try (Stream<Path> files = Files.list(product.resolve("configuration"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).toList(),
                    "no log in the product folder");
        }
    }
}
