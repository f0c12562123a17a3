package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;

/** Generation through the public API on the qwen2 fixture: greedy parity, streaming, sampling, stops, limits. */
class GenerationTest {
    static LanguageModel model;
    static JsonObject case0;

    @BeforeAll
    static void load() throws Exception {
        model = Fixtures.registry().openLanguageModel(Fixtures.model("qwen2-tiny"), Progress.silent());
        case0 = JsonParser.parseString(Files.readString(Fixtures.model("qwen2-tiny").resolve("reference.json"),
                StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("cases").get(0).getAsJsonObject();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static int[] ints(String key) {
        return case0.getAsJsonArray(key).asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }

    @Test
    void greedyFollowsTransformersAndStreams() {
        int[] prompt = model.encode(case0.get("text").getAsString());
        int[] expected = ints("greedy_new_ids");
        StringBuilder streamed = new StringBuilder();
        List<Integer> ids = new ArrayList<>();
        Generation g = model.generate(prompt, GenerationSettings.greedy(expected.length), (piece, id) -> {
            streamed.append(piece);
            ids.add(id);
        }, Progress.silent());
        // qwen2-tiny has eos id 2; the reference ran without stopping: compare up to an eos, if any.
        for (int i = 0; i < g.tokenIds().size(); i++) {
            assertEquals(expected[i], g.tokenIds().get(i).intValue(), "token " + i);
        }
        assertEquals(g.text(), streamed.toString(), "streamed pieces add up to the text");
        assertEquals(prompt.length, g.promptTokens());
        assertTrue(g.prefillTokensPerSecond() > 0);
    }

    @Test
    void samplingIsReproducibleWithASeed() {
        int[] prompt = model.encode("晶圆良率");
        GenerationSettings a = new GenerationSettings(12, 1.0f, 50, 0.95f, 1.1f, 42L, List.of());
        Generation g1 = model.generate(prompt, a, null, Progress.silent());
        Generation g2 = model.generate(prompt, a, null, Progress.silent());
        assertEquals(g1.tokenIds(), g2.tokenIds());
        boolean differs = false;
        for (long seed = 1; seed < 6 && !differs; seed++) {
            GenerationSettings b = new GenerationSettings(12, 1.0f, 50, 0.95f, 1.1f, seed, List.of());
            differs = !model.generate(prompt, b, null, Progress.silent()).tokenIds().equals(g1.tokenIds());
        }
        assertTrue(differs, "other seeds give other samples");
    }

    @Test
    void cancellationFromAnotherThreadStops() {
        Progress progress = Progress.silent();
        List<Integer> seen = new ArrayList<>();
        Generation g = model.generate(model.encode("cancel me"), GenerationSettings.greedy(200), (p, id) -> {
            seen.add(id);
            if (seen.size() == 3) {
                new Thread(progress::cancel).start();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, progress);
        assertEquals("cancelled", g.stopReason());
        assertTrue(g.tokenIds().size() < 200 && g.tokenIds().size() >= 3, g.tokenIds().toString());
    }

    @Test
    void stopStringsAndContextLimit() {
        int[] prompt = model.encode(case0.get("text").getAsString());
        Generation full = model.generate(prompt, GenerationSettings.greedy(16), null, Progress.silent());
        String text = full.text();
        assertTrue(text.length() > 4, text);
        String stop = text.substring(2, 4);
        Generation cut = model.generate(prompt,
                new GenerationSettings(16, 0f, 0, 1f, 1f, 0, List.of(stop)), null, Progress.silent());
        assertEquals("stop-string", cut.stopReason());
        assertTrue(text.startsWith(cut.text()) && !cut.text().contains(stop), cut.text());

        EnclaveException e = assertThrows(EnclaveException.class, () -> model.generate(prompt,
                GenerationSettings.greedy(model.contextLength()), null, Progress.silent()));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("context"), e.getMessage());
    }

    @Test
    void bertEmbeddingsAreUnitLengthAndDistinct() throws Exception {
        try (EmbeddingModel em = Fixtures.registry().openEmbeddingModel(Fixtures.model("bert-tiny"), null,
                Progress.silent())) {
            float[][] v = em.embed(List.of("企业贷款逾期风险", "wafer yield", "企业贷款逾期风险"));
            assertEquals(3, v.length);
            assertEquals(64, em.dimension());
            for (float[] x : v) {
                double n = 0;
                for (float f : x) {
                    n += f * f;
                }
                assertEquals(1.0, Math.sqrt(n), 1e-5);
            }
            assertTrue(java.util.Arrays.equals(v[0], v[2]));
            assertNotEquals(v[0][0], v[1][0]);
        }
    }
}
