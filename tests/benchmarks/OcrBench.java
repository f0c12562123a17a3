/*
 * OCR speed and quality on A4 pages rendered here from known text (issue 17): Chinese and English
 * prose, company names, amounts and a table, in two fonts and two sizes, at 150/200/300 dpi, level or
 * tilted, clean or with sensor noise and JPEG artefacts. Prints per condition the pages per second, the
 * character error rate (white space ignored, full-width forms folded) and the process's peak resident
 * memory. Run after './mvnw install' (or a build of tests/dev.enclave.ocr.tests with -am):
 *
 *   nice -n 19 java -Dai.djl.offline=true -cp "$(tests/benchmarks/ocr-classpath.sh)" tests/benchmarks/OcrBench.java [pages per condition]
 *
 * -Donly=TEXT runs the conditions whose name holds TEXT; -Dshow=true prints each page's text and what was read;
 * -Denclave.ocr.detMaxSide=N sets the detector's input size; -Dprofile=true prints where the time went per stage.
 *
 * 2026-12-07, 2 pages per condition, nice -n 19 on the shared 2-core build machine (load average 5 to 8):
 *   150dpi clean 0.20 pages/s CER 0.0000; 200dpi clean 0.31, 0.0007; 300dpi clean 0.17, 0.0000;
 *   200dpi 9pt 0.19, 0.0000; 200dpi serif 0.18, 0.0000; 200dpi tilt 0.8 noise 8 jpeg 60 0.19, 0.0000;
 *   200dpi tilt -0.8 noise 15 jpeg 40 10.5pt 0.20, 0.0000; 150dpi tilt 0.5 noise 8 jpeg 60 9pt 0.21, 0.0000;
 *   peak resident memory 1.15 to 1.36 GiB. Far below the 1 page/s target on these machines.
 *
 * 2026-12-07, before/after the speed work (issue 17), 2 pages per condition, -Dprofile=true, one after the other
 * on the same shared 2-core machine at load average 5 to 16 (so pages/s says little; CPU seconds per page, the
 * whole process's, ORT's spinning threads included, says a little more):
 *   before (3335f65):          0.02-0.06 pages/s, 5.49-7.17 CPU s/page, CER 0 (200dpi clean 0.0007), 1143-1232 MiB;
 *   after, detector at 1536:   0.04-0.06 pages/s, 5.84-7.36 CPU s/page, CER 0 (200dpi clean 0.0007), 1156-1274 MiB;
 *   -Denclave.ocr.detMaxSide=960: 0.03-0.08 pages/s, 3.69-4.82 CPU s/page, CER 0 everywhere,           871- 917 MiB.
 *   960 (PaddleOCR's default) is not the default: ScannedReportTest's field F1 fell from 0.928 to 0.923 with it
 *   (and to 0.882 at 1280). Where the time goes (calling thread's CPU, 17 pages at 1536): recogniser 47.1 s,
 *   detector 8.2 s, the rest 1.4 s: the recogniser (PP-OCRv4 rec at height 48, ~26,000 input columns for an A4
 *   page of 28 lines) is 83 % of the work. Squeezing its input to 0.75 of the width cut that by a quarter but
 *   raised CER to 0.02 at 9 pt: not taken. Far below 1 page/s on 2 cores either way.
 *
 * 2026-12-07, second round (issue 17), -Donly=tilt (the three tilted, noisy JPEG conditions), 2 pages each,
 * -Dprofile=true, one run after the other on the shared 2-core machine at load average 25 to 30:
 *   main (1536, recogniser padded to at least 320): 6.62 / 5.73 / 5.07 CPU s/page, CER 0, 1306-1329 MiB;
 *   -Denclave.ocr.recMinWidth=48 (a batch padded only to its widest line): 6.90 / 6.20 / 5.38, CER 0, 1289-1325 MiB:
 *     no saving, not taken;
 *   -Denclave.ocr.detMaxSide=960 -Denclave.ocr.recMinWidth=48: 5.29 / 4.78 / 3.79, CER 0, 824-865 MiB; not taken
 *     either: ScannedReportEval's generated scans lose field F1 at 960 (0.988 -> 0.948).
 *   Pages/s 0.02-0.04 on this loaded machine; the recogniser is still most of the work (calling thread's CPU:
 *   rec 15.8 s of 19.7 s at 1536).
 *
 * 2026-12-07, third round (issue 17): ONNX Runtime's threads no longer spin, the recogniser and the classifier
 * run on one ONNX Runtime thread each with a page's lines spread over one worker per core, lines recognised one
 * by one (no batches), no memory pattern for the recogniser's per-line shapes. Same command, before (main at
 * 0fec4fe, compiled to a folder) and after, alternately on the shared 2-core machine at load average 11 to 15:
 *   before: 5.71 / 5.62 / 5.12 and 5.98 / 5.65 / 5.07 CPU s/page, 0.07-0.11 pages/s, CER 0, 1288-1311 MiB;
 *   after:  2.95 / 2.68 / 2.35 and 2.96 / 2.66 / 2.33 CPU s/page, 0.16-0.24 pages/s, CER 0, 1070-1246 MiB.
 *   All eight conditions, 2 pages each (load 11 to 13): before 4.63-5.42 CPU s/page, CER 0 (200dpi clean
 *   0.0007), 1175-1294 MiB; after 2.18-2.74 CPU s/page, CER 0 everywhere, 1067-1511 MiB (1 page each: 1052-1096).
 *   Where the CPU time went: with two intra-op threads per network, the second mostly spun (one thread per
 *   network alone: 2.9-3.8 CPU s/page); the recogniser costs less per column on one line than on a batch
 *   (one thread: 7.6 ms per 100 columns alone, 10-11.4 in batches of 4 to 16): 2.2-2.7 CPU s/page. Still about
 *   2.5 CPU s/page where 1 page/s on 2 cores needs at most 2: the recogniser is ~1.7 of it, the detector ~0.6.
 *   Tried without gain: no memory pattern and no arena for all networks (the detector's CPU doubled); no arena
 *   for the recogniser (peak RSS 1111-1236 MiB against 1052-1096); denormals as zero (within noise).
 *
 * 2026-12-08, fourth round (issue 17). "ocr cpu s/p" is the process's CPU while OCR read the pages (the page's
 * rendering, noise and JPEG round trip not in it; "cpu s/page" keeps them). Where the CPU went (-Dprofile=true,
 * the process's CPU per stage, -Donly=tilt, 2 pages each plus the model-loading page): before, detector network
 * 26 %, recogniser 69 %, the rest (grey, detector input, boxes, crops, classifier, layout) 5 %; after, 17 %, 77 %,
 * 6 %. Kept: the detector sees only the inked part of the page (InkRegion: A4 margins and a page's blank lower
 * part cost it as much as text; detector CPU 4.1-4.7 -> 2.2-2.5 s over 7 pages), and the recogniser's input is
 * padded to 48 columns, not 320 (a table's short cells; recogniser CPU -3 to -9 %). Tried, not kept: ONNX Runtime
 * EXTENDED_OPT instead of ALL_OPT (recogniser CPU +30 %); the detector on one thread (-11 % of its CPU, twice its
 * wall time). Not tried: trimming blank ends of lines before the recogniser (a probe of the crops: the boxes end
 * within 1-2 columns of the ink, nothing to trim). Measured: copying out and decoding the recogniser's output is
 * 2.5 % of its time. Same command,
 * before (main at 331602c, compiled by Maven) and after, alternately, shared 2-core machine at load average 9 to 17:
 *   before: ocr cpu 2.75 / 2.54 / 2.19 and 2.87 / 2.59 / 2.33 s/page (whole process 3.12 / 2.79 / 2.29 and
 *           3.19 / 2.81 / 2.44), 0.13-0.18 pages/s, CER 0, 1061-1418 MiB;
 *   after:  ocr cpu 2.17 / 1.99 / 1.73 and 2.21 / 1.98 / 1.75 s/page (whole process 2.51 / 2.20 / 1.82 and
 *           2.51 / 2.21 / 1.86), 0.20-0.52 pages/s, CER 0, 903-1000 MiB.
 *   All eight conditions, 1 page each: before ocr cpu 2.46-3.47 s/page (150dpi clean, the first, 3.47), CER 0
 *   everywhere, 1055-1187 MiB; after 1.78-2.75 (the first 2.75, the others 1.78-2.24), CER 0, 866-960 MiB.
 *   Then no memory pattern for the detector either (each page's inked region has a shape of its own), two more
 *   alternations at load average 8 to 10: before ocr cpu 2.54 / 2.36 / 2.24 and 2.58 / 2.42 / 2.22 s/page,
 *   1066-1214 MiB; after 2.34 / 2.19 / 1.91 and 2.26 / 2.11 / 1.83, 0.32-0.76 pages/s, CER 0, 759-874 MiB.
 *   ScannedReportEval dev6 + blind4 (-Dfresh=true): scanned F1 0.8871 before and after; ScannedReportTest 0.9944
 *   (0.9912 in the third round).
 *   The recogniser (PP-OCRv4 rec, ~22,000 input columns for one of these pages, ~1.6 CPU s) is now what stands
 *   between ~2.1 CPU s/page and the 2 that 1 page/s on 2 cores needs.
 */
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.enclave.ocr.OcrPage;
import dev.enclave.ocr.internal.PaddleOcr;

