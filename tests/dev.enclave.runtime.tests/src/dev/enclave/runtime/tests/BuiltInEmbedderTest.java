package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.tests.support.Workspaces;

/** The embedder that ships with the product: bge-small-zh-v1.5 (quantised ONNX) on ONNX Runtime. */
class BuiltInEmbedderTest {
    @TempDir
    Path dir;

    static double cos(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void relatedCreditRisksAreCloserThanWaferYield() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "u");
        try (EmbeddingModel bge = Fixtures.registry().openEmbedder(ws, null, null, Progress.silent())) {
            assertEquals(ModelRegistry.BUILT_IN_EMBEDDER, bge.name());
            assertEquals(512, bge.dimension());
            float[][] v = bge.embed(List.of("企业贷款逾期风险", "公司借款违约风险", "晶圆良率预测"));
            double related = cos(v[0], v[1]);
            double unrelated = cos(v[0], v[2]);
            assertTrue(related > unrelated + 0.2, "related " + related + " vs unrelated " + unrelated);
            assertTrue(related > 0.7 && related < 0.85, "trial gave 0.77: " + related);
            // Upper-case Latin terms reach the lower-case vocabulary (the artifact's tokenizer does not lower-case).
            float[][] w = bge.embed(List.of("PECVD chamber clean", "pecvd chamber clean"));
            assertEquals(1.0, cos(w[0], w[1]), 1e-5);
        }
    }
}
