package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.ocr.Ocr;

/** Scanned pages (images, image-only PDFs) become documents through OCR, and are found by search. */
class ScannedDocumentTest {
    static final List<String> LINES = List.of("设备点检记录", "供应商：宁波瑞丰精密铸造有限公司", "检验员：李海燕",
            "PECVD chamber clean interval: 72 hours", "结论：合格，准予放行。");

    @TempDir
    Path dir;

    /** A grey A4 page at 200 dpi with the lines, tilted 0.6°, with noise. */
    static BufferedImage scan(List<String> lines) {
        int dpi = 200;
        int w = (int) (8.27 * dpi);
        int h = (int) (11.69 * dpi);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.rotate(Math.toRadians(0.6), w / 2.0, h / 2.0);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font("SansSerif", Font.PLAIN, 33));
        int y = dpi;
        for (String l : lines) {
            y += 60;
            g.drawString(l, dpi, y);
        }
        g.dispose();
        Random r = new Random(3);
        int[] row = new int[w];
        for (int yy = 0; yy < h; yy++) {
            img.getRaster().getPixels(0, yy, w, 1, row);
            for (int x = 0; x < w; x++) {
                row[x] = (int) Math.max(0, Math.min(255, row[x] + r.nextGaussian() * 8));
            }
            img.getRaster().setPixels(0, yy, w, 1, row);
        }
        return img;
    }

    /** An image-only PDF: each page one JPEG, A4. */
    static void scannedPdf(Path file, BufferedImage page, String password) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            PDImageXObject img = JPEGFactory.createFromImage(doc, page, 0.7f);
            try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                cs.drawImage(img, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            }
            if (password != null) {
                doc.protect(new StandardProtectionPolicy(password, password, new AccessPermission()));
            }
            doc.save(file.toFile());
        }
    }

    @Test
    void imageOnlyPdfAndPngAreReadByOcr() throws Exception {
        DocumentParsers parsers = Support.service(DocumentParsers.class);
        Path pdf = dir.resolve("inspection-scan.pdf");
        scannedPdf(pdf, scan(LINES), null);
        ExtractedDocument doc = parsers.parse(pdf);
        assertEquals("pdf", doc.type());
        assertTrue(doc.text().contains("宁波瑞丰精密铸造有限公司"), doc.text());
        assertTrue(doc.text().contains("PECVD"), doc.text());
        Path png = dir.resolve("inspection.png");
        ImageIO.write(scan(LINES), "png", png.toFile());
        ExtractedDocument image = parsers.parse(png);
        assertEquals("png", image.type());
        assertTrue(image.text().contains("李海燕"), image.text());
        assertTrue(image.text().indexOf("设备点检记录") < image.text().indexOf("结论"), "reading order: " + image.text());
    }

    @Test
    void encryptedAndCorruptScansAreRefusedNamingTheFile() throws Exception {
        DocumentParsers parsers = Support.service(DocumentParsers.class);
        Path locked = dir.resolve("locked.pdf");
        scannedPdf(locked, scan(LINES.subList(0, 2)), "secret");
        EnclaveException e = assertThrows(EnclaveException.class, () -> parsers.parse(locked));
        assertTrue(e.isBadInput() && e.getMessage().contains("locked.pdf") && e.getMessage().contains("encrypted"),
                e.getMessage());
        Path broken = dir.resolve("broken.jpg");
        Files.write(broken, new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F' });
        e = assertThrows(EnclaveException.class, () -> parsers.parse(broken));
        assertTrue(e.isBadInput() && e.getMessage().contains("broken.jpg"), e.getMessage());
    }

    @Test
    void aPdfOfThousandsOfScannedPagesIsRefusedBeforeAnyOcr() throws Exception {
        Path bomb = dir.resolve("bomb.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDImageXObject img = JPEGFactory.createFromImage(doc, new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY));
            for (int i = 0; i < 2000; i++) {
                PDPage p = new PDPage(PDRectangle.A4);
                doc.addPage(p);
                try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                    cs.drawImage(img, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            doc.save(bomb.toFile());
        }
        long t0 = System.nanoTime();
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> Support.service(DocumentParsers.class).parse(bomb));
        assertTrue(e.isBadInput() && e.getMessage().contains("bomb.pdf") && e.getMessage().contains("500 scanned pages"),
                e.getMessage());
        System.out.println("2,000 scanned pages refused in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void aScanIngestedAgainIsNotReadByOcrAgain() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        Path docs = Files.createDirectories(dir.resolve("scans"));
        ImageIO.write(scan(LINES), "png", docs.resolve("inspection.png").toFile());
        Ocr ocr = Support.service(Ocr.class);
        long before = ocr.pagesRecognised();
        Support.Run first = Support.cli(data, "ingest", "--collection", "first", "--no-vectors", "--json",
                docs.toString());
        assertEquals(1, first.json().get("added").getAsInt(), first.out() + first.err());
        assertEquals(before + 1, ocr.pagesRecognised(), "the first import reads the scan");
        // The same scan into another collection (a re-import): served from the workspace's OCR cache.
        Support.Run second = Support.cli(data, "ingest", "--collection", "second", "--no-vectors", "--json",
                docs.toString());
        assertEquals(1, second.json().get("added").getAsInt(), second.out() + second.err());
        assertEquals(before + 1, ocr.pagesRecognised(), "the second import does not run OCR");
        Support.Run found = Support.cli(data, "search", "--collection", "second", "--mode", "bm25", "--json",
                "瑞丰精密铸造");
        assertTrue(found.out().contains("inspection.png"), found.out() + found.err());
        // The cached text is the text OCR reads (read here again without the cache).
        DocumentParsers parsers = Support.service(DocumentParsers.class);
        String cached;
        try (InputStream in = Files.newInputStream(docs.resolve("inspection.png"))) {
            cached = parsers.parse(ws, "inspection.png", in, Progress.silent()).text();
        }
        assertEquals(before + 1, ocr.pagesRecognised());
        assertEquals(parsers.parse(docs.resolve("inspection.png")).text(), cached);
        assertEquals(before + 2, ocr.pagesRecognised());

        // The cache's bound is a setting, checked when it is set.
        Support.Run bad = Support.cli(data, "settings", "set", Ocr.CACHE_MAX_MEGABYTES, "lots");
        assertTrue(bad.code() != 0 && (bad.out() + bad.err()).contains(Ocr.CACHE_MAX_MEGABYTES), bad.out() + bad.err());
        Support.Run good = Support.cli(data, "settings", "set", Ocr.CACHE_MAX_MEGABYTES, "64");
        assertEquals(0, good.code(), good.out() + good.err());
        assertEquals(64L * 1024 * 1024, Ocr.Cache.of(Support.workspace(data)).maxBytes());
        // A bad value put in by hand stops the next scan with a message naming it; a text file still parses.
        ws.settings().put(Ocr.CACHE_MAX_MEGABYTES, "lots");
        EnclaveException e = assertThrows(EnclaveException.class, () -> {
            try (InputStream in = Files.newInputStream(docs.resolve("inspection.png"))) {
                parsers.parse(ws, "inspection.png", in, Progress.silent());
            }
        });
        assertTrue(e.isBadInput() && e.getMessage().contains(Ocr.CACHE_MAX_MEGABYTES), e.getMessage());
        assertTrue(parsers.parse(ws, "note.txt", new java.io.ByteArrayInputStream(
                "plain text".getBytes(java.nio.charset.StandardCharsets.UTF_8)), Progress.silent()).text()
                .contains("plain text"));
    }

    @Test
    void scannedPageIngestedIsFoundBySearchOnANamePrintedInIt() throws Exception {
        Path data = dir.resolve("ws");
        Support.workspace(data);
        Path docs = Files.createDirectories(dir.resolve("scans"));
        scannedPdf(docs.resolve("inspection-scan.pdf"), scan(LINES), null);
        scannedPdf(docs.resolve("locked.pdf"), scan(LINES), "secret");
        Files.write(docs.resolve("cut.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 });
        Support.Run ingest = Support.cli(data, "ingest", "--collection", "scans", "--no-vectors", "--json",
                docs.toString());
        assertEquals(1, ingest.json().get("added").getAsInt(), ingest.out() + ingest.err());
        JsonArray failed = ingest.json().getAsJsonArray("failed");
        assertEquals(2, failed.size(), ingest.out());
        assertTrue(failed.toString().contains("locked.pdf") && failed.toString().contains("cut.png"), ingest.out());
        Support.Run found = Support.cli(data, "search", "--collection", "scans", "--mode", "bm25", "--json",
                "瑞丰精密铸造");
        assertEquals(0, found.code(), found.err());
        assertTrue(found.out().contains("inspection-scan.pdf"), found.out());
    }

    /**
     * A two-page PDF whose first page holds its own text and whose second is a scan: the hit on a name printed in
     * the scan is placed on page 2 where the name is printed, and that page renders with ink under the box.
     */
    @Test
    void aHitOnAScanIsPlacedOnItsPageImage() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspace(data);
        Path docs = Files.createDirectories(dir.resolve("mixed"));
        Path pdf = docs.resolve("supplier-file.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage cover = new PDPage(PDRectangle.A4);
            doc.addPage(cover);
            try (PDPageContentStream cs = new PDPageContentStream(doc, cover)) {
                cs.beginText();
                cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 720);
                for (int i = 0; i < 12; i++) {
                    cs.showText("Supplier qualification file, cover page: the inspection record follows.");
                    cs.newLineAtOffset(0, -16);
                }
                cs.endText();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(JPEGFactory.createFromImage(doc, scan(LINES), 0.7f), 0, 0, PDRectangle.A4.getWidth(),
                        PDRectangle.A4.getHeight());
            }
            doc.save(pdf.toFile());
        }
        Support.Run ingest = Support.cli(data, "ingest", "--collection", "mixed", "--no-vectors", "--json",
                docs.toString());
        assertEquals(1, ingest.json().get("added").getAsInt(), ingest.out() + ingest.err());

        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        Subject me = Support.login(ws, null);
        SearchHit hit = kb.search(ws, me, SearchRequest.of("mixed", "瑞丰精密铸造", 1, SearchMode.BM25)).get(0);
        String text = kb.text(ws, me, "mixed", hit.docId()).orElseThrow();
        int name = text.indexOf("瑞丰精密铸造");
        assertTrue(name >= hit.start() && name < hit.end(), hit + " / " + text);
        List<TextRegion> all = kb.regions(ws, me, "mixed", hit.docId());
        assertTrue(all.stream().allMatch(r -> r.page() == 1), "only the scanned page has regions: " + all);
        List<TextRegion> at = TextRegion.within(all, name, name + 6);
        assertEquals(1, at.size(), all.toString());
        TextRegion r = at.get(0);
        assertTrue(text.substring(r.start(), r.end()).contains("瑞丰精密铸造"), text.substring(r.start(), r.end()));
        // Drawn at x = 200 px of 1654 and baseline y = 320 px of 2338 (200 dpi A4), tilted 0.6° about the centre.
        assertTrue(r.x() > 0.09 && r.x() < 0.16, "x " + r);
        assertTrue(r.y() > 0.09 && r.y() + r.height() < 0.17 && r.height() > 0.008, "y " + r);
        assertTrue(r.width() > 0.2 && r.x() + r.width() < 0.7, "width " + r);

        // The page as a viewer shows it: darker under the box (the printed name) than just below the text.
        DocumentParsers parsers = Support.service(DocumentParsers.class);
        BufferedImage shown = parsers.renderPage(pdf, 1, 800);
        assertTrue(Math.abs(shown.getWidth() - 800) <= 2, shown.getWidth() + " px wide");
        double inBox = meanGrey(shown, r.x(), r.y(), r.width(), r.height());
        double below = meanGrey(shown, r.x(), 0.5, r.width(), r.height());
        assertTrue(inBox < below - 20, "ink under the box " + inBox + ", blank paper " + below);

        EnclaveException noPage = assertThrows(EnclaveException.class, () -> parsers.renderPage(pdf, 2, 800));
        assertTrue(noPage.isBadInput() && noPage.getMessage().contains("supplier-file.pdf")
                && noPage.getMessage().contains("no page 3"), noPage.getMessage());
        Files.delete(pdf);
        EnclaveException gone = assertThrows(EnclaveException.class, () -> parsers.renderPage(pdf, 1, 800));
        assertTrue(gone.isBadInput() && gone.getMessage().contains("supplier-file.pdf")
                && gone.getMessage().contains("does not exist"), gone.getMessage());
        // A born-digital document has no regions.
        Files.writeString(docs.resolve("note.txt"), "Supplier note: 宁波瑞丰 audit passed.");
        Support.cli(data, "ingest", "--collection", "notes", "--no-vectors", "--json", docs.resolve("note.txt")
                .toString());
        String noteId = kb.documents(ws, me, "notes").get(0).docId();
        assertTrue(kb.regions(ws, me, "notes", noteId).isEmpty());
    }

    /** Mean grey level (0 black … 255 white) of a box given in fractions of the image. */
    private static double meanGrey(BufferedImage img, double x, double y, double w, double h) {
        int x0 = (int) (x * img.getWidth());
        int y0 = (int) (y * img.getHeight());
        int x1 = Math.max(x0 + 1, (int) ((x + w) * img.getWidth()));
        int y1 = Math.max(y0 + 1, (int) ((y + h) * img.getHeight()));
        long sum = 0;
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                int rgb = img.getRGB(xx, yy);
                sum += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
            }
        }
        return (double) sum / ((long) (x1 - x0) * (y1 - y0));
    }
}