public class OcrBench {
    record Condition(String name, int dpi, double tilt, double noise, int jpeg, String font, float points) {
    }

    static final String[] CITIES = { "苏州", "无锡", "宁波", "杭州", "青岛", "合肥", "东莞", "佛山" };
    static final String[] BRANDS = { "恒信", "华达", "瑞丰", "金泰", "鑫源", "宏远", "凯盛", "永兴" };
    static final String[] TRADES = { "电子科技", "机械制造", "新材料", "精细化工", "物流", "医药" };
    static final String[] ENGLISH = { "The borrower's revenue grew 14.6% in 2023 on export orders.",
            "Collateral: industrial property appraised at RMB 29,000,000.", "Guarantor: Ningbo Ruifeng Castings Co., Ltd.",
            "Chamber clean interval 72 h; wafer yield 98.2% (lot A2317)." };
    static final String[] CHINESE = { "经查询征信系统，借款人无不良信用记录，无对外担保。", "企业近三年经营稳定，主营业务收入保持增长。",
            "本次授信用于采购原材料，还款来源为销售回款。", "抵押物坐落于工业园区星湖街，评估价值较为充分。" };

    static List<String> page(Random r) {
        List<String> lines = new ArrayList<>();
        lines.add("授信调查报告（第" + (1 + r.nextInt(9)) + "页）");
        for (int i = 0; i < 24; i++) {
            switch (i % 4) {
                case 0 -> lines.add("借款人：" + CITIES[r.nextInt(8)] + BRANDS[r.nextInt(8)] + TRADES[r.nextInt(6)] + "有限公司");
                case 1 -> lines.add(String.format(Locale.ROOT, "申请金额：%,d万元，期限%d个月", 100 + r.nextInt(9000), 6 + r.nextInt(30)));
                case 2 -> lines.add(CHINESE[r.nextInt(CHINESE.length)]);
                default -> lines.add(ENGLISH[r.nextInt(ENGLISH.length)]);
            }
        }
        lines.add("项目\t2022年\t2023年");
        lines.add(String.format(Locale.ROOT, "营业收入\t%,.2f\t%,.2f", r.nextDouble() * 90000, r.nextDouble() * 90000));
        lines.add(String.format(Locale.ROOT, "净利润\t%,.2f\t%,.2f", r.nextDouble() * 9000, r.nextDouble() * 9000));
        return lines;
    }

