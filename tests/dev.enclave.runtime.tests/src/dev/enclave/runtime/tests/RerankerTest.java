package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.Reranker;
import dev.enclave.tests.support.CrossEncoders;

/**
 * Cross-encoders (issue 16's reranking stage) as transformers' BertForSequenceClassification: a folder
 * made from the bert-tiny fixture with a pooler and a classifier whose output is known in closed form
 * (a zero pooler weight makes the pooled vector tanh(bias) whatever the encoder computes), so the head,
 * the label arithmetic and the tensor names are checked exactly; pairs longer than the model are cut.
 */
class RerankerTest {
    private static final int D = 64;

    @TempDir
    Path dir;

    @Test
    void oneLabelScoresAreTheClassifiersLogitOverThePooledVector() throws Exception {
        float[] poolBias = ramp(D, 0.05f);
        float[] cls = ramp(D, -0.02f);
        Path folder = crossEncoder("one", new float[D * D], poolBias, cls, new float[] { 0.25f });
        ModelRegistry r = Fixtures.registry();
        assertEquals(ModelInfo.RERANKER, r.inspect(folder).kind());
        double expected = 0.25;
        for (int i = 0; i < D; i++) {
            expected += cls[i] * Math.tanh(poolBias[i]);
        }
        try (Reranker rr = r.openReranker(null, folder.toString(), Progress.silent())) {
            float[] s = rr.score("修整盘压力是多少", List.of("修整盘压力设定为 5 lbf。", "The slurry flow is 200 ml/min.",
                    "wafer ".repeat(2000)));
            assertEquals(3, s.length);
            for (float v : s) {
                assertEquals(expected, v, 1e-4, "the logit of the pooled vector");
            }
        }
    }

    @Test
    void twoLabelScoresAreTheRelevantLabelsLogitMinusTheOthers() throws Exception {
        float[] poolBias = ramp(D, 0.03f);
        float[] w = new float[2 * D];
        float[] w0 = ramp(D, 0.01f);
        float[] w1 = ramp(D, -0.04f);
        System.arraycopy(w0, 0, w, 0, D);
        System.arraycopy(w1, 0, w, D, D);
        Path folder = crossEncoder("two", new float[D * D], poolBias, w, new float[] { 0.5f, -0.5f });
        double expected = -1.0;
        for (int i = 0; i < D; i++) {
            expected += (w1[i] - w0[i]) * Math.tanh(poolBias[i]);
        }
        try (Reranker rr = Fixtures.registry().openReranker(null, folder.toString(), Progress.silent())) {
            assertEquals(expected, rr.score("query", List.of("passage"))[0], 1e-4);
        }
    }

    @Test
    void theEncoderReadsQueryAndPassageTogetherInTwoSegments() throws Exception {
        // An identity pooler: the score now follows the encoder's [CLS] vector, which sees the passage.
        float[] eye = new float[D * D];
        for (int i = 0; i < D; i++) {
            eye[i * D + i] = 1f;
        }
        Path folder = crossEncoder("eye", eye, new float[D], ramp(D, 0.1f), new float[] { 0f });
        try (Reranker rr = Fixtures.registry().openReranker(null, folder.toString(), Progress.silent())) {
            float[] s = rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。", "浆料流量为 200 ml/min。"));
            assertTrue(Math.abs(s[0] - s[1]) > 1e-4, "different passages, different scores: " + s[0] + " " + s[1]);
            assertArrayEquals(s, rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。", "浆料流量为 200 ml/min。")),
                    "deterministic");
            float[] alone = rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。"));
            assertEquals(s[0], alone[0], 1e-4, "batching does not change a pair's score");
        }
    }

    @Test
    void foldersThatAreNotRerankersAreNamed() throws Exception {
        ModelRegistry r = Fixtures.registry();
        EnclaveException plain = assertThrows(EnclaveException.class,
                () -> r.openReranker(null, Fixtures.model("bert-tiny").toString(), Progress.silent()));
        assertTrue(plain.getMessage().contains("reranker"), plain.getMessage());
        Path three = crossEncoder("three", new float[D * D], new float[D], new float[3 * D], new float[3]);
        EnclaveException labels = assertThrows(EnclaveException.class,
                () -> r.openReranker(null, three.toString(), Progress.silent()).close());
        assertTrue(labels.getMessage().contains("3"), labels.getMessage());
    }

    private static float[] ramp(int n, float step) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = step * ((i % 7) - 3);
        }
        return a;
    }

    private Path crossEncoder(String name, float[] poolW, float[] poolB, float[] clsW, float[] clsB)
            throws IOException {
        return CrossEncoders.write(Fixtures.model("bert-tiny"), dir.resolve(name), poolW, poolB, clsW, clsB);
    }
}
