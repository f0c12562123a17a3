package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;

/** The contract's CSV and the plain text grid: shapes, labels, and bad rows named by line. */
class WaferMapReaderTest {

    private static String digits(int rows, int cols, char c) {
        return String.valueOf(c).repeat(rows * cols);
    }

    @Test
    void readsNonSquareGridsInOrderWithOptionalLabels() throws Exception {
        String data = digits(20, 33, '1');
        data = "2" + data.substring(1, data.length() - 1) + "0";
        String csv = "id,label,rows,cols,data\n" + "a,Edge-Ring,20,33," + data + "\n" + "\n" + "b,,33,20,"
                + digits(33, 20, '0') + "\n";
        List<WaferMap> maps = WaferMapReader.readCsv(new StringReader(csv), "t.csv");
        assertEquals(2, maps.size());
        WaferMap a = maps.get(0);
        assertEquals("a", a.id());
        assertEquals("Edge-Ring", a.label());
        assertEquals(20, a.rows());
        assertEquals(33, a.cols());
        assertEquals(WaferMap.FAIL, a.at(0, 0));
        assertEquals(WaferMap.GOOD, a.at(0, 32));
        assertEquals(WaferMap.OFF, a.at(19, 32), "row-major: the last digit is the last row's last column");
        assertEquals(1, a.fails());
        assertEquals(20 * 33 - 1, a.dies());
        assertNull(maps.get(1).label());
        assertEquals(0, maps.get(1).dies());
    }

    @Test
    void quotedFieldsReadLikePlainOnes() throws Exception {
        String data = digits(20, 20, '1');
        List<WaferMap> plain = WaferMapReader.readCsv(new StringReader(
                "id,label,rows,cols,data,lot\nw1,Scratch,20,20," + data + ",L1\n"), "plain.csv");
        List<WaferMap> quoted = WaferMapReader.readCsv(new StringReader(
                "\"id\",\"label\",rows,cols,data,lot\n\"w1\",\"Scratch\",\"20\",20,\"" + data + "\",\"L1\"\n"), "quoted.csv");
        assertEquals(plain, quoted);
        List<WaferMap> comma = WaferMapReader.readCsv(new StringReader(
                "id,label,rows,cols,data,lot\n\"w1, left \"\"edge\"\"\",,20,20," + data + ",\"L1,A\"\n"), "comma.csv");
        assertEquals("w1, left \"edge\"", comma.get(0).id());
        assertEquals("L1,A", comma.get(0).lot());
    }

    @Test
    void roundTripsThroughCsvWithLotWaferAndTime() throws Exception {
        WaferMap m = new WaferMap("w1", "Loc", 20, 21, WaferMapReader.readCsv(new StringReader(
                "id,label,rows,cols,data\nx,,20,21," + digits(20, 21, '2') + "\n"), "x").get(0).cells(), "LOT7", "07",
                java.time.Instant.parse("2026-03-01T08:00:00Z"));
        List<WaferMap> back = WaferMapReader.readCsv(new StringReader(WaferMapReader.toCsv(List.of(m))), "round");
        assertEquals(List.of(m), back);
    }

    @Test
    void badRowsAreBadInputNamingTheLine() {
        String header = "id,label,rows,cols,data\n";
        String good = "ok,,20,20," + digits(20, 20, '1') + "\n";
        assertBad(header + good + "short,,20,20," + digits(20, 19, '1') + "\n", "line 3", "380 digits");
        assertBad(header + "bad,,20,20," + digits(20, 20, '1').replaceFirst("1", "3") + "\n", "line 2", "'3'");
        assertBad(header + good + good.replace("ok,", "ok,"), "line 3", "twice");
        assertBad(header + "x,Ring,20,20," + digits(20, 20, '1') + "\n", "line 2", "Ring");
        assertBad(header + "x,,19,20," + digits(19, 20, '1') + "\n", "line 2", "19");
        assertBad(header + "x,,twenty,20,11\n", "line 2", "twenty");
        assertBad(header + "x,,20,20\n", "line 2", "fields");
        assertBad("name,rows\n", "line 1", "header");
    }

    @Test
    void acceptsOtherSpellingsOfLabels() throws Exception {
        WaferMap m = WaferMapReader.readCsv(new StringReader("id,label,rows,cols,data\nq,edge_loc,20,20,"
                + digits(20, 20, '1') + "\n"), "q").get(0);
        assertEquals("Edge-Loc", m.label());
    }

    @Test
    void readsATextGridAndNamesABadLine() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 22; r++) {
            sb.append(r == 3 ? "..xxoooooooooooooooooooo.." : "..oooooooooooooooooooooo..").append('\n');
        }
        WaferMap m = WaferMapReader.readGrid(sb.toString(), "g", "g.txt");
        assertEquals(22, m.rows());
        assertEquals(26, m.cols());
        assertEquals(2, m.fails());
        assertArrayEquals(new byte[] { 0, 0, 2, 2, 1 }, java.util.Arrays.copyOfRange(m.cells(), 3 * 26, 3 * 26 + 5));
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> WaferMapReader.readGrid(sb.toString().replaceFirst("xx", "x?"), "g", "g.txt"));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("g.txt line 4"), e.getMessage());
    }

    private static void assertBad(String csv, String where, String what) {
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> WaferMapReader.readCsv(new StringReader(csv), "maps.csv"));
        assertTrue(e.isBadInput(), e.getMessage());
        assertTrue(e.getMessage().contains("maps.csv " + where), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