    static BufferedImage render(List<String> lines, Condition c, long seed) throws Exception {
        int w = (int) Math.round(8.27 * c.dpi());
        int h = (int) Math.round(11.69 * c.dpi());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.rotate(Math.toRadians(c.tilt()), w / 2.0, h / 2.0);
        g.setColor(new Color(25, 25, 25));
        float px = c.points() * c.dpi() / 72f;
        g.setFont(new Font(c.font(), Font.PLAIN, Math.round(px)));
        int margin = (int) (0.8 * c.dpi());
        double y = margin;
        for (String line : lines) {
            y += px * 1.8;
            String[] cells = line.split("\t");
            for (int i = 0; i < cells.length; i++) {
                g.drawString(cells[i], margin + i * (w - 2 * margin) / 3, (float) y);
            }
        }
        g.dispose();
        Random r = new Random(seed);
        if (c.noise() > 0) {
            int[] row = new int[w];
            for (int yy = 0; yy < h; yy++) {
                img.getRaster().getPixels(0, yy, w, 1, row);
                for (int x = 0; x < w; x++) {
                    row[x] = (int) Math.max(0, Math.min(255, row[x] + r.nextGaussian() * c.noise()));
                }
                img.getRaster().setPixels(0, yy, w, 1, row);
            }
        }
        if (c.jpeg() <= 0) {
            return img;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(c.jpeg() / 100f);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        writer.dispose();
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }

    static double[] errors(String expected, String actual) {
        String a = Normalizer.normalize(expected, Normalizer.Form.NFKC).replaceAll("\\s+", "");
        String b = Normalizer.normalize(actual, Normalizer.Form.NFKC).replaceAll("\\s+|\\|", "");
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1), Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return new double[] { prev[b.length()], a.length() };
    }

