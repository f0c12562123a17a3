package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.runtime.Classification;
import dev.enclave.runtime.ImageBatchSource;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierSpec;
import dev.enclave.runtime.ImageClassifierTuning;
import dev.enclave.runtime.ImageTrainingSettings;
import dev.enclave.runtime.internal.DjlImageClassifierService;

/**
 * The image classifier's training on the runtime learns what a defect classifier must learn: that a
 * small object is there, wherever it is. Two classes of 32×32 noise, one with a small bright spot at a
 * random place: fresh images every step, 40 steps, then new images. A network that flattens its last
 * feature map ties each feature to a position and was at 0.81 here; pooling over positions learns it.
 * Inference (batch normalisation with running statistics) must agree with what training saw.
 */
class ImageClassifierTrainingTest {
    private static final int S = 32;

    @TempDir
    Path dir;

    private static void image(Random r, float[] x, int at, boolean spot) {
        for (int i = 0; i < S * S; i++) {
            x[at + i] = (float) r.nextGaussian() * 0.3f;
        }
        if (spot) {
            int cx = 2 + r.nextInt(S - 5), cy = 2 + r.nextInt(S - 5);
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    x[at + (cy + dy) * S + cx + dx] += 2f;
                }
            }
        }
    }

    private static double accuracy(ImageClassifier c, float[] x, int[] y) {
        Classification[] k = c.classify(x, y.length);
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += k[i].best() == y[i] ? 1 : 0;
        }
        return ok / (double) y.length;
    }

    @Test
    void learnsAnObjectAnywhereAndInferenceAgreesWithTraining() throws Exception {
        ImageClassifierSpec spec = new ImageClassifierSpec(List.of("none", "spot"), 1, S, S, List.of(8, 16), 16,
                true);
        ImageBatchSource source = (step, x, y) -> {
            Random r = new Random(step);
            for (int i = 0; i < y.length; i++) {
                y[i] = i % 2;
                image(r, x, i * S * S, y[i] == 1);
            }
        };
        // The first training batch again, to check inference on images training has seen.
        float[] seen = new float[32 * S * S];
        int[] seenLabels = new int[32];
        source.fill(0, seen, seenLabels);
        int n = 200;
        float[] fresh = new float[n * S * S];
        int[] freshLabels = new int[n];
        Random r = new Random(99);
        for (int i = 0; i < n; i++) {
            freshLabels[i] = i % 2;
            image(r, fresh, i * S * S, freshLabels[i] == 1);
        }
        DjlImageClassifierService service = new DjlImageClassifierService();
        double[] duringTraining = new double[1];
        List<Float> loss = service.train(spec, source, new ImageTrainingSettings(40, 32, 0.01f, 7),
                new ImageClassifierTuning(null, null, 40, 1, c -> duringTraining[0] = accuracy(c, fresh, freshLabels)),
                dir, Progress.silent());
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), "loss falls: " + loss);
        try (ImageClassifier c = service.load(dir)) {
            double unseen = accuracy(c, fresh, freshLabels);
            assertTrue(unseen >= 0.95, "accuracy on new images " + unseen);
            assertEquals(duringTraining[0], unseen, 1e-9, "the saved classifier is the one validated");
            assertTrue(accuracy(c, seen, seenLabels) >= 0.95, "inference on a training batch");
            assertTrue(c.spec().globalPooling(), "the pooling is saved with the classifier");
        }
        String json = Files.readString(dir.resolve("classifier.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"pooling\": \"global_max_mean\""), json);
    }

    @Test
    void aClassifierSavedBeforePoolingExistedStillFlattens() throws Exception {
        ImageClassifierSpec spec = new ImageClassifierSpec(List.of("a", "b"), 1, S, S, List.of(4), 4);
        assertFalse(spec.globalPooling());
        DjlImageClassifierService service = new DjlImageClassifierService();
        service.train(spec, (step, x, y) -> {
            Random r = new Random(step);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            y[0] = 0;
            y[1] = 1;
        }, new ImageTrainingSettings(1, 2, 0.01f, 1),
                ImageClassifierTuning.none(), dir, Progress.silent());
        Path json = dir.resolve("classifier.json");
        // An older classifier.json has no "pooling" at all.
        Files.writeString(json, Files.readString(json, StandardCharsets.UTF_8)
                .replaceAll(",\\s*\"pooling\": \"flatten\"", ""), StandardCharsets.UTF_8);
        assertFalse(Files.readString(json, StandardCharsets.UTF_8).contains("pooling"));
        try (ImageClassifier c = service.load(dir)) {
            assertFalse(c.spec().globalPooling());
            assertEquals(2, c.classify(new float[S * S], 1)[0].probabilities().length);
        }
    }
}
