package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.Djl;

/**
 * The Java one-token decoding step against the libtorch forward pass it replaces, on the
 * fixture architectures (Llama with llama3 rope, Qwen2 with q/k/v bias, Qwen3 with q/k norms)
 * and a Mistral-style sliding window: the same logits for every step, also when the cache
 * moves between the two (a longer forward after Java steps, Java steps after it).
 */
class DecodeStepTest {
    @TempDir
    Path tmp;

    @Test
    void javaStepsGiveTheLibtorchLogitsOnEveryArchitecture() throws Exception {
        for (String name : new String[] { "llama-tiny", "qwen2-tiny", "qwen3-tiny" }) {
            compare(Fixtures.model(name), name);
        }
    }

    @Test
    void slidingWindowIsHonouredByTheJavaStep() throws Exception {
        Path folder = Fixtures.copy("llama-tiny", tmp, false);
        Path config = folder.resolve("config.json");
        String json = Files.readString(config).replace("\"LlamaForCausalLM\"", "\"MistralForCausalLM\"")
                .replace("\"use_cache\": true,", "\"use_cache\": true,\n  \"sliding_window\": 3,");
        Files.writeString(config, json);
        List<float[]> windowed = compare(folder, "mistral window 3");
        // The window changes the result once a step has more than 3 positions behind it.
        List<float[]> full = run(Fixtures.model("llama-tiny"), false);
        assertTrue(maxDiff(windowed.get(0), full.get(0)) < 1e-5, "the prompt's last logits (3 positions) agree");
        assertTrue(maxDiff(windowed.get(3), full.get(3)) > 1e-3, "later steps differ from full attention");
    }

    private static List<float[]> compare(Path folder, String name) {
        List<float[]> java = run(folder, false);
        List<float[]> torch = run(folder, true);
        assertEquals(torch.size(), java.size());
        for (int i = 0; i < java.size(); i++) {
            float scale = 0;
            for (float v : torch.get(i)) {
                scale = Math.max(scale, Math.abs(v));
            }
            double diff = maxDiff(java.get(i), torch.get(i));
            assertTrue(diff <= 1e-5 * Math.max(1, scale), name + " step " + i + ": max |Δlogit| " + diff);
        }
        return java;
    }

    /**
     * Prompt of 3 tokens, 3 single steps, a 2-token forward, 3 more single steps: the logits
     * of each call's last position.
     */
    private static List<float[]> run(Path folder, boolean torch) {
        String before = System.getProperty("enclave.decode.torch");
        System.setProperty("enclave.decode.torch", Boolean.toString(torch));
        try (NDManager manager = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(folder, manager);
            if (torch) {
                assertFalse(model.javaDecoding(), "libtorch when asked");
            } else {
                assertTrue(model.javaDecoding(), "the Java step is used with the Vector API present");
            }
            List<float[]> out = new ArrayList<>();
            try (DecoderModel.Session s = model.newSession()) {
                out.add(s.forward(new int[] { 5, 17, 99 }, false)[0]);
                for (int id : new int[] { 300, 7, 1200 }) {
                    out.add(s.forward(new int[] { id }, false)[0]);
                }
                out.add(s.forward(new int[] { 42, 43 }, false)[0]);
                for (int id : new int[] { 11, 12, 13 }) {
                    out.add(s.forward(new int[] { id }, false)[0]);
                }
                assertEquals(11, s.position());
            }
            return out;
        } finally {
            if (before == null) {
                System.clearProperty("enclave.decode.torch");
            } else {
                System.setProperty("enclave.decode.torch", before);
            }
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
