package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.enclave.core.EnclaveException;
import dev.enclave.ocr.Ocr;
import dev.enclave.ocr.OcrBlock;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;
import dev.enclave.tests.support.Services;

/** The OCR service on pages rendered here from known text: quality bound, boxes, reading order, bad input. */
class OcrTest {
    static final List<String> PAGE = List.of(
            "授信调查报告",
            "借款人：苏州恒信电子科技有限公司",
            "法定代表人：张建国",
            "注册资本：5,000万元",
            "申请金额：1,200万元，期限12个月",
            "Borrower: Suzhou Hengxin Electronics Co., Ltd.",
            "Loan amount: RMB 12,000,000 at LPR+85BP",
            "项目\t2022年\t2023年",
            "营业收入\t8,650.25\t9,912.40",
            "净利润\t512.30\t634.75",
            "担保人：无锡华达机械制造有限公司提供连带责任保证。");

    static Ocr ocr() {
        return Services.get(Ocr.class);
    }

    @Test
    void scannedPageAt200DpiTiltedNoisyJpegIsReadWithinCer() {
        ScanPages.Condition c = new ScanPages.Condition("200dpi tilt0.8 noise jpeg", 200, 0.8, 8, 60);
        OcrPage page = ocr().read(ScanPages.render(PAGE, c, 12f, 7));
        String expected = String.join("\n", PAGE).replace('\t', ' ');
        // Table cells are separated by " | " in the page text: compared without the separators.
        double cer = ScanPages.cer(expected, page.text().replace(" | ", " "));
        System.out.println("OCR CER " + c.name() + ": " + cer + "\n" + page.text());
        // First run: two errors in 209 characters before folding full-width forms (5，000 and 1，200), none after.
        assertTrue(cer < 0.02, "CER " + cer + " for:\n" + page.text());
        assertTrue(page.text().contains("苏州恒信电子科技有限公司"), page.text());
        assertEquals(0.8, page.skew(), 0.3, "the page's tilt is estimated from its lines");
    }

    @Test
    void linesKeepPageBoxesAndReadingOrder() {
        ScanPages.Condition c = new ScanPages.Condition("clean", 200, 0, 0, 0);
        OcrPage page = ocr().read(ScanPages.render(PAGE, c, 12f, 1));
        OcrLine title = page.lines().get(0);
        assertEquals("授信调查报告", title.text());
        // The title is the first row: 200 dpi margin (200 px) plus 1.8 lines of 33 px.
        assertTrue(title.top() > 200 && title.bottom() < 300, Arrays.toString(title.box()));
        assertTrue(title.confidence() > 0.9, "confidence " + title.confidence());
        OcrBlock table = page.blocks().stream().filter(OcrBlock::table).findFirst().orElseThrow(
                () -> new AssertionError("no table in:\n" + page.text()));
        assertEquals(3, table.rows().size(), page.text());
        assertEquals(List.of("营业收入", "8,650.25", "9,912.40"), OcrBlock.cells(table.rows().get(1)));
    }

    @Test
    void badImagesAreRefusedNamingTheFile() throws IOException {
        BufferedImage img = ScanPages.render(PAGE.subList(0, 2), new ScanPages.Condition("clean", 100, 0, 0, 0), 12f, 1);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        byte[] truncated = Arrays.copyOf(png.toByteArray(), png.size() / 2);
        EnclaveException e = assertThrows(EnclaveException.class, () -> ocr().readImages("half.png", truncated));
        assertTrue(e.isBadInput() && e.getMessage().startsWith("half.png"), e.getMessage());
        e = assertThrows(EnclaveException.class, () -> ocr().readImages("noise.jpg", "not an image".getBytes()));
        assertTrue(e.isBadInput() && e.getMessage().startsWith("noise.jpg"), e.getMessage());
        e = assertThrows(EnclaveException.class, () -> ocr().readImages("huge.png", hugePngHeader()));
        assertTrue(e.isBadInput() && e.getMessage().startsWith("huge.png") && e.getMessage().contains("30000"),
                e.getMessage());
        // The good image still reads after the bad ones.
        assertTrue(ocr().readImages("good.png", png.toByteArray()).get(0).text().contains("授信调查报告"));
    }

    /** A PNG whose header declares 30,000 × 30,000 pixels, followed by a little data. */
    static byte[] hugePngHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        byte[] ihdr = java.nio.ByteBuffer.allocate(13).putInt(30_000).putInt(30_000).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9c, 0x03, 0x00 });
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
