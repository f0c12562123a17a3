package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.internal.HfTokenizer;

/** Every fixture against what Hugging Face transformers computed. */
class ReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = { "qwen2-tiny", "qwen3-tiny", "llama-tiny" })
    void decodersMatchTransformers(String name) throws Exception {
        ModelCheck c = Fixtures.registry().check(Fixtures.model(name), null, Progress.silent());
        assertTrue(c.ok(), c.toString());
        assertTrue(c.maxAbsDiff() < 1e-4, "expected ~1e-5, got " + c.maxAbsDiff());
        assertTrue(c.greedyCompared() >= 5 * 12, c.toString());
        assertEquals(c.greedyCompared(), c.greedyMatched());
        assertEquals(c.cases(), c.tokenizerMatched(), "every case tokenised to the reference ids");
        assertEquals(name, c.model());
    }

    @Test
    void bertEmbeddingsMatchTransformers() throws Exception {
        ModelCheck c = Fixtures.registry().check(Fixtures.model("bert-tiny"), null, Progress.silent());
        assertTrue(c.ok(), c.toString());
        assertTrue(c.encoder());
        assertTrue(c.maxAbsDiff() <= ModelCheck.EMBEDDING_TOLERANCE, c.toString());
        assertEquals(c.cases(), c.tokenizerMatched());
    }

    @Test
    void qwen3TokenizerMatchesTheTokenizersLibrary() throws Exception {
        var cases = JsonParser.parseString(Files.readString(
                Fixtures.root().resolve("models/qwen3-tokenizer-reference.json"), StandardCharsets.UTF_8))
                .getAsJsonArray();
        assertTrue(cases.size() >= 5);
        try (HfTokenizer t = HfTokenizer.load(Fixtures.model("qwen3-tiny"))) {
            for (JsonElement e : cases) {
                JsonObject c = e.getAsJsonObject();
                String text = c.get("text").getAsString();
                int[] expected = c.getAsJsonArray("ids").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
                int[] ours = t.encode(text, false);
                assertTrue(Arrays.equals(expected, ours), "ids of " + text + ": " + Arrays.toString(ours));
                if (c.has("decoded")) {
                    assertEquals(c.get("decoded").getAsString(), t.decode(ours, false), "decoded " + text);
                }
            }
        }
    }
}
