package dev.enclave.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The reference fixtures under {@code tests/fixtures} are the files transformers and PEFT wrote,
 * byte for byte: every file is listed in {@code SHA256SUMS} with its hash, and nothing is listed that
 * is missing. A changed reference would make the runtime's checks against it meaningless.
 */
class FixturesTest {

    @Test
    void everyFixtureFileMatchesItsRecordedHash() throws Exception {
        Path root = Path.of(System.getProperty("enclave.fixtures"));
        Map<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(root.resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                // sha256sum's format: 64 hex digits, two spaces, the path relative to the fixtures folder
                recorded.put(line.substring(66), line.substring(0, 64));
            }
        }
        Map<String, String> present = new TreeMap<>();
        for (String dir : new String[] { "models", "lora" }) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    present.put(root.relativize(f).toString().replace('\\', '/'), sha256(f));
                }
            }
        }
        assertTrue(recorded.size() >= 40, "the list covers the models and the adapters: " + recorded.keySet());
        assertEquals(recorded.keySet(), present.keySet(), "the same files as listed");
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            assertEquals(e.getValue(), present.get(e.getKey()), e.getKey() + " is unchanged");
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
