package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferGenerator;

/** {@code enclave wafer report}: DOCX opened with POI and PDF opened with PDFBox hold the lot and its yields. */
class WaferReportTest {
    @TempDir
    Path dir;
    private Path ws;

    @BeforeEach
    void importMaps() throws Exception {
        WaferGenerator g = new WaferGenerator(42);
        List<WaferMap> maps = new ArrayList<>();
        // Week 2026-W47 is 16 to 22 November 2026; lot L300 lies in the week after.
        addLot(g, maps, "L100", 8, Instant.parse("2026-11-16T08:00:00Z"));
        addLot(g, maps, "L200", 6, Instant.parse("2026-11-18T08:00:00Z"));
        addLot(g, maps, "L300", 5, Instant.parse("2026-11-24T08:00:00Z"));
        Path csv = Files.writeString(dir.resolve("maps.csv"), WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
        ws = dir.resolve("ws");
        Services.Run run = Services.cli(ws, "wafer", "import", "--json", csv.toString());
        assertEquals(0, run.code(), run.err());
    }

    private static void addLot(WaferGenerator g, List<WaferMap> out, String lot, int n, Instant start) {
        for (int i = 0; i < n; i++) {
            WaferMap m = g.next(lot + "-W" + (i + 1), WaferMap.PATTERNS.get((i * 2 + lot.length()) % 9));
            out.add(m.withOrigin(lot, "W" + (i + 1), start.plusSeconds(3600L * 5 * i)));
        }
    }

    /** The yield numbers of {@code wafer yield --json}, as the report prints them (percent, two decimals). */
    private JsonObject yieldOf(String lot) {
        Services.Run run = Services.cli(ws, "wafer", "yield", "--json", "--lot", lot);
        assertEquals(0, run.code(), run.err());
        return JsonParser.parseString(run.out()).getAsJsonObject();
    }

    private static String pct(JsonElement e) {
        return String.format("%.2f%%", 100 * e.getAsDouble());
    }

    private static String docxText(Path f) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (InputStream in = Files.newInputStream(f); XWPFDocument d = new XWPFDocument(in)) {
            d.getParagraphs().forEach(p -> sb.append(p.getText()).append('\n'));
            d.getTables().forEach(t -> sb.append(t.getText()).append('\n'));
        }
        return sb.toString();
    }

    private static String pdfText(Path f) throws Exception {
        try (PDDocument d = Loader.loadPDF(f.toFile())) {
            return new PDFTextStripper().getText(d);
        }
    }

    private void assertHoldsLotYields(String text, String lot) {
        JsonObject y = yieldOf(lot);
        assertTrue(text.contains(lot), lot);
        JsonObject l = y.getAsJsonArray("lots").get(0).getAsJsonObject();
        assertTrue(text.contains(pct(l.get("yield"))), "lot yield " + pct(l.get("yield")));
        for (JsonElement e : y.getAsJsonArray("wafers")) {
            JsonObject w = e.getAsJsonObject();
            assertTrue(text.contains(w.get("id").getAsString()), w.get("id").getAsString());
            assertTrue(text.contains(pct(w.get("yield"))), w.get("id").getAsString() + " " + pct(w.get("yield")));
        }
    }

    @Test
    void lotReportAsDocxHoldsTheLotYieldsChartsAndMaps() throws Exception {
        Path out = dir.resolve("out/L100.docx");
        Services.Run run = Services.cli(ws, "wafer", "report", "--json", "--lot", "L100", "--format", "docx", "--out",
                out.toString(), "--note", "Probe card PC-7 replaced on Monday.");
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(8, o.get("wafers").getAsInt());
        assertEquals(yieldOf("L100").get("yield").getAsDouble(), o.get("yield").getAsDouble(), 1e-9);
        String text = docxText(out);
        assertHoldsLotYields(text, "L100");
        assertFalse(text.contains("L200-W1"), "only the lot's wafers");
        assertTrue(text.contains("批次报告 L100"), "Chinese title");
        assertTrue(text.contains("Probe card PC-7 replaced on Monday."), "the user's note");
        try (InputStream in = Files.newInputStream(out); XWPFDocument d = new XWPFDocument(in)) {
            assertEquals(8 + 2, d.getAllPictures().size(), "8 maps, the trend and the Pareto");
        }
    }

