package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import dev.enclave.semi.DefectImageGenerator;

/**
 * The pack's defect-image generator, from which the shipped classifier is trained, is deterministic.
 * The shipped classifier's accuracy on an independent generator is measured by
 * {@link DefectClassifierEvaluation}, outside the suite.
 */
class ShippedDefectClassifierTest {
    @Test
    void thePacksGeneratorIsDeterministic() {
        BufferedImage a = new DefectImageGenerator(5).next("crack").image();
        BufferedImage b = new DefectImageGenerator(5).next("crack").image();
        assertEquals(a.getWidth(), b.getWidth());
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }
}
