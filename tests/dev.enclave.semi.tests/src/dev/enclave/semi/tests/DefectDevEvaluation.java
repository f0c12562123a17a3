package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.DefectImages;
import dev.enclave.tests.support.Workspaces;

/**
 * Not part of the suite (its name matches no test pattern): the development set for the defect classifier,
 * issue 21's protocol (60 training and 40 test images a class, 160–320 px, some colour) on images of
 * {@link ThirdDefectImages}. Changes to the classifier's training are scored here; {@link
 * DefectClassifierEvaluation} stays the health check. Prints the shipped model's and the fine-tuned model's
 * macro-F1 and per-class F1 and the training time; asserts only that every image was scored. Run it with
 * {@code -Dtest=DefectDevEvaluation -Dsurefire.failIfNoSpecifiedTests=false}; the environment variable (the test
 * runtime is a separate process) {@code DEFECT_DEV_MODEL=DIR} scores another classifier folder in place of the
 * shipped one (and fine-tunes from it), {@code DEFECT_DEV_TUNE=false} skips fine-tuning.
 */
class DefectDevEvaluation {
    @TempDir
    Path dir;

    @Test
    void devSetSixtyFortyShippedThenFineTuned() throws Exception {
        ThirdDefectImages gen = new ThirdDefectImages(2_026_1207);
        gen.write(dir.resolve("train"), 60);
        gen.write(dir.resolve("test"), 40);
        DefectImages defects = Services.service(DefectImages.class);
        Workspace ws = Workspaces.open(dir.resolve("ws"), "qa");
        Subject qa = Workspaces.login(ws, "qa");
        String other = System.getenv("DEFECT_DEV_MODEL");
        Path model = other == null || other.isBlank() ? null : Path.of(other);
        if (model != null) { // fine-tuning starts from the workspace's classifier: make it this one
            Path current = ws.serviceFolder(dev.enclave.semi.internal.SemiWorkspace.SERVICE).resolve("defect-classifier");
            Files.createDirectories(current);
            for (String f : new String[] { "classifier.json", "weights.params" }) {
                Files.copy(model.resolve(f), current.resolve(f));
            }
        }
        DefectImages.Scorecard shipped = defects.evaluate(ws, qa, dir.resolve("test"), Progress.silent());
        System.out.println("DEV 60/40, base " + (model == null ? "shipped" : model) + ": macro-F1 "
                + shipped.macroF1() + " " + shipped.perClassF1() + " " + shipped.confusion());
        assertEquals(280, shipped.images());
        if (!"false".equals(System.getenv("DEFECT_DEV_TUNE"))) {
            long t0 = System.nanoTime();
            DefectImages.Trained t = defects.train(ws, qa, new DefectImages.TrainRequest(dir.resolve("train"), 30,
                    1, dir.resolve("tuned"), true), Progress.silent());
            double seconds = (System.nanoTime() - t0) / 1e9;
            DefectImages.Scorecard tuned = defects.evaluate(ws, qa, dir.resolve("test"), dir.resolve("tuned"),
                    Progress.silent());
            System.out.printf(java.util.Locale.ROOT, "DEV 60/40, fine-tuned (%.0f s, %d loss points, stopped early "
                    + "%s, validation macro-F1 %.4f): macro-F1 %s %s %s%n", seconds, t.loss().size(),
                    t.stoppedEarly(), t.validation().macroF1(), tuned.macroF1(), tuned.perClassF1(),
                    tuned.confusion());
            assertEquals(280, tuned.images());
        }
    }
}
