package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.internal.AuditScorer;
import dev.enclave.audit.tests.ReportGenerator.Generated;
import dev.enclave.audit.tests.ReportGenerator.Template;
import dev.enclave.ocr.Ocr;

/**
 * Image-only PDF scans of generated reports (every template; grey, 200 dpi, tilted up to 0.8°, noise,
 * JPEG) go through OCR in {@code audit portfolio --json}, and their fields are scored against the truth
 * of the text versions.
 */
class ScannedReportTest {
    @TempDir
    Path dir;

    /** Prints a report's text on A4 pages at 200 dpi, tilted, noisy, each page a JPEG; an image-only PDF. */
    static void scan(String text, Path pdf, long seed) throws Exception {
        Random r = new Random(seed);
        int dpi = 200;
        int w = (int) (8.27 * dpi);
        int h = (int) (11.69 * dpi);
        Font font = new Font("SansSerif", Font.PLAIN, Math.round(11f * dpi / 72));
        List<String> lines = new ArrayList<>();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int margin = 150;
        for (String line : text.split("\n", -1)) {
            if (line.indexOf('\t') >= 0) {
                lines.add(line); // a table row: its cells are printed at column stops
                continue;
            }
            String rest = line;
            // Wrapped at the right margin as a word processor would.
            while (fm.stringWidth(rest) > w - 2 * margin) {
                int cut = rest.length() - 1;
                while (cut > 1 && fm.stringWidth(rest.substring(0, cut)) > w - 2 * margin) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            lines.add(rest);
        }
        int pitch = (int) (font.getSize() * 1.7);
        int perPage = (h - 2 * margin) / pitch;
        try (PDDocument doc = new PDDocument()) {
            for (int start = 0; start < lines.size(); start += perPage) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.rotate(Math.toRadians((r.nextDouble() * 2 - 1) * 0.8), w / 2.0, h / 2.0);
                g.setColor(new Color(30, 30, 30));
                g.setFont(font);
                int y = margin;
                for (int i = start; i < Math.min(lines.size(), start + perPage); i++) {
                    y += pitch;
                    drawRow(g, lines.get(i).split("\t"), margin, y, w - 2 * margin);
                }
                g.dispose();
                int[] row = new int[w];
                for (int yy = 0; yy < h; yy++) {
                    img.getRaster().getPixels(0, yy, w, 1, row);
                    for (int x = 0; x < w; x++) {
                        row[x] = (int) Math.max(0, Math.min(255, row[x] + r.nextGaussian() * 6));
                    }
                    img.getRaster().setPixels(0, yy, w, 1, row);
                }
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(JPEGFactory.createFromImage(doc, img, 0.75f), 0, 0, PDRectangle.A4.getWidth(),
                            PDRectangle.A4.getHeight());
                }
            }
            doc.save(pdf.toFile());
        }
    }

    /** A table row's cells side by side, two character widths apart, smaller print where the row is too wide. */
    private static void drawRow(Graphics2D g, String[] cells, int x, int y, int width) {
        Font font = g.getFont();
        Font f = font;
        while (f.getSize() > 12 && rowWidth(g.getFontMetrics(f), cells) > width) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        for (String c : cells) {
            g.drawString(c, x, y);
            x += fm.stringWidth(c) + 2 * f.getSize();
        }
        g.setFont(font);
    }

    private static int rowWidth(FontMetrics fm, String[] cells) {
        int w = 0;
        for (String c : cells) {
            w += fm.stringWidth(c) + 2 * fm.getFont().getSize();
        }
        return w;
    }

    @Test
    void scannedReportsOfEveryTemplateReachFieldF1ThroughPortfolio() throws Exception {
        ReportGenerator gen = new ReportGenerator(20261207L);
        Path scans = Files.createDirectories(dir.resolve("scans"));
        Map<String, Generated> truth = new HashMap<>();
        int n = 0;
        for (Template t : Template.values()) {
            for (int i = 0; i < 2; i++) {
                Generated g = gen.generate(t.name().toLowerCase() + i, t, gen.company(),
                        i == 0 ? List.of(gen.company()) : List.of(), List.of());
                scan(g.text(), scans.resolve(g.name() + ".pdf"), n++);
                truth.put(g.name() + ".pdf", g);
            }
        }
        Services.Run run = Services.cli("--data", dir.resolve("ws").toString(), "audit", "portfolio", "--json",
                scans.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject out = JsonParser.parseString(run.out()).getAsJsonObject();
        AuditScorer text = new AuditScorer();
        AuditScorer scanned = new AuditScorer();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        for (JsonElement e : out.getAsJsonArray("reports")) {
            JsonObject report = e.getAsJsonObject();
            String source = report.get("source").getAsString();
            Generated g = truth.get(source.substring(source.lastIndexOf('/') + 1));
            assertTrue(g != null, source);
            JsonObject t = gson.toJsonTree(g.truth()).getAsJsonObject();
            scanned.score(source, t, report);
        }
        assertEquals(truth.size(), out.getAsJsonArray("reports").size(), run.err());
        AuditScorer.Counts c = scanned.overall();
        System.out.println("Scanned reports: P " + c.precision() + " R " + c.recall() + " F1 " + c.f1() + "\n"
                + String.join("\n", scanned.mismatches()));
        assertTrue(c.f1() >= 0.85, "scanned F1 " + c.f1() + "\n" + String.join("\n", scanned.mismatches()));
        // Audited again: the scans' OCR comes from the workspace's cache by content hash, with the same reports.
        Ocr ocr = Services.get(Ocr.class);
        long pages = ocr.pagesRecognised();
        Services.Run again = Services.cli("--data", dir.resolve("ws").toString(), "audit", "portfolio", "--json",
                scans.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(pages, ocr.pagesRecognised(), "the second audit of the same scans runs no OCR");
        AuditScorer second = new AuditScorer();
        for (JsonElement e : JsonParser.parseString(again.out()).getAsJsonObject().getAsJsonArray("reports")) {
            JsonObject report = e.getAsJsonObject();
            String source = report.get("source").getAsString();
            Generated g = truth.get(source.substring(source.lastIndexOf('/') + 1));
            second.score(source, gson.toJsonTree(g.truth()).getAsJsonObject(), report);
        }
        assertEquals(c.f1(), second.overall().f1(), 1e-12, "the cached text gives the same extraction");
    }
}