    static long peakRssKib() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Condition> conditions = List.of(
                new Condition("150dpi clean sans 12pt", 150, 0, 0, 0, "SansSerif", 12f),
                new Condition("200dpi clean sans 12pt", 200, 0, 0, 0, "SansSerif", 12f),
                new Condition("300dpi clean sans 12pt", 300, 0, 0, 0, "SansSerif", 12f),
                new Condition("200dpi clean sans 9pt", 200, 0, 0, 0, "SansSerif", 9f),
                new Condition("200dpi clean serif 12pt", 200, 0, 0, 0, "Serif", 12f),
                new Condition("200dpi tilt 0.8 noise 8 jpeg 60", 200, 0.8, 8, 60, "SansSerif", 12f),
                new Condition("200dpi tilt -0.8 noise 15 jpeg 40", 200, -0.8, 15, 40, "SansSerif", 10.5f),
                new Condition("150dpi tilt 0.5 noise 8 jpeg 60 9pt", 150, 0.5, 8, 60, "SansSerif", 9f));
        PaddleOcr ocr = new PaddleOcr();
        ocr.read(render(page(new Random(0)), conditions.get(1), 0)); // loads the models
        System.out.printf(Locale.ROOT, "%-40s %8s %8s %10s %10s %10s%n", "condition", "pages/s", "CER", "peak RSS", "cpu s/page",
                "ocr cpu s/p");
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        String only = System.getProperty("only");
        for (Condition c : conditions) {
            if (only != null && !c.name().contains(only)) {
                continue;
            }
            double err = 0;
            double len = 0;
            long nanos = 0;
            long ocrCpu = 0;
            long cpu0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            Random r = new Random(c.name().hashCode());
            for (int p = 0; p < pages; p++) {
                List<String> lines = page(r);
                BufferedImage img = render(lines, c, p);
                long c0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
                long t0 = System.nanoTime();
                OcrPage page = ocr.read(img);
                nanos += System.nanoTime() - t0;
                ocrCpu += ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - c0;
                double[] e = errors(String.join("\n", lines), page.text());
                if (Boolean.getBoolean("show")) {
                    System.out.println(String.join("\n", lines) + "\n--- read:\n" + page.text());
                }
                err += e[0];
                len += e[1];
            }
            // CPU seconds of the whole process per page (page rendering included): what a loaded machine disturbs less.
            double cpu = (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0) / 1e9 / pages;
            // and of the process while OCR read the pages (the rendering not in it).
            System.out.printf(Locale.ROOT, "%-40s %8.2f %8.4f %7d MiB %10.2f %10.2f%n", c.name(), pages / (nanos / 1e9),
                    err / len, peakRssKib() / 1024, cpu, ocrCpu / 1e9 / pages);
        }
        if (Boolean.getBoolean("profile")) {
            // Through reflection, so that the benchmark also runs against builds from before the stage timer.
            try {
                System.out.println("stages (the model-loading page included): "
                        + PaddleOcr.class.getMethod("stageTimes").invoke(null));
            } catch (NoSuchMethodException e) {
                System.out.println("stages: this build of the OCR bundle has no stage timer");
            }
        }
    }
}