    @Test
    void lotReportAsPdfHoldsTheLotYields() throws Exception {
        Path out = dir.resolve("L200.pdf");
        Services.Run run = Services.cli(ws, "wafer", "report", "--json", "--lot", "L200", "--format", "pdf", "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        String text = pdfText(out);
        assertHoldsLotYields(text, "L200");
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        boolean fontHere = !fcListZh().isEmpty();
        if (fontHere) {
            assertFalse(o.get("chinese_font").isJsonNull(), "a CJK font is installed: " + fcListZh());
            assertTrue(text.contains("批次报告"), "Chinese text with the embedded CJK font");
        } else {
            assertTrue(o.get("chinese_font").isJsonNull());
            assertFalse(text.contains("批次报告"));
        }
    }

    @Test
    void pdfFallsBackToEnglishWithoutACjkFont() throws Exception {
        String old = System.getProperty("enclave.report.cjkFont");
        System.setProperty("enclave.report.cjkFont", "none");
        try {
            Path out = dir.resolve("L100-en.pdf");
            Services.Run run = Services.cli(ws, "wafer", "report", "--json", "--lot", "L100", "--format", "pdf",
                    "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(JsonParser.parseString(run.out()).getAsJsonObject().get("chinese_font").isJsonNull());
            String text = pdfText(out);
            assertHoldsLotYields(text, "L100");
            assertTrue(text.contains("Lot report L100"));
            assertFalse(text.contains("批次"), "English only");
        } finally {
            if (old == null) {
                System.clearProperty("enclave.report.cjkFont");
            } else {
                System.setProperty("enclave.report.cjkFont", old);
            }
        }
    }

    @Test
    void weeklyReportHoldsTheWeeksLotsOnly() throws Exception {
        Path docx = dir.resolve("w47.docx");
        Path pdf = dir.resolve("w47.pdf");
        for (Path out : List.of(docx, pdf)) {
            String f = out.toString().endsWith("pdf") ? "pdf" : "docx";
            Services.Run run = Services.cli(ws, "wafer", "report", "--json", "--week", "2026-W47", "--format", f,
                    "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            assertEquals(14, JsonParser.parseString(run.out()).getAsJsonObject().get("wafers").getAsInt());
        }
        for (String text : List.of(docxText(docx), pdfText(pdf))) {
            assertTrue(text.contains("2026-W47"));
            assertHoldsLotYields(text, "L100");
            assertHoldsLotYields(text, "L200");
            assertFalse(text.contains("L300"), "L300 was measured in the next week");
        }
    }

    @Test
    void badSelectionsAreBadInputNamingThem() {
        Services.Run lot = Services.cli(ws, "wafer", "report", "--lot", "NOPE9", "--format", "pdf", "--out",
                dir.resolve("x.pdf").toString());
        assertEquals(2, lot.code());
        assertTrue(lot.err().contains("NOPE9"), lot.err());
        Services.Run week = Services.cli(ws, "wafer", "report", "--week", "2026-W60", "--format", "docx", "--out",
                dir.resolve("x.docx").toString());
        assertEquals(2, week.code());
        assertTrue(week.err().contains("2026-W60"), week.err());
        Services.Run both = Services.cli(ws, "wafer", "report", "--format", "docx", "--out",
                dir.resolve("x.docx").toString());
        assertEquals(2, both.code());
        Services.Run fmt = Services.cli(ws, "wafer", "report", "--lot", "L100", "--format", "odt", "--out",
                dir.resolve("x.odt").toString());
        assertEquals(2, fmt.code());
        assertTrue(fmt.err().contains("odt"), fmt.err());
        assertFalse(Files.exists(dir.resolve("x.pdf")));
    }

    private static String fcListZh() throws Exception {
        Process p = new ProcessBuilder("fc-list", ":lang=zh", "file").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.strip().toLowerCase().matches(".*\\.tt[fc]:?")).reduce("", String::concat);
    }
}
