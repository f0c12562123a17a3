package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;

/**
 * Wafer inputs far beyond the contract's 300 × 300 are refused with a message before anything is
 * allocated (issue 22's 50,000 × 46,000 grid), and {@code wafer generate} writes the optional
 * lot, wafer and time columns.
 */
class WaferLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aHugeGridIsRefusedWithoutReadingIt() throws Exception {
        Path grid = dir.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(grid.toFile(), "rw")) {
            f.setLength(50_000L * 46_001L); // sparse: 2.3 GB of grid that takes no disk
        }
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "classify", grid.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(grid + ": 2300050000 bytes is too large for a wafer grid"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aHugeCsvMapIsRefusedByItsSizeOrItsLineLength() throws Exception {
        Path declared = Files.writeString(dir.resolve("declared.csv"),
                "id,label,rows,cols,data\nbig,,50000,46000,0\n", StandardCharsets.UTF_8);
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "classify", declared.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("rows = 50000 is outside 20–300"), run.err());

        Path longLine = dir.resolve("long.csv");
        Files.writeString(longLine, "id,label,rows,cols,data\nbig,,300,300," + "1".repeat(200_000) + "\n",
                StandardCharsets.UTF_8);
        Services.Run run2 = Services.cli(dir.resolve("ws"), "wafer", "classify", longLine.toString());
        assertEquals(2, run2.code(), run2.err());
        assertTrue(run2.err().contains(longLine + " line 2: longer than"), run2.err());
    }

    @Test
    void generatedMapsCarryLotWaferAndTime() throws Exception {
        Path out = dir.resolve("maps.csv");
        Services.Run run = Services.cli(dir.resolve("ws"), "wafer", "generate", "--count", "60", "--seed", "3",
                out.toString());
        assertEquals(0, run.code(), run.err());
        var maps = WaferMapReader.readCsv(out);
        assertEquals(60, maps.size());
        WaferMap first = maps.get(0), last = maps.get(59);
        assertEquals("G3-L001", first.lot());
        assertEquals("W01", first.waferId());
        assertEquals("G3-L003", last.lot());
        assertEquals("W10", last.waferId());
        assertTrue(last.time().isAfter(first.time()));
        assertTrue(!last.time().isAfter(Instant.now()), last.time().toString());
    }
}
