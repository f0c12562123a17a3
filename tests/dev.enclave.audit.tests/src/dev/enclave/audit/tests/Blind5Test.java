package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blind set of issue 19's last round ({@code data/blind5}): eight reports written by hand in
 * four templates no other set uses (a rural bank's application with dotted leaders and a 千元
 * table, a review opinion in box-drawing tables with a unit per row, a scanned investigation
 * report broken across lines and pages, an English memo of Hong Kong borrowers with no credit
 * code), planting one guarantee circle of three and one mutual pair across the set. It is
 * scored, never tuned on: the extraction is not changed to fix what it misses here. Scored F1
 * 0.5806 (P 0.8538, R 0.4399) before the round's work and 0.5881 (P 0.8409, R 0.4521) at its end:
 * the general mechanisms learnt on blind4 and dev6 hardly reach these layouts (dotted leaders,
 * box-drawing tables, page breaks inside sentences, English-only memos). Scored once more as a
 * health check after the third round's general work on dev7 (page furniture, leaders, box tables,
 * English names and guarantee wording; blind5 not looked at): 0.7969 (P 0.8875, R 0.7230), its
 * circle and mutual pair now found. After the fourth round's work on dev8, once more as a
 * health check: 0.7995 (P 0.8942, R 0.7230), circle and pair found. The bound sits a little below the last score so that a
 * regression shows.
 */
class Blind5Test {
    @TempDir
    Path dir;

    @Test
    void blind5ScoredPerReport() throws IOException, InterruptedException {
        double f1 = BlindSets.score("blind5", dir, 8);
        assertTrue(f1 >= 0.77, "blind5 F1 " + f1);
    }
}
