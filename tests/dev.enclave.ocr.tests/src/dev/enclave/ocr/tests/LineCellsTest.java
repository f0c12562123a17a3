package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enclave.ocr.internal.PaddleOcr;

/**
 * Cells the detector boxed as one line are parted where the recogniser read its characters far apart
 * ("2021年     2022年"), and a line of text with ordinary spacing stays whole.
 */
class LineCellsTest {
    /** One time step of the recogniser's output is 8 pixels of its 48-pixel-high input. */
    private static final double STEP = 8;

    @Test
    void cellsReadFarApartArePartedWithTheirOwnShareOfTheBox() {
        String text = "2021年2022年";
        int[] steps = { 1, 4, 7, 10, 14, 30, 33, 36, 39, 43 };
        List<int[]> cells = PaddleOcr.cells(text, steps, STEP, 360);
        assertEquals(2, cells.size());
        assertEquals("2021年", text.substring(cells.get(0)[0], cells.get(0)[1]));
        assertEquals("2022年", text.substring(cells.get(1)[0], cells.get(1)[1]));
        // the first cell ends well before the second starts, as fractions (thousandths) of the line's width
        assertTrue(cells.get(0)[3] < cells.get(1)[2], cells.get(0)[3] + " vs " + cells.get(1)[2]);
        double[] box = { 100, 50, 460, 50, 460, 98, 100, 98 };
        assertArrayEquals(new double[] { 190, 50, 280, 50, 280, 98, 190, 98 }, PaddleOcr.slice(box, 0.25, 0.5), 1e-9);
    }

    @Test
    void ordinarySpacingAndABlankBetweenWordsKeepALineWhole() {
        String zh = "授信金额为人民币";
        int[] zhSteps = { 3, 9, 15, 21, 27, 33, 39, 45 };
        assertEquals(1, PaddleOcr.cells(zh, zhSteps, STEP, 400).size());
        String en = "Total assets";
        int[] enSteps = { 1, 4, 6, 8, 10, 12, 15, 18, 20, 22, 24, 26 };
        assertEquals(1, PaddleOcr.cells(en, enSteps, STEP, 240).size());
        // a blank read between two cells far apart does not hold them together
        String spaced = "资产总额 12,400";
        int[] spacedSteps = { 3, 9, 15, 21, 26, 34, 37, 39, 41, 43, 45 };
        assertEquals(2, PaddleOcr.cells(spaced, spacedSteps, STEP, 420).size());
    }
}
