package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelFile;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.tests.support.Workspaces;

/** The models folder, manifests, and damaged folders reported by file and problem. */
class RegistryTest {
    @TempDir
    Path dir;

    private static EnclaveException failsToLoad(Path folder) throws Exception {
        ModelRegistry r = Fixtures.registry();
        return assertThrows(EnclaveException.class, () -> r.openLanguageModel(folder, Progress.silent()).close());
    }

    @Test
    void addRecordsHashesAndListsTheModel() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "ai");
        Subject admin = ws.security().login("ai", null);
        ModelRegistry r = Fixtures.registry();
        ModelInfo added = r.add(ws, admin, Fixtures.model("llama-tiny"), "llama-small", Progress.silent());
        assertEquals("llama-small", added.name());
        assertEquals("LlamaForCausalLM", added.architecture());
        assertEquals(ModelInfo.DECODER, added.kind());
        ModelFile config = added.files().stream().filter(f -> f.path().equals("config.json")).findFirst().orElseThrow();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(Fixtures.model("llama-tiny").resolve("config.json"))));
        assertEquals(expected, config.sha256());
        assertEquals(List.of("llama-small"), r.list(ws).stream().map(ModelInfo::name).toList());
        assertEquals(added.folder(), r.resolve(ws, "llama-small"));
        assertThrows(EnclaveException.class, () -> r.add(ws, admin, Fixtures.model("llama-tiny"), "llama-small",
                Progress.silent()), "the name is taken");

        ws.security().putUser(admin, "auditor1", List.of("auditor"));
        Subject auditor = ws.security().login("auditor1", null);
        assertThrows(AccessDeniedException.class,
                () -> r.add(ws, auditor, Fixtures.model("qwen2-tiny"), null, Progress.silent()));
        EnclaveException missing = assertThrows(EnclaveException.class, () -> r.resolve(ws, "no-such-model"));
        assertTrue(missing.getMessage().contains("no-such-model"));
    }

    @Test
    void truncatedWeightsAreNamed() throws Exception {
        Path m = Fixtures.copy("qwen2-tiny", dir, false);
        Path weights = m.resolve("model.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        EnclaveException e = failsToLoad(m);
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void shapeMismatchWithConfigIsNamed() throws Exception {
        Path m = Fixtures.copy("qwen2-tiny", dir, false);
        Path config = m.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\": 128",
                "\"intermediate_size\": 256"), StandardCharsets.UTF_8);
        EnclaveException e = failsToLoad(m);
        assertTrue(e.getMessage().contains("shape mismatch") && e.getMessage().contains("mlp"), e.getMessage());
    }

    @Test
    void missingTokenizerAndUnknownArchitectureAreNamed() throws Exception {
        Path m = Fixtures.copy("qwen3-tiny", dir, false);
        Files.delete(m.resolve("tokenizer.json"));
        EnclaveException e = failsToLoad(m);
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());

        Path n = Fixtures.copy("llama-tiny", dir.resolve("b"), false);
        Path config = n.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("LlamaForCausalLM", "GPTNeoXForCausalLM"),
                StandardCharsets.UTF_8);
        EnclaveException u = failsToLoad(n);
        assertTrue(u.getMessage().contains("unknown architecture") && u.getMessage().contains("GPTNeoX"),
                u.getMessage());

        Path shards = Fixtures.copy("llama-tiny", dir.resolve("c"), false);
        Files.delete(shards.resolve("model-00003-of-00006.safetensors"));
        EnclaveException s = failsToLoad(shards);
        assertTrue(s.getMessage().contains("model-00003-of-00006.safetensors"), s.getMessage());
    }
    @Test
    void residentModelsLoadOncePerFileStateAndOutliveTheirLastHolder() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "ai");
        Subject admin = ws.security().login("ai", null);
        ModelRegistry r = Fixtures.registry();
        Path folder = r.add(ws, admin, Fixtures.model("qwen2-tiny"), "tiny", Progress.silent()).folder();
        String first;
        try (ModelRegistry.Residency residency = r.keepResident()) {
            LanguageModel a = r.openLanguageModel(ws, folder, null, Progress.silent());
            first = greedy(a);
            a.close();
            assertEquals(1, residency.loaded(), "closing the caller's model keeps it loaded");
            LanguageModel b = r.openLanguageModel(ws, folder, null, Progress.silent());
            assertEquals(first, greedy(b), "the kept model generates as the first did");
            assertEquals(1, residency.loaded());

            // The model's files change (re-added, edited config): the next caller gets a fresh load, while the
            // caller still holding the old one can finish with it.
            Path config = folder.resolve("config.json");
            Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(
                    Files.getLastModifiedTime(config).toMillis() + 5_000));
            LanguageModel c = r.openLanguageModel(ws, folder, null, Progress.silent());
            assertEquals(1, residency.loaded(), "the stale model is no longer kept");
            assertEquals(first, greedy(b), "a stale model in use is not closed under its caller");
            b.close();
            c.close();
            LanguageModel d = r.openLanguageModel(ws, folder, null, Progress.silent());
            residency.close();
            assertEquals(0, residency.loaded());
            assertEquals(first, greedy(d), "a model in use outlives residency until its caller closes it");
            d.close();
        }
        try (LanguageModel e = r.openLanguageModel(ws, folder, null, Progress.silent())) {
            assertEquals(first, greedy(e), "without residency a caller gets its own model");
        }
    }

    private static String greedy(LanguageModel m) {
        return m.generate(m.encode("hello world"), GenerationSettings.greedy(6), (piece, id) -> { },
                Progress.silent()).text();
    }
}
