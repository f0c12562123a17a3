package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.runtime.internal.HfConfig;
import dev.enclave.runtime.internal.Rope;

/** Rope scaling types read from a model's config.json. */
class RopeTest {
    @TempDir
    Path dir;

    private Rope.Frequencies rope(String scaling) throws Exception {
        return schedule(scaling).at(1);
    }

    private Rope.Schedule schedule(String scaling) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("m" + System.nanoTime()));
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 128, "num_attention_heads": 2,
                 "num_key_value_heads": 1, "num_hidden_layers": 1, "intermediate_size": 256, "vocab_size": 100,
                 "max_position_embeddings": 32768, "rope_theta": 1000000.0, "rope_scaling": %s}
                """.formatted(scaling), StandardCharsets.UTF_8);
        return Rope.schedule(HfConfig.read(folder));
    }

    @Test
    void yarnKeepsFastDimensionsAndInterpolatesSlowOnes() throws Exception {
        Rope.Frequencies base = rope("null");
        Rope.Frequencies yarn = rope("{\"type\": \"yarn\", \"factor\": 4.0, \"original_max_position_embeddings\": 32768}");
        float[] b = base.inverse();
        float[] y = yarn.inverse();
        assertEquals(b.length, y.length);
        assertEquals(1f, base.attentionScaling());
        assertEquals(0.1 * Math.log(4) + 1, yarn.attentionScaling(), 1e-6, "YaRN's default attention factor");
        // Dimensions turning more than beta_fast (32) times over the original context are kept ...
        assertEquals(b[0], y[0]);
        // ... those turning fewer than beta_slow (1) times are divided by the factor ...
        assertEquals(b[b.length - 1] / 4, y[y.length - 1], 1e-12);
        // ... and the ones in between move monotonically from one to the other.
        int ramp = 0;
        for (int i = 0; i < b.length; i++) {
            double kept = (y[i] - b[i] / 4) / (b[i] - b[i] / 4);
            assertTrue(kept >= -1e-5 && kept <= 1 + 1e-5, "dimension " + i + ": " + kept);
            if (kept > 1e-5 && kept < 1 - 1e-5) {
                ramp++;
            }
            if (i > 0) {
                double before = (y[i - 1] - b[i - 1] / 4) / (b[i - 1] - b[i - 1] / 4);
                assertTrue(kept <= before + 1e-5, "monotone at " + i);
            }
        }
        assertTrue(ramp > 0, "some dimensions lie on the ramp");
    }

    @Test
    void yarnFactorOneChangesNothingAndNamedAttentionFactorsWin() throws Exception {
        Rope.Frequencies base = rope("null");
        Rope.Frequencies one = rope("{\"rope_type\": \"yarn\", \"factor\": 1.0}");
        assertArrayEquals(base.inverse(), one.inverse(), 1e-12f);
        assertEquals(1f, one.attentionScaling());
        Rope.Frequencies named = rope("{\"rope_type\": \"yarn\", \"factor\": 4.0, \"attention_factor\": 1.5}");
        assertEquals(1.5f, named.attentionScaling());
        Rope.Frequencies deepseek = rope(
                "{\"rope_type\": \"yarn\", \"factor\": 40.0, \"mscale\": 1.0, \"mscale_all_dim\": 1.0}");
        assertEquals(1f, deepseek.attentionScaling(), 1e-6, "equal mscale pair cancels");
    }

    @Test
    void linearDividesEveryFrequencyAndUnknownTypesAreNamed() throws Exception {
        float[] b = rope("null").inverse();
        float[] l = rope("{\"type\": \"linear\", \"factor\": 2.0}").inverse();
        for (int i = 0; i < b.length; i++) {
            assertEquals(b[i] / 2, l[i], 1e-12);
        }
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> rope("{\"type\": \"ntk-by-parts\", \"factor\": 2.0}"));
        assertTrue(e.getMessage().contains("ntk-by-parts") && e.getMessage().contains("dynamic"), e.getMessage());
        EnclaveException missing = assertThrows(EnclaveException.class,
                () -> rope("{\"type\": \"longrope\", \"factor\": 2.0}"));
        assertTrue(missing.getMessage().contains("short_factor"), missing.getMessage());
    }

    @Test
    void dynamicNtkIsTheDefaultWithinTheContextAndRaisesTheBaseBeyondIt() throws Exception {
        float[] b = rope("null").inverse();
        Rope.Schedule dynamic = schedule("{\"type\": \"dynamic\", \"factor\": 2.0}");
        assertArrayEquals(b, dynamic.at(1).inverse(), 0f);
        assertArrayEquals(b, dynamic.at(32768).inverse(), 0f, "the last position of the original context");
        // 65,536 positions: base 1e6 · (2·2 − 1)^(64/62); the first frequency stays 1.
        float[] beyond = dynamic.at(65536).inverse();
        double base = 1e6 * Math.pow(3, 64.0 / 62);
        for (int i = 0; i < b.length; i++) {
            assertEquals(1 / Math.pow(base, 2.0 * i / 64), beyond[i], 1e-6 * Math.max(beyond[i], 1e-12) + 1e-12, "dim " + i);
            assertTrue(i == 0 ? beyond[i] == b[i] : beyond[i] < b[i], "slower beyond the context at " + i);
        }
        float[] further = dynamic.at(131072).inverse();
        assertTrue(further[b.length - 1] < beyond[b.length - 1], "longer sequences scale more");
        assertEquals(1f, dynamic.at(65536).attentionScaling());
    }

    @Test
    void longropeUsesShortFactorsWithinTheOriginalContextAndLongOnesBeyond() throws Exception {
        StringBuilder shortF = new StringBuilder(), longF = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            shortF.append(i == 0 ? "" : ",").append(1 + i * 0.01);
            longF.append(i == 0 ? "" : ",").append(1 + i * 0.5);
        }
        Rope.Schedule longrope = schedule("{\"type\": \"longrope\", \"factor\": 8.0, "
                + "\"original_max_position_embeddings\": 4096, \"short_factor\": [" + shortF + "], \"long_factor\": ["
                + longF + "]}");
        float[] b = rope("null").inverse();
        Rope.Frequencies within = longrope.at(4096);
        Rope.Frequencies beyond = longrope.at(4097);
        for (int i = 0; i < b.length; i++) {
            assertEquals(b[i] / (1 + i * 0.01), within.inverse()[i], 1e-6 * b[i], "short factor at " + i);
            assertEquals(b[i] / (1 + i * 0.5), beyond.inverse()[i], 1e-6 * b[i], "long factor at " + i);
        }
        double attention = Math.sqrt(1 + Math.log(8) / Math.log(4096));
        assertEquals(attention, within.attentionScaling(), 1e-6);
        assertEquals(attention, beyond.attentionScaling(), 1e-6);
    }
}
