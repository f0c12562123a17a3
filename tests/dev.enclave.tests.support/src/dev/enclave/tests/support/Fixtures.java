package dev.enclave.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reference fixtures (tiny models made with transformers and PEFT); the build passes their folder. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixtures folder: the {@code enclave.fixtures} system property the build sets. */
    public static Path root() {
        String p = System.getProperty("enclave.fixtures");
        if (p == null || !Files.isDirectory(Path.of(p))) {
            throw new AssertionError("The reference fixtures folder is missing: the build passes it as "
                    + "-Denclave.fixtures (was " + p + ").");
        }
        return Path.of(p);
    }

    /** A fixture model folder, e.g. {@code qwen2-tiny}. */
    public static Path model(String name) {
        return root().resolve("models").resolve(name);
    }
}
