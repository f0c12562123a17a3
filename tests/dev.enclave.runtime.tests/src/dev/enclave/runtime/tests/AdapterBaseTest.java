package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.runtime.internal.LoraAdapter;

/**
 * An adapter made elsewhere names its base by where it lay there: the fixtures' adapters name a
 * path outside this repository ({@code base_model_name_or_path}). Copied into another tree with the
 * base beside them, they still find it, through the path's last names.
 */
class AdapterBaseTest {
    @TempDir
    Path dir;

    @Test
    void theBaseIsFoundUnderTheLastNamesOfItsRecordedPath() throws Exception {
        Path adapter = copy(Fixtures.root().resolve("lora/qwen2-tiny-lora"), dir.resolve("kit/lora/qwen2-tiny-lora"));
        Path base = copy(Fixtures.root().resolve("models/qwen2-tiny"), dir.resolve("kit/models/qwen2-tiny"));
        LoraAdapter a = LoraAdapter.open(adapter);
        assertTrue(a.baseModel().startsWith("../"), "the fixture records a path from elsewhere: " + a.baseModel());
        assertEquals(base.toAbsolutePath().normalize(), a.resolveBase(null));
        Path explicit = dir.resolve("somewhere");
        assertEquals(explicit, a.resolveBase(explicit), "a named base wins");
    }

    @Test
    void anAdapterWithoutItsBaseSaysSo() throws Exception {
        Path adapter = copy(Fixtures.root().resolve("lora/qwen2-tiny-lora"), dir.resolve("alone/qwen2-tiny-lora"));
        EnclaveException e = assertThrows(EnclaveException.class, () -> LoraAdapter.open(adapter).resolveBase(null));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("qwen2-tiny"), e.getMessage());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
