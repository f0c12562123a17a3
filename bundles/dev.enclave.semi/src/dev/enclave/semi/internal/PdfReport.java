package dev.enclave.semi.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import dev.enclave.semi.WaferLibrary.StoredMap;

/**
 * Writes a {@link ReportContent} as PDF with PDFBox. Latin text uses Helvetica; Chinese
 * text uses a CJK TrueType font found on this machine ({@code fc-list :lang=zh}), embedded
 * as a subset. Without one the report is English only. Nothing is downloaded.
 */
final class PdfReport implements Closeable {
    /** System property naming a CJK font file to use, or {@code none} for English only. */
    static final String FONT_PROPERTY = "enclave.report.cjkFont";
    private static final float MARGIN = 48, PAGE_W = PDRectangle.A4.getWidth(), PAGE_H = PDRectangle.A4.getHeight();

    private final PDDocument doc = new PDDocument();
    private final PDFont latin = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont latinBold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDFont cjk;
    private final String cjkName;
    private TrueTypeCollection collection;
    private PDPageContentStream cs;
    private float y;

    PdfReport() throws IOException {
        PDFont found = null;
        String name = null;
        for (Path f : cjkFonts()) {
            try {
                found = load(f);
                name = f.toString();
                break;
            } catch (IOException | RuntimeException e) {
                // Not loadable (a CFF OpenType font, a broken file): try the next one.
            }
        }
        cjk = found;
        cjkName = name;
    }

    /** The CJK font file in use, or {@code null}. */
    String chineseFont() {
        return cjkName;
    }

