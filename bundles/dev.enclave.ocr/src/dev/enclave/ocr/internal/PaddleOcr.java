package dev.enclave.ocr.internal;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.ocr.Ocr;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;

/**
 * PaddleOCR PP-OCRv4 (det, rec) and the v2.0 direction classifier on ONNX Runtime, with the pre- and
 * post-processing of PaddleOCR's own pipeline written in Java: see {@link InkRegion}, {@link DbBoxes},
 * {@link LineCrops}, {@link Layout}. The networks are loaded on first use.
 */
@Component(service = Ocr.class)
public final class PaddleOcr implements Ocr {
    /**
     * Longest side of the image the detector sees (multiples of 32); a 200 dpi A4 page is scaled by about 0.66.
     * PaddleOCR's own 960 costs less (OcrBench's tilted noisy pages: 3.8-5.3 CPU s/page against 5.1-6.6, 450 MiB
     * less memory) and reads those pages as well (CER 0), but the narrow gaps between the cells of scanned forms
     * close at that size: the generated scans of ScannedReportEval lost field F1 (0.988 at 1536, 0.948 at 960; the
     * ALT template's tab-separated grids 0.95-1.0 against 0.67-0.86), so 1536 stays. The system property
     * {@code enclave.ocr.detMaxSide} overrides it (for benchmarks).
     */
    static final int DET_MAX_SIDE = Integer.getInteger("enclave.ocr.detMaxSide", 1536);
    /**
     * The least width of the recogniser's input, in pixels (a shorter line is padded to it): one character's width.
     * PaddleOCR pads a short line to 320, which made a table's short cells cost as much as a line of ten
     * characters: OcrBench's tilted noisy pages (one line per run) took 3 to 9 % less recogniser CPU at 48 than at 320,
     * CER 0 either way. The system property {@code enclave.ocr.recMinWidth} overrides it (for benchmarks).
     */
    static final int REC_MIN_WIDTH = Integer.getInteger("enclave.ocr.recMinWidth", 48);
    /**
     * Whether the detector sees only the inked part of the page ({@link InkRegion}); the system property
     * {@code enclave.ocr.detCrop=false} gives it the whole page (for benchmarks).
     */
    static final boolean DET_CROP = !"false".equals(System.getProperty("enclave.ocr.detCrop"));
    /** Lines the direction classifier looks at per page: the page's direction is decided by their majority. */
    private static final int CLS_SAMPLE = 16;
    /**
     * Lines recognised together. One: the recogniser costs more per input column in a batch than alone (one
     * thread, 48 px high: 7.6 ms per 100 columns for one line of 640 to 2560, 10-11.4 for 4 to 16 lines of 640 or
     * 1280; the working set outgrows the caches), and a line alone is padded to no other line's width. OcrBench's
     * tilted noisy pages on one thread: 2.9-3.6 CPU s/page in batches of 8, 2.2-2.7 one by one. The system property
     * {@code enclave.ocr.recBatch} overrides it (for benchmarks).
     */
    private static final int REC_BATCH = Math.max(1, Integer.getInteger("enclave.ocr.recBatch", 1));
    /** Lines whose recognised characters average less than this are dropped (PaddleOCR's drop_score). */
    static final double DROP_SCORE = 0.5;
    private static final int REC_HEIGHT = 48;
    private static final int CLS_WIDTH = 192;

    private OnnxNet det;
    private OnnxNet cls;
    private OnnxNet rec;
    private String[] keys;
    /** Recognises a page's lines in parallel, one line per task, each on one thread of ONNX Runtime. */
    private ExecutorService workers;

    /**
     * Threads OCR uses: the detector's ONNX Runtime threads and the recogniser's workers; one per processor. The
     * system property {@code enclave.ocr.threads} overrides it (for benchmarks).
     */
    static int threads() {
        return Math.max(1, Integer.getInteger("enclave.ocr.threads", Runtime.getRuntime().availableProcessors()));
    }

