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
        Path folder = Files.createDirectories(dir.resolve("m" + System.nanoTime()));
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 128, "num_attention_heads": 2,
                 "num_key_value_heads": 1, "num_hidden_layers": 1, "intermediate_size": 256, "vocab_size": 100,
                 "max_position_embeddings": 32768, "rope_theta": 1000000.0, "rope_scaling": %s}
                """.formatted(scaling), StandardCharsets.UTF_8);
        return Rope.frequencies(HfConfig.read(folder));
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
                () -> rope("{\"type\": \"longrope\", \"factor\": 2.0}"));
        assertTrue(e.getMessage().contains("longrope") && e.getMessage().contains("yarn"), e.getMessage());
    }
}
