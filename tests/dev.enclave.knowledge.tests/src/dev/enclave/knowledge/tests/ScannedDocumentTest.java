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
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
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
}
