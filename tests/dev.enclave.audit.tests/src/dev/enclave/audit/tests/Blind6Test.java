package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blind set of issue 19's third round ({@code data/blind6}): eight reports written by hand,
 * before the round changed any code, in four templates no other set uses (a rural bank's form with
 * dotted leaders, one with a 千元 table and a page break inside a sentence; a review opinion in
 * box-drawing tables with a unit per row and amounts in 元, 万元, 亿元; an investigation report
 * broken by page headers and footers inside a table and inside sentences; an English-only memo with
 * colloquial guarantee wording), planting one guarantee circle of three and one mutual pair across
 * the set with names written differently (股份有限公司 / 有限公司, full-width / half-width brackets,
 * an OCR space). It is scored, never tuned on; its misses are not printed. Scored F1 0.5487
 * (P 0.8433, R 0.4067) before the round's work and 0.8386 (P 0.8922, R 0.7911) at its end, from
 * the general mechanisms learnt on dev7 (page furniture, leaders, box tables, a unit column,
 * English names and guarantee wording). The bound sits a little below the last score so that a
 * regression shows. The circle was found before and after; the mutual pair is not found. Scored
 * once more as a health check after the fourth round's work on dev8 (not looked at): 0.8794
 * (P 0.9199, R 0.8422), its circle found, its mutual pair still not.
 */
class Blind6Test {
    @TempDir
    Path dir;

    @Test
    void blind6ScoredPerReport() throws IOException, InterruptedException {
        double f1 = BlindSets.score("blind6", dir, 8);
        assertTrue(f1 >= 0.83, "blind6 F1 " + f1);
    }
}
