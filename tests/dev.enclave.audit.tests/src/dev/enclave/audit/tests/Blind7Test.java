package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blind set of issue 19's fourth round ({@code data/blind7}): eight reports written by hand,
 * before the round changed any code, in four templates no other set uses (a bank's approval form
 * with numbered sections 一、二、三 and sub-items （一）（二）; a two-column key/value sheet exported
 * from Excel with tabs, guarantor and shareholder rows of three or four cells; an English
 * due-diligence letter in full sentences; a mixed Chinese/English memo with Hong Kong names and
 * HK$/US$ amounts beside their RMB), with dates written six ways, and planting a guarantee circle of
 * three across two templates (one name written 股份有限公司 in one report and 有限公司 in another)
 * and a mutual pair across the two English letters ("Co., Ltd." / "Co.,Ltd"). It is scored, never
 * tuned on; its misses are not printed. Scored F1 0.7659 (P 0.9066, R 0.6630) before the round's
 * work and 0.8074 (P 0.9114, R 0.7247) at its end, from the general mechanisms learnt on dev8
 * (legal-form punctuation kept, English prose figures and facts, bracketed holder notes, English
 * risk lists). The bound sits a little below the last score so that a regression shows. The circle
 * was found before and after; the English mutual pair is not found.
 */
class Blind7Test {
    @TempDir
    Path dir;

    @Test
    void blind7ScoredPerReport() throws IOException, InterruptedException {
        double f1 = BlindSets.score("blind7", dir, 8);
        assertTrue(f1 >= 0.80, "blind7 F1 " + f1);
    }
}
