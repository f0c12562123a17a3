package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.DefectImages;
import dev.enclave.tests.support.Workspaces;

/**
 * Not part of the suite (its name matches no test pattern): the evaluation of the defect classifier
 * shipped in the pack on images it was not trained on, from the test bundle's independent generator
 * ({@link OtherDefectImages}, never used for tuning), against issue 21's two promises: the shipped model
 * reaches macro-F1 ≥ 0.85 on the test images, and after fine-tuning ({@code enclave defect train}) on 60
 * training images a class macro-F1 ≥ 0.95 on 40 test images a class. It prints both scorecards and the
 * training time, and fails, outside the suite, while a promise is not kept (2026-12-07, 96 px model: shipped
 * 0.758 on the 15-a-class set and 0.678 on the 60/40 set, 0.771 after fine-tuning; after the broader
 * augmentation, tuned on {@link ThirdDefectImages}: 0.726, 0.656 and 0.751 after fine-tuning in 217 s). Run it with
 * {@code -Dtest=DefectClassifierEvaluation -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DefectClassifierEvaluation {
    @TempDir
    Path dir;

    @Test
    void macroF1OnImagesFromAnIndependentGenerator() throws Exception {
        new OtherDefectImages(31_337).write(dir.resolve("set"), 15);
        DefectImages defects = Services.service(DefectImages.class);
        Workspace ws = Workspaces.open(dir.resolve("ws"), "qa");
        DefectImages.Scorecard s = defects.evaluate(ws, Workspaces.login(ws, "qa"), dir.resolve("set"),
                Progress.silent());
        System.out.println("Shipped defect classifier, independent generator: macro-F1 " + s.macroF1() + " "
                + s.perClassF1());
        assertEquals(105, s.images());
        assertTrue(s.macroF1() >= 0.85, "macro-F1 " + s.macroF1() + " " + s.confusion());
    }

    /** The hidden-set protocol: 60 training and 40 test images a class; shipped, then fine-tuned. */
    @Test
    void fineTuningOnSixtyImagesAClass() throws Exception {
        OtherDefectImages gen = new OtherDefectImages(4_242);
        gen.write(dir.resolve("train"), 60);
        gen.write(dir.resolve("test"), 40);
        DefectImages defects = Services.service(DefectImages.class);
        Workspace ws = Workspaces.open(dir.resolve("ws"), "qa");
        Subject qa = Workspaces.login(ws, "qa");
        DefectImages.Scorecard shipped = defects.evaluate(ws, qa, dir.resolve("test"), Progress.silent());
        System.out.println("60/40 set, shipped: macro-F1 " + shipped.macroF1() + " " + shipped.perClassF1());
        long t0 = System.nanoTime();
        DefectImages.Trained t = defects.train(ws, qa, new DefectImages.TrainRequest(dir.resolve("train"), 30, 1,
                dir.resolve("tuned"), true), Progress.silent());
        double seconds = (System.nanoTime() - t0) / 1e9;
        DefectImages.Scorecard tuned = defects.evaluate(ws, qa, dir.resolve("test"), dir.resolve("tuned"),
                Progress.silent());
        System.out.printf(java.util.Locale.ROOT, "60/40 set, fine-tuned (%.0f s, %d loss points, stopped early %s, "
                + "validation macro-F1 %.4f): macro-F1 %s %s%n", seconds, t.loss().size(), t.stoppedEarly(),
                t.validation().macroF1(), tuned.macroF1(), tuned.perClassF1());
        assertEquals(280, tuned.images());
        assertTrue(shipped.macroF1() >= 0.85, "shipped macro-F1 " + shipped.macroF1() + " " + shipped.confusion());
        assertTrue(tuned.macroF1() >= 0.95, "fine-tuned macro-F1 " + tuned.macroF1() + " " + tuned.confusion());
    }
}
