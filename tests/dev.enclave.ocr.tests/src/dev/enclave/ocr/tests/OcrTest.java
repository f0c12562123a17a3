package dev.enclave.ocr.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
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

    @Test
    void pagesReadFromSeveralThreadsAtOnceAreReadAsOneAtATime() throws Exception {
        // A page's lines are recognised on the OCR service's workers; two pages read at once share them.
        BufferedImage a = ScanPages.render(PAGE.subList(0, 6), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 3);
        BufferedImage b = ScanPages.render(PAGE.subList(5, 11), new ScanPages.Condition("tilt", 150, 0.5, 8, 60), 12f, 4);
        OcrPage aAlone = ocr().read(a);
        OcrPage bAlone = ocr().read(b);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<OcrPage> aAtOnce = two.submit(() -> ocr().read(a));
            java.util.concurrent.Future<OcrPage> bAtOnce = two.submit(() -> ocr().read(b));
            assertEquals(aAlone.text(), aAtOnce.get().text());
            assertEquals(bAlone.text(), bAtOnce.get().text());
            assertEquals(aAlone.lines().size(), aAtOnce.get().lines().size());
        } finally {
            two.shutdown();
        }
        assertTrue(aAlone.text().contains("苏州恒信电子科技有限公司"), aAlone.text());
        assertTrue(bAlone.text().contains("634.75"), bAlone.text());
    }

    @Test
    void aScanReadAgainComesFromTheCacheByContentHash(@TempDir Path folder) throws IOException {
        Ocr.Cache cache = new Ocr.Cache(folder, Long.MAX_VALUE, null);
        byte[] png = png(ScanPages.render(PAGE.subList(0, 3), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 2));
        long before = ocr().pagesRecognised();
        List<OcrPage> first = ocr().readImages("report.png", png, cache, Progress.silent());
        assertEquals(before + 1, ocr().pagesRecognised(), "the first read runs OCR");
        assertTrue(first.get(0).text().contains("苏州恒信电子科技有限公司"), first.get(0).text());
        // The same bytes under another name (a re-import from elsewhere): no OCR, the same text and boxes.
        List<OcrPage> second = ocr().readImages("copy-of-report.png", png, cache, Progress.silent());
        assertEquals(before + 1, ocr().pagesRecognised(), "the second read comes from the cache");
        assertEquals(first.get(0).text(), second.get(0).text());
        assertEquals(first.get(0).lines().size(), second.get(0).lines().size());
        assertTrue(Arrays.equals(first.get(0).lines().get(0).box(), second.get(0).lines().get(0).box()));
        // Other content is read, not served from the cache.
        byte[] other = png(ScanPages.render(PAGE.subList(3, 5), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 2));
        assertTrue(ocr().readImages("other.png", other, cache, Progress.silent()).get(0).text().contains("5,000"));
        assertEquals(before + 2, ocr().pagesRecognised());
    }

    @Test
    void cancelStopsBetweenPagesAndCachesNothing(@TempDir Path folder) throws IOException {
        Ocr.Cache cache = new Ocr.Cache(folder, Long.MAX_VALUE, null);
        List<BufferedImage> pages = List.of(
                ScanPages.render(PAGE.subList(0, 2), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 1),
                ScanPages.render(PAGE.subList(2, 4), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 1),
                ScanPages.render(PAGE.subList(4, 6), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 1));
        byte[] content = "three scanned pages".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> told = new java.util.ArrayList<>();
        // Cancels as it is told of the second page, as a user pressing Cancel while page 2 is read would.
        Progress progress = new Progress() {
            private volatile boolean canceled;

            @Override
            public void begin(String task, int totalWork) {
            }

            @Override
            public void subTask(String name) {
                told.add(name);
                if (told.size() == 2) {
                    cancel();
                }
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public void done() {
            }

            @Override
            public boolean isCanceled() {
                return canceled;
            }

            @Override
            public void cancel() {
                canceled = true;
            }
        };
        long before = ocr().pagesRecognised();
        List<Integer> rendered = new java.util.ArrayList<>();
        Ocr.PageSource source = i -> {
            rendered.add(i);
            return pages.get(i);
        };
        assertThrows(Progress.CanceledException.class,
                () -> ocr().readPages("scan.pdf", content, 3, source, cache, progress));
        assertEquals(List.of(0, 1), rendered, "the page being read is finished, the next one is not started");
        assertEquals(before + 2, ocr().pagesRecognised(), "stopped after the second page: " + told);
        assertEquals(List.of("OCR scan.pdf: page 1 of 3 / 第 1 页，共 3 页", "OCR scan.pdf: page 2 of 3 / 第 2 页，共 3 页"),
                told);
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing partial is cached");
        }
        // Read to the end, the pages are cached, and read again they come from the cache.
        List<OcrPage> all = ocr().readPages("scan.pdf", content, 3, pages::get, cache, Progress.silent());
        assertEquals(3, all.size());
        assertTrue(all.get(2).text().contains("1,200万元"), all.get(2).text());
        long after = ocr().pagesRecognised();
        assertEquals(all.get(1).text(),
                ocr().readPages("scan.pdf", content, 3, pages::get, cache, Progress.silent()).get(1).text());
        assertEquals(after, ocr().pagesRecognised());
    }

    @Test
    void onnxRuntimeLoadsItsNativesFromAFixedVersionedFolder() {
        ocr().read(ScanPages.render(PAGE.subList(0, 1), new ScanPages.Condition("clean", 150, 0, 0, 0), 12f, 1));
        String dir = System.getProperty("onnxruntime.native.path");
        assertTrue(dir != null && Path.of(dir).getFileName().toString().startsWith("onnxruntime-1."), "folder " + dir);
        assertTrue(Files.isRegularFile(Path.of(dir, System.mapLibraryName("onnxruntime"))), dir);
        assertTrue(Files.isRegularFile(Path.of(dir, System.mapLibraryName("onnxruntime4j_jni"))), dir);
    }

    @Test
    void aTwoColumnPageIsReadColumnByColumn() {
        String left = "左栏开始。经查询征信系统，借款人无不良信用记录，无对外担保。企业近三年经营稳定，主营业务收入保持增长。"
                + "本次授信用于采购原材料，还款来源为销售回款。抵押物坐落于工业园区星湖街，评估价值较为充分。左栏结束。";
        String right = "右栏开始。保证人无锡华达机械制造有限公司资产负债率适中，经营活动现金流为正。借款人与主要客户合作年限较长，"
                + "订单稳定。调查人员实地走访了生产车间和仓库，存货与账面记录基本相符。建议给予授信。右栏结束。";
        BufferedImage img = ScanPages.renderColumns("两栏排版的授信调查报告摘要（第一页）", left, right,
                "本页完：共两栏，先读左栏，后读右栏，阅读顺序自上而下。", new ScanPages.Condition("200dpi", 200, 0, 4, 0),
                11f, 5);
        OcrPage page = ocr().read(img);
        String text = page.text().replaceAll("\\s+", "");
        int title = text.indexOf("两栏排版");
        int[] marks = { text.indexOf("左栏开始"), text.indexOf("左栏结束"), text.indexOf("右栏开始"),
                text.indexOf("右栏结束"), text.indexOf("本页完") };
        assertTrue(title == 0, page.text());
        for (int i = 0; i < marks.length; i++) {
            assertTrue(marks[i] > (i == 0 ? title : marks[i - 1]), "reading order at mark " + i + ":\n" + page.text());
        }
        // Column prose is paragraphs, not a table of left and right halves.
        assertTrue(page.blocks().stream().noneMatch(OcrBlock::table), page.text());
        assertTrue(ScanPages.cer(left, text.substring(marks[0], marks[1] + 5)) < 0.05, page.text());
    }

    @Test
    void aMultiPageTiffIsReadPageByPage() throws IOException {
        ScanPages.Condition c = new ScanPages.Condition("clean", 150, 0, 0, 0);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(tiff)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new javax.imageio.IIOImage(ScanPages.render(PAGE.subList(1, 2), c, 12f, 1), null, null),
                    null);
            writer.writeToSequence(new javax.imageio.IIOImage(ScanPages.render(PAGE.subList(10, 11), c, 12f, 2), null,
                    null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        List<String> told = new java.util.ArrayList<>();
        Progress progress = Progress.silent();
        List<OcrPage> pages = ocr().readImages("scan.tiff", tiff.toByteArray(), null, new Progress() {
            @Override
            public void begin(String task, int totalWork) {
            }

            @Override
            public void subTask(String name) {
                told.add(name);
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public void done() {
            }

            @Override
            public boolean isCanceled() {
                return progress.isCanceled();
            }

            @Override
            public void cancel() {
                progress.cancel();
            }
        });
        assertEquals(2, pages.size());
        assertTrue(pages.get(0).text().contains("苏州恒信电子科技有限公司"), pages.get(0).text());
        assertTrue(pages.get(1).text().contains("无锡华达机械制造有限公司"), pages.get(1).text());
        assertEquals(2, told.size(), told.toString());
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
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