    private PDFont load(Path f) throws IOException {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".ttc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(f.toFile());
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(ttf -> {
                if (first[0] == null) {
                    first[0] = ttf;
                }
            });
            if (first[0] == null) {
                ttc.close();
                throw new IOException("empty collection");
            }
            PDFont font = PDType0Font.load(doc, first[0], true);
            font.getStringWidth("良率");
            collection = ttc;
            return font;
        }
        PDFont font = PDType0Font.load(doc, f.toFile());
        font.getStringWidth("良率");
        return font;
    }

    /** CJK TrueType fonts on this machine, TrueType files before collections. */
    static List<Path> cjkFonts() {
        String forced = System.getProperty(FONT_PROPERTY);
        if (forced != null) {
            return forced.equalsIgnoreCase("none") ? List.of() : List.of(Path.of(forced));
        }
        List<Path> ttf = new ArrayList<>(), ttc = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("fc-list", ":lang=zh", "file").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            p.waitFor(20, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                String file = line.strip();
                if (file.endsWith(":")) {
                    file = file.substring(0, file.length() - 1);
                }
                String lower = file.toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(Path.of(file))) {
                    continue;
                }
                if (lower.endsWith(".ttf")) {
                    ttf.add(Path.of(file));
                } else if (lower.endsWith(".ttc")) {
                    ttc.add(Path.of(file));
                }
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        ttf.sort(null);
        ttc.sort(null);
        ttf.addAll(ttc);
        return ttf;
    }

    void write(ReportContent c, Path out) throws IOException {
        newPage();
        line(c.title.en(), 20, true);
        if (cjk != null) {
            line(c.title.zh(), 15, true);
        }
        line(text(c.scope) + "   ·   " + c.maps.size() + (cjk != null ? " wafers / 片晶圆" : " wafers"), 10, false);
        y -= 6;
        heading(new ReportContent.Text("Summary and notes", "摘要与备注"));
        for (ReportContent.Text n : c.notes) {
            wrapped("• " + n.en(), 10);
            if (cjk != null && !n.zh().equals(n.en())) {
                wrapped("  " + n.zh(), 10);
            }
        }
        heading(new ReportContent.Text("Yield per lot", "各批次良率"));
        table(ReportContent.LOT_HEADER, c.lotRows(), new float[] { 3, 1, 1.3f, 1.3f, 1.3f });
        heading(new ReportContent.Text("Yield trend", "良率趋势"));
        image(ImageIO.read(new ByteArrayInputStream(c.trendPng)), PAGE_W - 2 * MARGIN);
        heading(new ReportContent.Text("Defect pattern counts", "缺陷模式统计"));
        table(ReportContent.PATTERN_HEADER, c.patternRows(), new float[] { 2, 1, 1, 1 });
        image(ImageIO.read(new ByteArrayInputStream(c.paretoPng)), PAGE_W - 2 * MARGIN);
        heading(new ReportContent.Text("Classifier findings", "分类器发现"));
        if (c.findings.isEmpty()) {
            wrapped("No map below the confidence threshold and no label disagreement."
                    + (cjk != null ? " / 没有低置信度或标签不一致的晶圆图。" : ""), 10);
        } else {
            table(ReportContent.FINDING_HEADER, c.findings.stream()
                    .map(f -> List.of(f.wafer(), f.lot() == null ? "" : f.lot(), f.predicted(),
                            String.format("%.2f", f.confidence()), f.reason().en()))
                    .toList(), new float[] { 1.4f, 1.2f, 1.1f, 1, 3.5f });
        }
        heading(new ReportContent.Text("Yield per wafer", "各晶圆良率"));
        table(ReportContent.WAFER_HEADER, c.waferRows(), new float[] { 1.6f, 1.2f, 2.2f, 0.8f, 0.8f, 1, 1.1f, 1 });
        heading(new ReportContent.Text("Wafer maps", "晶圆图"));
        List<StoredMap> images = c.imageMaps();
        int perRow = 5;
        float cell = (PAGE_W - 2 * MARGIN) / perRow;
        for (int i = 0; i < images.size(); i += perRow) {
            ensure(cell + 20);
            for (int j = i; j < Math.min(images.size(), i + perRow); j++) {
                StoredMap s = images.get(j);
                PDImageXObject img = LosslessFactory.createFromImage(doc, WaferRenderer.map(s.map(), 200));
                float x = MARGIN + (j - i) * cell;
                cs.drawImage(img, x + 6, y - cell + 18, cell - 12, cell - 12);
                // Two lines, each fitted to its cell, so neighbouring captions never run into each other.
                float room = cell - 8;
                caption(s.map().id(), x + 4, y - cell + 9, room);
                caption(ReportContent.percent(s.map().yield()) + " " + s.predicted(), x + 4, y - cell + 1, room);
            }
            y -= cell + 14;
        }
        cs.close();
        cs = null;
        doc.save(out.toFile());
    }

    private String text(ReportContent.Text t) {
        return cjk != null ? t.both() : t.en();
    }

    private void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = PAGE_H - MARGIN;
    }

    private void ensure(float h) throws IOException {
        if (y - h < MARGIN) {
            newPage();
        }
    }

    private void heading(ReportContent.Text t) throws IOException {
        y -= 8;
        ensure(40);
        line(text(t), 13, true);
        y -= 2;
    }

    private void line(String s, float size, boolean bold) throws IOException {
        ensure(size + 4);
        y -= size + 2;
        show(s, MARGIN, y, size, bold);
        y -= 4;
    }

    private void wrapped(String s, float size) throws IOException {
        float max = PAGE_W - 2 * MARGIN;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            cur.append(s.charAt(i));
            if (width(cur.toString(), size, false) > max) {
                int cut = cur.lastIndexOf(" ");
                if (cut <= 0 || isCjk(cur.charAt(cur.length() - 1))) {
                    cut = cur.length() - 1;
                }
                line(cur.substring(0, cut), size, false);
                cur.delete(0, cut);
                while (!cur.isEmpty() && cur.charAt(0) == ' ') {
                    cur.deleteCharAt(0);
                }
            }
        }
        if (!cur.isEmpty()) {
            line(cur.toString(), size, false);
        }
    }

    private void table(List<ReportContent.Text> header, List<List<String>> rows, float[] weights) throws IOException {
        float total = 0;
        for (float w : weights) {
            total += w;
        }
        float[] xs = new float[weights.length + 1];
        xs[0] = MARGIN;
        for (int i = 0; i < weights.length; i++) {
            xs[i + 1] = xs[i] + (PAGE_W - 2 * MARGIN) * weights[i] / total;
        }
        float rowH = 13, size = 8;
        float headH = cjk != null ? 2 * rowH : rowH;
        ensure(headH + rowH);
        headerRow(header, xs, headH, size);
        for (List<String> r : rows) {
            if (y - rowH < MARGIN) {
                newPage();
                headerRow(header, xs, headH, size);
            }
            for (int i = 0; i < r.size(); i++) {
                show(fit(r.get(i), xs[i + 1] - xs[i] - 4, size), xs[i] + 2, y - rowH + 3.5f, size, false);
            }
            cs.setStrokingColor(0.85f, 0.85f, 0.85f);
            cs.moveTo(MARGIN, y - rowH);
            cs.lineTo(PAGE_W - MARGIN, y - rowH);
            cs.stroke();
            y -= rowH;
        }
        y -= 6;
    }

    private void headerRow(List<ReportContent.Text> header, float[] xs, float h, float size) throws IOException {
        cs.setNonStrokingColor(0.85f, 0.89f, 0.95f);
        cs.addRect(MARGIN, y - h, PAGE_W - 2 * MARGIN, h);
        cs.fill();
        cs.setNonStrokingColor(0f, 0f, 0f);
        for (int i = 0; i < header.size(); i++) {
            float w = xs[i + 1] - xs[i] - 4;
            if (cjk != null) {
                show(fit(header.get(i).en(), w, size), xs[i] + 2, y - 10, size, true);
                show(fit(header.get(i).zh(), w, size), xs[i] + 2, y - 23, size, true);
            } else {
                show(fit(header.get(i).en(), w, size), xs[i] + 2, y - 9.5f, size, true);
            }
        }
        y -= h;
    }

    private String fit(String s, float w, float size) throws IOException {
        if (width(s, size, false) <= w) {
            return s;
        }
        String t = s;
        while (!t.isEmpty() && width(t + "…", size, false) > w) {
            t = t.substring(0, t.length() - 1);
        }
        return t + (cjk != null || latin.getStringWidth("…") > 0 ? "…" : "");
    }

    private void image(BufferedImage img, float width) throws IOException {
        float h = width * img.getHeight() / img.getWidth();
        ensure(h + 4);
        PDImageXObject x = LosslessFactory.createFromImage(doc, img);
        cs.drawImage(x, MARGIN, y - h, width, h);
        y -= h + 6;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef);
    }

    /** Runs of one font: CJK characters in the CJK font, the rest in Helvetica (unencodable: '?'). */
    private List<Object[]> runs(String s, boolean bold) {
        List<Object[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        PDFont curFont = null;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            PDFont f;
            String ch;
            if (isCjk(cp)) {
                f = cjk != null ? cjk : (bold ? latinBold : latin);
                ch = cjk != null ? new String(Character.toChars(cp)) : "?";
            } else {
                f = bold ? latinBold : latin;
                ch = cp == '…' || cp == '•' || cp == '·' || (cp >= 32 && cp < 127) || (cp >= 0xa0 && cp <= 0xff)
                        ? new String(Character.toChars(cp)) : "?";
            }
            if (f != curFont && !cur.isEmpty()) {
                out.add(new Object[] { curFont, cur.toString() });
                cur.setLength(0);
            }
            curFont = f;
            cur.append(ch);
        }
        if (!cur.isEmpty()) {
            out.add(new Object[] { curFont, cur.toString() });
        }
        return out;
    }

    private float width(String s, float size, boolean bold) throws IOException {
        float w = 0;
        for (Object[] r : runs(s, bold)) {
            w += ((PDFont) r[0]).getStringWidth((String) r[1]) / 1000 * size;
        }
        return w;
    }

    /** A caption of at most {@code room} points: 7 pt, smaller down to 5 pt, then cut with "…". */
    private void caption(String s, float x, float yy, float room) throws IOException {
        float size = 7;
        while (size > 5 && width(s, size) > room) {
            size -= 0.5f;
        }
        String t = s;
        while (t.length() > 1 && width(t, size) > room) {
            t = t.substring(0, t.length() - (t.endsWith("…") ? 2 : 1)) + "…";
        }
        show(t, x, yy, size, false);
    }

    private float width(String s, float size) throws IOException {
        float w = 0;
        for (Object[] r : runs(s, false)) {
            w += ((PDFont) r[0]).getStringWidth((String) r[1]) / 1000 * size;
        }
        return w;
    }

    private void show(String s, float x, float yy, float size, boolean bold) throws IOException {
        float cx = x;
        for (Object[] r : runs(s, bold)) {
            PDFont f = (PDFont) r[0];
            cs.beginText();
            cs.setFont(f, size);
            cs.newLineAtOffset(cx, yy);
            cs.showText((String) r[1]);
            cs.endText();
            cx += f.getStringWidth((String) r[1]) / 1000 * size;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            doc.close();
        } finally {
            if (collection != null) {
                collection.close();
            }
        }
    }

    static File file(Path p) {
        return p.toFile();
    }
}