    private synchronized void load() {
        if (det != null) {
            return;
        }
        keys = loadKeys();
        int n = threads();
        // The detector is one large image: ONNX Runtime spreads each operator over the cores. The classifier and
        // the recogniser see many small inputs: one thread each, with the lines spread over the workers, which
        // keeps every core busy without ONNX Runtime's hand-offs between operators.
        cls = new OnnxNet("ch_ppocr_mobile_v2.0_cls_infer.onnx", 1, false);
        rec = new OnnxNet("ch_PP-OCRv4_rec_infer.onnx", 1, true);
        AtomicLong count = new AtomicLong();
        workers = n == 1 ? null : Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "ocr-recognise-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Each page's inked region is a shape of its own: no memory pattern for the detector either (OcrBench's
        // tilted noisy pages: peak RSS 765-849 MiB without, 898-1236 with; its CPU the same within noise).
        det = new OnnxNet("ch_PP-OCRv4_det_infer.onnx", n, true);
    }

    /** The CTC classes: blank, the key list, then a space (PaddleOCR's use_space_char). */
    private static String[] loadKeys() {
        List<String> k = new ArrayList<>();
        k.add("");
        try (InputStream in = PaddleOcr.class.getResourceAsStream("models/ppocr_keys_v1.txt")) {
            if (in == null) {
                throw EnclaveException.failure("The OCR character list ppocr_keys_v1.txt is missing from this "
                        + "installation (plugins/dev.enclave.ocr).", null);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null;) {
                k.add(line.replace("\r", ""));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("The OCR character list cannot be read: " + e.getMessage(), e);
        }
        k.add(" ");
        return k.toArray(String[]::new);
    }

    @Deactivate
    synchronized void deactivate() {
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
        for (OnnxNet n : new OnnxNet[] { det, cls, rec }) {
            if (n != null) {
                n.close();
            }
        }
        det = null;
        cls = null;
        rec = null;
    }

    @Override
    public OcrPage read(BufferedImage image) {
        load();
        long t0 = STAGES.start();
        float[] grey = grey(image);
        int w = image.getWidth();
        int h = image.getHeight();
        STAGES.add(0, t0);
        List<DbBoxes.Box> boxes = detect(grey, w, h);
        List<OcrLine> lines = recognise(grey, w, h, boxes);
        recognised.incrementAndGet();
        long t1 = System.nanoTime();
        OcrPage page = Layout.page(w, h, lines);
        STAGES.add(7, t1);
        return page;
    }

    private final AtomicLong recognised = new AtomicLong();

    @Override
    public long pagesRecognised() {
        return recognised.get();
    }

    @Override
    public List<OcrPage> readPages(String name, byte[] content, int pages, PageSource source, Cache cache,
            Progress progress) {
        List<OcrPage> cached = OcrCache.get(cache, content, pages);
        if (cached != null) {
            return cached;
        }
        List<OcrPage> out = new ArrayList<>(pages);
        for (int i = 0; i < pages; i++) {
            // Between pages: a cancelled read stops here and stores nothing.
            progress.checkCanceled();
            progress.subTask(pages == 1 ? "OCR " + name + " / 文字识别"
                    : "OCR " + name + ": page " + (i + 1) + " of " + pages + " / 第 " + (i + 1) + " 页，共 " + pages + " 页");
            BufferedImage image;
            try {
                image = source.render(i);
            } catch (IOException | RuntimeException e) {
                if (e instanceof EnclaveException ee) {
                    throw ee;
                }
                throw EnclaveException.badInput(name + " page " + (i + 1) + " cannot be rendered for OCR: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            out.add(read(image));
        }
        progress.checkCanceled();
        OcrCache.put(cache, content, out);
        return out;
    }

    /**
     * Where the time of {@link #read} went in this JVM, per stage (for the benchmark): grey conversion, detector
     * input, detector network, box decoding, line crops, direction classifier, recogniser (input, network and
     * decoding).
     */
    public static String stageTimes() {
        return STAGES.toString();
    }

    private static final Stages STAGES = new Stages("grey", "det prep", "det net", "boxes", "crops", "cls", "rec", "layout");

    /**
     * Nanoseconds spent per named stage, summed over calls: wall-clock time, the calling thread's CPU time
     * (which a loaded machine disturbs less; ONNX Runtime's own threads are not in it) and the whole process's CPU
     * time while the stage ran (ONNX Runtime's threads, the workers, the garbage collector and the compiler in it).
     */
    private static final class Stages {
        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
                .getThreadMXBean();
        private final String[] names;
        private final java.util.concurrent.atomic.AtomicLongArray nanos;
        private final java.util.concurrent.atomic.AtomicLongArray cpu;
        private final java.util.concurrent.atomic.AtomicLongArray proc;
        private final ThreadLocal<long[]> lastCpu = ThreadLocal.withInitial(() -> new long[2]);

        Stages(String... names) {
            this.names = names;
            this.nanos = new java.util.concurrent.atomic.AtomicLongArray(names.length);
            this.cpu = new java.util.concurrent.atomic.AtomicLongArray(names.length);
            this.proc = new java.util.concurrent.atomic.AtomicLongArray(names.length);
        }

        /** The process's CPU time, in nanoseconds (0 where the platform does not say). */
        static long processCpu() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }

        /** This thread's CPU time, in nanoseconds. */
        static long cpuNow() {
            return THREADS.getCurrentThreadCpuTime();
        }

        /** Adds CPU time spent on another thread to stage {@code i}. */
        void addCpu(int i, long cpuNanos) {
            cpu.addAndGet(i, cpuNanos);
        }

        /** Starts timing on this thread; returns now. */
        long start() {
            long[] last = lastCpu.get();
            last[0] = THREADS.getCurrentThreadCpuTime();
            last[1] = processCpu();
            return System.nanoTime();
        }

        /** Adds the time since {@code since} (and the CPU time since the last call) to stage {@code i}; returns now. */
        long add(int i, long since) {
            long now = System.nanoTime();
            long c = THREADS.getCurrentThreadCpuTime();
            long[] last = lastCpu.get();
            nanos.addAndGet(i, now - since);
            cpu.addAndGet(i, c - last[0]);
            last[0] = c;
            long pc = processCpu();
            proc.addAndGet(i, pc - last[1]);
            last[1] = pc;
            return now;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < names.length; i++) {
                sb.append(String.format(java.util.Locale.ROOT, "%s%s %.2f s (cpu %.2f, process cpu %.2f)", i == 0 ? "" : ", ",
                        names[i], nanos.get(i) / 1e9, cpu.get(i) / 1e9, proc.get(i) / 1e9));
            }
            return sb.toString();
        }
    }

    /**
     * The image as grey levels 0–255, row by row, as {@link BufferedImage#getRGB} converts them. An 8-bit grey
     * image (what PDFBox renders and most scans decode to) is read from its data buffer through a table of its
     * 256 levels: a 200 dpi A4 page is 3.9 million pixels, and a colour conversion per pixel cost more than the
     * detector's whole pre-processing.
     */
    static float[] grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] g = new float[w * h];
        java.awt.image.Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                && raster.getSampleModel() instanceof java.awt.image.ComponentSampleModel sm
                && raster.getDataBuffer() instanceof java.awt.image.DataBufferByte db) {
            // The colour model's own conversion (CS_GRAY is linear; getRGB brightens it to sRGB), once per level.
            float[] lut = new float[256];
            for (int v = 0; v < 256; v++) {
                int p = image.getColorModel().getRGB(v);
                lut[v] = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
            }
            byte[] data = db.getData();
            int stride = sm.getScanlineStride();
            int offset = db.getOffset() + sm.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());
            for (int y = 0; y < h; y++) {
                int row = offset + y * stride;
                int out = y * w;
                for (int x = 0; x < w; x++) {
                    g[out + x] = lut[data[row + x] & 0xff];
                }
            }
            return g;
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            // getRGB of a whole row: one colour conversion per row, not per pixel.
            image.getRGB(0, y, w, 1, row, 0, w);
            int out = y * w;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                float v = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
                if (alpha) {
                    // Transparent pixels read as white paper.
                    int a = p >>> 24;
                    v = (v * a + 255f * (255 - a)) / 255f;
                }
                g[out + x] = v;
            }
        }
        return g;
    }

    private List<DbBoxes.Box> detect(float[] grey, int w, int h) {
        long t = System.nanoTime();
        double scale = Math.min(1.0, (double) DET_MAX_SIDE / Math.max(w, h));
        int rw = Math.max(32, (int) Math.round(w * scale / 32) * 32);
        int rh = Math.max(32, (int) Math.round(h * scale / 32) * 32);
        float[] small = LineCrops.resize(grey, w, h, rw, rh);
        // The detector sees only the part of the page with ink on it (and a white border around it), at the same
        // scale: its cost is per pixel, and a page's margins and blank lower half are no text.
        int[] r = DET_CROP ? InkRegion.of(small, rw, rh) : new int[] { 0, 0, rw, rh };
        if (r == null) {
            STAGES.add(1, t);
            return List.of();
        }
        int cw = r[2] - r[0];
        int ch = r[3] - r[1];
        float[] input = new float[3 * cw * ch];
        float[] mean = { 0.485f, 0.456f, 0.406f };
        float[] std = { 0.229f, 0.224f, 0.225f };
        int n = cw * ch;
        for (int c = 0; c < 3; c++) {
            float a = 1f / (255f * std[c]);
            float b = -mean[c] / std[c];
            for (int y = 0; y < ch; y++) {
                int from = (r[1] + y) * rw + r[0];
                int to = c * n + y * cw;
                for (int x = 0; x < cw; x++) {
                    input[to + x] = small[from + x] * a + b;
                }
            }
        }
        t = STAGES.add(1, t);
        OnnxNet.Result prob = det.run(input, 1, 3, ch, cw);
        t = STAGES.add(2, t);
        double sx = (double) w / rw;
        double sy = (double) h / rh;
        List<DbBoxes.Box> boxes = DbBoxes.boxes(prob.data(), cw, ch, sx, sy);
        if (r[0] != 0 || r[1] != 0) {
            List<DbBoxes.Box> moved = new ArrayList<>(boxes.size());
            for (DbBoxes.Box b : boxes) {
                moved.add(new DbBoxes.Box(b.cx() + r[0] * sx, b.cy() + r[1] * sy, b.w(), b.h(), b.angle(), b.score()));
            }
            boxes = moved;
        }
        STAGES.add(3, t);
        return boxes;
    }

    private List<OcrLine> recognise(float[] grey, int w, int h, List<DbBoxes.Box> boxes) {
        long t0 = System.nanoTime();
        List<float[]> crops = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (DbBoxes.Box b : boxes) {
            int cw = (int) Math.max(8, Math.min(REC_HEIGHT * 40, Math.ceil(REC_HEIGHT * b.w() / Math.max(1, b.h()))));
            crops.add(LineCrops.crop(grey, w, h, b, cw, REC_HEIGHT));
            widths.add(cw);
        }
        long t1 = STAGES.add(4, t0);
        classify(crops, widths);
        long t2 = STAGES.add(5, t1);
        Integer[] order = new Integer[crops.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(widths::get));
        OcrLine[][] out = new OcrLine[crops.size()][];
        List<Callable<Void>> batches = new ArrayList<>();
        Thread caller = Thread.currentThread();
        for (int s = 0; s < order.length; s += REC_BATCH) {
            int from = s;
            int to = Math.min(order.length, s + REC_BATCH);
            batches.add(() -> {
                long c0 = Stages.cpuNow();
                recogniseBatch(order, from, to, crops, widths, boxes, out);
                if (Thread.currentThread() != caller) {
                    // A worker's CPU time (the caller's own is counted when the stage ends).
                    STAGES.addCpu(6, Stages.cpuNow() - c0);
                }
                return null;
            });
        }
        // The widest lines first: the workers finish together.
        java.util.Collections.reverse(batches);
        runAll(batches);
        List<OcrLine> lines = new ArrayList<>();
        for (OcrLine[] parts : out) {
            if (parts != null) {
                lines.addAll(Arrays.asList(parts));
            }
        }
        STAGES.add(6, t2);
        return lines;
    }

    /** Recognises the lines {@code order[from..to)} as one batch into {@code out}. */
    private void recogniseBatch(Integer[] order, int from, int to, List<float[]> crops, List<Integer> widths,
            List<DbBoxes.Box> boxes, OcrLine[][] out) {
        int bw = Math.max(REC_MIN_WIDTH, widths.get(order[to - 1]));
        int nb = to - from;
        float[] input = new float[nb * 3 * REC_HEIGHT * bw];
        for (int j = 0; j < nb; j++) {
            fill(input, j, crops.get(order[from + j]), widths.get(order[from + j]), bw);
        }
        OnnxNet.Result r = rec.run(input, nb, 3, REC_HEIGHT, bw);
        int t = (int) r.shape()[1];
        int c = (int) r.shape()[2];
        for (int j = 0; j < nb; j++) {
            Ctc.Decoded d = Ctc.greedy(r.data(), j * t * c, t, c, keys);
            int idx = order[from + j];
            if (d.confidence() < DROP_SCORE) {
                continue;
            }
            double[] corners = boxes.get(idx).corners();
            List<OcrLine> parts = new ArrayList<>();
            for (int[] part : cells(d.text(), d.steps(), (double) bw / t, widths.get(idx))) {
                String text = normalise(d.text().substring(part[0], part[1]));
                if (!text.isEmpty()) {
                    parts.add(new OcrLine(text, d.confidence(), part.length > 2
                            ? slice(corners, part[2] / 1000.0, part[3] / 1000.0) : corners));
                }
            }
            out[idx] = parts.isEmpty() ? null : parts.toArray(new OcrLine[0]);
        }
    }

    /**
     * A gap between two characters of a line, in line heights beyond their own half widths, that parts two cells
     * the detector boxed as one line ("2021年     2022年"): the layout's own cell gap ({@link Layout#CELL_GAP}).
     */
    static final double SPLIT_GAP = Layout.CELL_GAP;

    /**
     * The runs of {@code text} that stand apart on the line: {@code [from, to)} character ranges, with the run's
     * left and right edge as thousandths of the crop's width when the line is parted. A character's position is
     * the time step it was read at ({@code stepPx} crop pixels a step, the crop {@code width} pixels wide and 48
     * high, the recogniser's input); a Han character is taken as one line height wide, others as about half. Public for
     * its test.
     */
    public static List<int[]> cells(String text, int[] steps, double stepPx, int width) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int prev = -1;
        for (int j = 0; j < text.length(); j++) {
            if (text.charAt(j) == ' ') {
                continue; // a blank read between two characters is measured by their positions
            }
            if (prev >= 0 && (steps[j] - steps[prev]) * stepPx - half(text.charAt(prev)) - half(text.charAt(j))
                    >= SPLIT_GAP * REC_HEIGHT) {
                out.add(edges(start, prev + 1, steps, stepPx, width, text));
                start = j;
            }
            prev = j;
        }
        if (out.isEmpty()) {
            out.add(new int[] { 0, text.length() });
            return out;
        }
        out.add(edges(start, text.length(), steps, stepPx, width, text));
        return out;
    }

    private static double half(char c) {
        return (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN ? 0.5 : 0.28) * REC_HEIGHT;
    }

    private static int[] edges(int from, int to, int[] steps, double stepPx, int width, String text) {
        int l = from;
        while (l < to - 1 && text.charAt(l) == ' ') {
            l++;
        }
        int r = to - 1;
        while (r > l && text.charAt(r) == ' ') {
            r--;
        }
        double x0 = Math.max(0, steps[l] * stepPx - half(text.charAt(l)) - 0.1 * REC_HEIGHT) / width;
        double x1 = Math.min(width, steps[r] * stepPx + half(text.charAt(r)) + 0.1 * REC_HEIGHT) / width;
        return new int[] { from, to, (int) Math.round(1000 * Math.min(1, x0)), (int) Math.round(1000 * Math.min(1, x1)) };
    }

    /** The part of a line's box from {@code f0} to {@code f1} of its length (corners clockwise from top left). */
    public static double[] slice(double[] c, double f0, double f1) {
        return new double[] { c[0] + (c[2] - c[0]) * f0, c[1] + (c[3] - c[1]) * f0, c[0] + (c[2] - c[0]) * f1,
                c[1] + (c[3] - c[1]) * f1, c[6] + (c[4] - c[6]) * f1, c[7] + (c[5] - c[7]) * f1,
                c[6] + (c[4] - c[6]) * f0, c[7] + (c[5] - c[7]) * f0 };
    }

    /** Runs {@code tasks} on the workers (or here, with one thread) and returns when all are done. */
    private void runAll(List<Callable<Void>> tasks) {
        ExecutorService pool = workers;
        if (pool == null || tasks.size() < 2) {
            for (Callable<Void> t : tasks) {
                try {
                    t.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return;
        }
        List<Future<Void>> done;
        try {
            done = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnclaveException.failure("OCR was interrupted.", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw EnclaveException.failure("OCR was stopped (the OCR service is shutting down).", e);
        }
        for (Future<Void> f : done) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EnclaveException.failure("OCR was interrupted.", e);
            } catch (java.util.concurrent.CancellationException e) {
                throw EnclaveException.failure("OCR was stopped (the OCR service is shutting down).", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static final java.util.regex.Pattern BAR = java.util.regex.Pattern.compile("\\s*[丨|]\\s*");
    private static final java.util.regex.Pattern GROUPING = java.util.regex.Pattern.compile("(?<=\\d)，(?=\\d{3}(?:\\D|$))");

    /**
     * What the recogniser reads in printed tables and amounts, written as printed: a rule or bar (read as the
     * radical 丨) is {@code " | "}, a thousands separator between digits (read as the full-width comma) is a comma.
     */
    static String normalise(String text) {
        String t = BAR.matcher(text.strip()).replaceAll(" | ");
        return GROUPING.matcher(t).replaceAll(",").strip();
    }

    /**
     * Turns the lines the right way up when the direction classifier finds most of the page's lines upside
     * down (each with probability above 0.9): a page is scanned one way up, and a single line the classifier
     * flips on its own (it does so to a clean English line now and then) is read as nonsense. The classifier
     * looks at up to {@link #CLS_SAMPLE} lines spread evenly over the page, not at every line: the majority of a
     * sample decides a page's direction as the majority of all its lines does.
     */
    private void classify(List<float[]> crops, List<Integer> widths) {
        int sample = Math.min(CLS_SAMPLE, crops.size());
        int[] picked = new int[sample];
        for (int i = 0; i < sample; i++) {
            picked[i] = (int) ((long) i * crops.size() / sample);
        }
        int batch = 16;
        int flipped = 0;
        for (int s = 0; s < sample; s += batch) {
            int nb = Math.min(batch, sample - s);
            float[] input = new float[nb * 3 * REC_HEIGHT * CLS_WIDTH];
            for (int j = 0; j < nb; j++) {
                float[] crop = crops.get(picked[s + j]);
                int cw = widths.get(picked[s + j]);
                int tw = Math.min(CLS_WIDTH, cw);
                float[] scaled = cw <= CLS_WIDTH ? crop : LineCrops.resize(crop, cw, REC_HEIGHT, tw, REC_HEIGHT);
                fill(input, j, scaled, tw, CLS_WIDTH);
            }
            OnnxNet.Result r = cls.run(input, nb, 3, REC_HEIGHT, CLS_WIDTH);
            for (int j = 0; j < nb; j++) {
                float p0 = r.data()[j * 2];
                float p1 = r.data()[j * 2 + 1];
                if (p1 > p0 && p1 > 0.9f) {
                    flipped++;
                }
            }
        }
        if (flipped * 2 <= sample) {
            return;
        }
        for (float[] crop : crops) {
            for (int a = 0, b = crop.length - 1; a < b; a++, b--) {
                float tmp = crop[a];
                crop[a] = crop[b];
                crop[b] = tmp;
            }
        }
    }

    /** Writes a grey crop of {@code cw} columns into slot {@code j} of a {@code [n,3,48,bw]} batch, normalised. */
    private static void fill(float[] input, int j, float[] crop, int cw, int bw) {
        int plane = REC_HEIGHT * bw;
        int base = j * 3 * plane;
        for (int y = 0; y < REC_HEIGHT; y++) {
            for (int x = 0; x < cw && x < bw; x++) {
                float v = (crop[y * cw + x] / 255f - 0.5f) / 0.5f;
                input[base + y * bw + x] = v;
                input[base + plane + y * bw + x] = v;
                input[base + 2 * plane + y * bw + x] = v;
            }
        }
    }

    @Override
    public List<OcrPage> readImages(Path file) {
        try {
            return readImages(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw EnclaveException.badInput(file + " does not exist.");
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public List<OcrPage> readImages(String name, byte[] bytes) {
        return readImages(name, bytes, null, Progress.silent());
    }

    @Override
    public List<OcrPage> readImages(String name, byte[] bytes, Cache cache, Progress progress) {
        List<OcrPage> cached = OcrCache.get(cache, bytes, -1);
        if (cached != null) {
            return cached;
        }
        ImagePages images = new ImagePages(name, bytes);
        return readPages(name, bytes, images.count(), images::decode, cache, progress);
    }

    /**
     * Pages of an image file, each checked against {@link Ocr#MAX_PIXELS} from its header before any pixels are
     * decoded; {@link #decode(int)} decodes one page when OCR reaches it, so that a long multi-page tiff is never
     * in memory whole.
     */
    static final class ImagePages {
        private final String name;
        private final byte[] bytes;
        private final int count;

        /**
         * @throws EnclaveException (bad input) naming {@code name} when the file is no image, declares a page
         *                          larger than {@link Ocr#MAX_PIXELS} or holds none
         */
        ImagePages(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
            this.count = read(-1).size();
        }

        int count() {
            return count;
        }

        /** Page {@code index}, decoded; corrupt or truncated data is a bad-input exception naming the file. */
        BufferedImage decode(int index) {
            return read(index).get(0);
        }

        /** With {@code index < 0}: a null per page, each page's size checked; else that page, decoded. */
        private List<BufferedImage> read(int index) {
            List<BufferedImage> images = new ArrayList<>();
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw EnclaveException.badInput(name + " is not an image this product reads (png, jpg, tiff, bmp).");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, false, true);
                    if (index >= 0) {
                        images.add(reader.read(index));
                        return images;
                    }
                    for (int i = 0; i < 10_000; i++) {
                        int w;
                        int h;
                        try {
                            w = reader.getWidth(i);
                            h = reader.getHeight(i);
                        } catch (IndexOutOfBoundsException e) {
                            break;
                        }
                        if ((long) w * h > MAX_PIXELS) {
                            throw EnclaveException.badInput(name + " declares an image of " + w + " × " + h
                                    + " pixels, more than the " + MAX_PIXELS / 1_000_000 + " million pixels OCR reads in one "
                                    + "image; scan it at a lower resolution.");
                        }
                        images.add(null);
                    }
                } finally {
                    reader.dispose();
                }
            } catch (EnclaveException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(name + " cannot be read as an image (corrupt or truncated): "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            if (images.isEmpty()) {
                throw EnclaveException.badInput(name + " holds no image.");
            }
            return images;
        }
    }
}
