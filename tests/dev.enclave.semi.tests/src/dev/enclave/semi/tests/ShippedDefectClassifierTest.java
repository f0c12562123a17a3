package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.semi.DefectImageGenerator;
import dev.enclave.semi.DefectImages;
import dev.enclave.tests.support.Workspaces;

/**
 * The defect classifier shipped in the pack, on images it was not trained on: the test bundle's
 * independent generator ({@link OtherDefectImages}, never used for tuning), with the promise
 * of macro-F1 ≥ 0.85; and the pack's generator's determinism.
 */
class ShippedDefectClassifierTest {
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

    @Test
    void thePacksGeneratorIsDeterministic() {
        BufferedImage a = new DefectImageGenerator(5).next("crack").image();
        BufferedImage b = new DefectImageGenerator(5).next("crack").image();
        assertEquals(a.getWidth(), b.getWidth());
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }
}
