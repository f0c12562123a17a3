package dev.enclave.knowledge.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.core.TextFiles;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.ocr.Ocr;
import dev.enclave.ocr.OcrBlock;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;

/**
 * Parsers for txt, md, html, pdf (PDFBox), docx and xlsx (POI), and through {@link Ocr} for images (png, jpg,
 * tiff, bmp) and the pages of a PDF without a text layer.
 */
@Component(service = DocumentParsers.class)
public final class DefaultDocumentParsers implements DocumentParsers {
    private static final Set<String> TYPES = Set.of("txt", "md", "html", "pdf", "docx", "xlsx", "png", "jpg", "tiff",
            "bmp");
    /** Resolution scanned PDF pages are rendered at for OCR. */
    static final float OCR_DPI = 200f;
    /** Most pixels a PDF page is rendered at for OCR (an A3 page at 200 dpi is 7.8 million). */
    static final long MAX_OCR_PIXELS = 40_000_000L;
    /** Most pages of one PDF read by OCR. */
    static final int MAX_OCR_PAGES = 500;
    /**
     * A page with fewer characters of text than this per square inch (an A4 page is 97 square inches) is taken
     * for a scan: a born-digital page of prose holds 20 to 40.
     */
    static final double MIN_CHARS_PER_SQUARE_INCH = 0.5;

    private volatile Ocr ocr;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setOcr(Ocr ocr) {
        this.ocr = ocr;
    }

    void unsetOcr(Ocr ocr) {
        if (this.ocr == ocr) {
            this.ocr = null;
        }
    }
    private static final long MAX_BYTES = 200L * 1024 * 1024;
    /** Deepest element nesting read from HTML (browsers stop at a few hundred too). */
    static final int MAX_HTML_DEPTH = 512;
    /** Most cells read from one workbook (a sheet of a million rows of ten columns). */
    static final long MAX_XLSX_CELLS = 10_000_000L;

    static {
        // The zip-bomb guards of POI, set explicitly: no entry inflating more than 100-fold or past 1 GB.
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(1024L * 1024 * 1024);
    }
    private static final Pattern HEADING_STYLE = Pattern.compile("(?i)(?:heading|标题)\\s*([1-9])");

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public String typeOf(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "txt", "text", "log", "csv" -> "txt";
            case "md", "markdown" -> "md";
            case "html", "htm", "xhtml" -> "html";
            case "pdf", "docx", "xlsx", "png", "bmp" -> ext;
            case "jpg", "jpeg" -> "jpg";
            case "tif", "tiff" -> "tiff";
            default -> null;
        };
    }

    @Override
    public ExtractedDocument parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + " is not a file.");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw EnclaveException.badInput(file + " is larger than 200 MB; split it first.");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(file.getFileName().toString(), in);
            }
        } catch (NoSuchFileException e) {
            throw EnclaveException.badInput(file + " does not exist.");
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public ExtractedDocument parse(String name, InputStream in) {
        return parse(null, name, in, Progress.silent());
    }

    @Override
    public ExtractedDocument parse(Workspace workspace, String name, InputStream in, Progress progress) {
        String type = typeOf(Path.of(name.replace('/', '_').replace('\\', '_')));
        if (type == null) {
            throw EnclaveException.badInput(name + " is not a supported document type (supported: txt, md, html, "
                    + "pdf, docx, xlsx, png, jpg, tiff, bmp).");
        }
        // Only the types OCR may read need the cache (and its setting checked).
        boolean ocrable = type.equals("pdf") || Ocr.IMAGE_TYPES.contains(type);
        Ocr.Cache ocrCache = workspace == null || !ocrable ? null : Ocr.Cache.of(workspace);
        ExtractedDocument doc;
        try {
            byte[] bytes = in.readAllBytes();
            doc = switch (type) {
                case "txt" -> txt(name, bytes);
                case "md" -> md(name, bytes);
                case "html" -> html(name, bytes);
                case "pdf" -> pdf(name, bytes, ocrCache, progress);
                case "docx" -> docx(name, bytes);
                case "xlsx" -> xlsx(name, bytes);
                case "png", "jpg", "tiff", "bmp" -> image(name, type, bytes, ocrCache, progress);
                default -> throw new IllegalStateException(type);
            };
        } catch (EnclaveException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw EnclaveException.badInput(name + " is nested too deeply to read as " + type + " (a structure inside "
                    + "it holds itself thousands of levels deep).");
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(name + " cannot be read as " + type + " (corrupt or not a " + type
                    + " file): " + firstLine(e));
        }
        if (doc.text().isBlank()) {
            throw EnclaveException.badInput(name + " contains no text" + ("pdf".equals(type)
                    ? " (a scanned PDF without a text layer needs OCR first)." : "."));
        }
        return doc;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        // A wrapped cause's message starts with its class name ("org.apache.xmlbeans.XmlException: error: …"):
        // the user gets what was wrong, not which class said so.
        return EXCEPTION_PREFIX.matcher(m).replaceFirst("");
    }

    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*"
            + "(?:Exception|Error): (?:error: )?");

    private static String decodeText(String name, byte[] bytes) {
        TextFiles.Decoded d = TextFiles.decode(bytes);
        if (d == null) {
            throw EnclaveException.badInput(name + " is not a text file in UTF-8, UTF-16, GBK or GB18030.");
        }
        return d.text();
    }

    private ExtractedDocument txt(String name, byte[] bytes) {
        TextFiles.Decoded d = TextFiles.decode(bytes);
        if (d == null) {
            throw EnclaveException.badInput(name + " is not a text file in UTF-8, UTF-16, GBK or GB18030.");
        }
        String text = d.text().replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
        return new ExtractedDocument(name, "txt", text, List.of(), d.charset());
    }

    private ExtractedDocument md(String name, byte[] bytes) {
        String src = decodeText(name, bytes).replace("\r\n", "\n").replace('\r', '\n');
        TextBuilder b = new TextBuilder();
        StringBuilder para = new StringBuilder();
        List<List<String>> table = new ArrayList<>();
        boolean fence = false;
        for (String line : src.split("\n", -1)) {
            String t = line.strip();
            if (t.startsWith("```") || t.startsWith("~~~")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                para.append(line).append('\n');
                continue;
            }
            if (t.startsWith("|") && t.length() > 1) {
                flushPara(b, para);
                String inner = t.substring(1, t.endsWith("|") && t.length() > 1 ? t.length() - 1 : t.length());
                if (inner.matches("[\\s:|-]+")) {
                    continue; // the |---|---| separator
                }
                List<String> cells = new ArrayList<>();
                for (String c : inner.split("\\|", -1)) {
                    cells.add(c.strip());
                }
                table.add(cells);
                continue;
            }
            if (!table.isEmpty()) {
                b.table(table);
                table.clear();
            }
            String[] heading = mdHeading(t);
            if (heading != null) {
                flushPara(b, para);
                b.heading(heading[0].length(), heading[1]);
            } else if (t.isEmpty()) {
                flushPara(b, para);
            } else {
                para.append(t).append('\n');
            }
        }
        if (!table.isEmpty()) {
            b.table(table);
        }
        flushPara(b, para);
        return b.build(name, "md", null);
    }

    /**
     * An ATX heading ({@code ## Title ##}) as {marks, title}, or null: parsed by hand in linear time (a
     * regular expression with a lazy group backtracks quadratically on long lines of spaces or marks).
     */
    static String[] mdHeading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '#') {
            n++;
        }
        if (n < 1 || n > 6 || n == line.length() || !Character.isWhitespace(line.charAt(n))) {
            return null;
        }
        int end = line.length();
        while (end > n && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        int closing = end;
        while (closing > n && line.charAt(closing - 1) == '#') {
            closing--;
        }
        end = closing;
        while (end > n && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        int start = n;
        while (start < end && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        return new String[] { line.substring(0, n), line.substring(start, end) };
    }

    private static void flushPara(TextBuilder b, StringBuilder para) {
        if (para.length() > 0) {
            b.paragraph(para.toString());
            para.setLength(0);
        }
    }

    private ExtractedDocument html(String name, byte[] bytes) throws IOException {
        if (tagDepth(bytes) > 4 * MAX_HTML_DEPTH) {
            // Refused before jsoup builds a tree hundreds of thousands of elements deep (seconds, and memory).
            throw EnclaveException.badInput(name + " nests HTML elements more than " + MAX_HTML_DEPTH
                    + " deep; it cannot be read as a document.");
        }
        org.jsoup.nodes.Document doc = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
        TextBuilder b = new TextBuilder();
        StringBuilder para = new StringBuilder();
        walk(doc.body() == null ? doc : doc.body(), b, para, 0, name);
        flushPara(b, para);
        return b.build(name, "html", null);
    }

    /** Elements that have no end tag or whose end tag is commonly left out: not counted by {@link #tagDepth}. */
    private static final Set<String> UNNESTED = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "param", "source", "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option",
            "html", "head", "body", "tbody", "thead", "tfoot", "colgroup", "rp", "rt", "optgroup", "caption", "!doctype");

    /**
     * The deepest nesting of start and end tags in the raw bytes, in one linear pass (an estimate: elements
     * without end tags are not counted, comments and scripts are not skipped).
     */
    static int tagDepth(byte[] b) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < b.length - 1; i++) {
            if (b[i] != '<') {
                continue;
            }
            boolean end = b[i + 1] == '/';
            int j = end ? i + 2 : i + 1;
            int k = j;
            while (k < b.length && k - j < 16 && (Character.isLetterOrDigit(b[k]) || b[k] == '!')) {
                k++;
            }
            if (k == j) {
                continue;
            }
            String tag = new String(b, j, k - j, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (UNNESTED.contains(tag) || tag.startsWith("!")) {
                continue;
            }
            // A self-closing tag (<x/>) does not nest.
            int close = k;
            while (close < b.length && close - k < 4096 && b[close] != '>') {
                close++;
            }
            if (!end && close < b.length && b[close] == '>' && b[close - 1] == '/') {
                continue;
            }
            depth = end ? Math.max(0, depth - 1) : depth + 1;
            max = Math.max(max, depth);
        }
        return max;
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "section", "article", "header",
            "footer", "main", "blockquote", "pre", "dd", "dt", "dl", "br", "nav", "aside", "figure", "figcaption",
            "caption", "form", "hr", "address");

    private static void walk(Element e, TextBuilder b, StringBuilder para, int depth, String name) {
        if (depth > MAX_HTML_DEPTH) {
            throw EnclaveException.badInput(name + " nests HTML elements more than " + MAX_HTML_DEPTH
                    + " deep; it cannot be read as a document.");
        }
        for (Node n : e.childNodes()) {
            if (n instanceof TextNode tn) {
                para.append(tn.getWholeText());
            } else if (n instanceof Element c) {
                String tag = c.tagName().toLowerCase(Locale.ROOT);
                if (tag.equals("script") || tag.equals("style") || tag.equals("noscript") || tag.equals("template")) {
                    continue;
                }
                if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                    flushHtmlPara(b, para);
                    b.heading(tag.charAt(1) - '0', c.text());
                } else if (tag.equals("table")) {
                    flushHtmlPara(b, para);
                    List<List<String>> rows = new ArrayList<>();
                    for (Element tr : c.select("tr")) {
                        if (tr.closest("table") != c) {
                            continue;
                        }
                        List<String> cells = new ArrayList<>();
                        for (Element cell : tr.children()) {
                            if (cell.tagName().equals("td") || cell.tagName().equals("th")) {
                                cells.add(cell.text());
                            }
                        }
                        rows.add(cells);
                    }
                    b.table(rows);
                } else if (BLOCKS.contains(tag)) {
                    flushHtmlPara(b, para);
                    walk(c, b, para, depth + 1, name);
                    flushHtmlPara(b, para);
                } else {
                    walk(c, b, para, depth + 1, name);
                }
            }
        }
    }

    private static void flushHtmlPara(TextBuilder b, StringBuilder para) {
        String t = TextBuilder.clean(para.toString());
        para.setLength(0);
        if (!t.isEmpty()) {
            b.paragraph(t);
        }
    }

    private ExtractedDocument pdf(String name, byte[] bytes, Ocr.Cache ocrCache, Progress progress) throws IOException {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            // First every page's text layer, so that a PDF of thousands of scanned pages is refused before any OCR.
            int pages = doc.getNumberOfPages();
            String[] texts = new String[pages];
            boolean[] scan = new boolean[pages];
            float[] dpis = new float[pages];
            int scanned = 0;
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                texts[page - 1] = stripper.getText(doc);
                PDRectangle box = doc.getPage(page - 1).getMediaBox();
                double squareInches = Math.max(1, box.getWidth() / 72.0 * box.getHeight() / 72.0);
                scan[page - 1] = texts[page - 1].replaceAll("\\s+", "").length() < MIN_CHARS_PER_SQUARE_INCH * squareInches
                        && hasImages(doc.getPage(page - 1));
                if (scan[page - 1] && ++scanned > MAX_OCR_PAGES) {
                    throw EnclaveException.badInput(name + " has more than " + MAX_OCR_PAGES + " scanned pages; "
                            + "split it first.");
                }
                double pixels = squareInches * OCR_DPI * OCR_DPI;
                dpis[page - 1] = pixels > MAX_OCR_PIXELS ? (float) (OCR_DPI * Math.sqrt(MAX_OCR_PIXELS / pixels)) : OCR_DPI;
            }
            TextBuilder b = new TextBuilder();
            List<OcrPage> read = List.of();
            if (scanned > 0) {
                // Page by page (one rendering in memory at a time), cached by the file's content.
                PDFRenderer renderer = new PDFRenderer(doc);
                int[] scans = new int[scanned];
                for (int page = 0, k = 0; page < pages; page++) {
                    if (scan[page]) {
                        scans[k++] = page;
                    }
                }
                read = ocr(name).readPages(name, bytes, scanned,
                        k -> renderer.renderImageWithDPI(scans[k], dpis[scans[k]], ImageType.GRAY), ocrCache, progress);
            }
            for (int page = 1, k = 0; page <= pages; page++) {
                if (scan[page - 1]) {
                    ocrPage(b, read.get(k++), page - 1);
                    continue;
                }
                for (String p : texts[page - 1].split("\n\\s*\n")) {
                    b.paragraph(p.replaceAll("[ \\t]+\n", "\n"));
                }
            }
            return b.build(name, "pdf", null);
        } catch (InvalidPasswordException e) {
            throw EnclaveException.badInput(name + " is an encrypted PDF; give a copy without a password.");
        }
    }

    @Override
    public BufferedImage renderPage(Path file, int page, int width) {
        String type = typeOf(file);
        if (type == null || !(type.equals("pdf") || Ocr.IMAGE_TYPES.contains(type))) {
            throw EnclaveException.badInput(file + " is not a PDF or an image; it has no pages to show.");
        }
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + " does not exist (moved or deleted since it was read).");
        }
        int wanted = Math.clamp(width, 64, 4000);
        try {
            if (type.equals("pdf")) {
                try (PDDocument doc = Loader.loadPDF(file.toFile())) {
                    checkPage(file, page, doc.getNumberOfPages());
                    PDPage p = doc.getPage(page);
                    PDRectangle crop = p.getCropBox();
                    float points = p.getRotation() % 180 == 0 ? crop.getWidth() : crop.getHeight();
                    float dpi = (float) Math.min(OCR_DPI * 2, wanted / Math.max(1, points / 72.0));
                    return new PDFRenderer(doc).renderImageWithDPI(page, dpi, ImageType.RGB);
                }
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw EnclaveException.badInput(file + " is not an image this installation can read.");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in);
                    checkPage(file, page, reader.getNumImages(true));
                    int w = reader.getWidth(page);
                    long pixels = (long) w * reader.getHeight(page);
                    if (pixels > Ocr.MAX_PIXELS) {
                        throw EnclaveException.badInput(file + " is too large to show (" + pixels + " pixels).");
                    }
                    ImageReadParam param = reader.getDefaultReadParam();
                    int step = Math.max(1, w / wanted);
                    param.setSourceSubsampling(step, step, 0, 0);
                    return reader.read(page, param);
                } finally {
                    reader.dispose();
                }
            }
        } catch (EnclaveException e) {
            throw e;
        } catch (InvalidPasswordException e) {
            throw EnclaveException.badInput(file + " is an encrypted PDF; its pages cannot be shown.");
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " cannot be shown (corrupt or not a " + type + " file): "
                    + firstLine(e));
        }
    }

    private static void checkPage(Path file, int page, int pages) {
        if (page < 0 || page >= pages) {
            throw EnclaveException.badInput(file + " has no page " + (page + 1) + " (it has " + pages + ").");
        }
    }

    /** Whether a page draws any image (a scan does; a blank page does not). */
    private static boolean hasImages(PDPage page) throws IOException {
        PDResources res = page.getResources();
        if (res == null) {
            return false;
        }
        for (COSName n : res.getXObjectNames()) {
            if (res.isImageXObject(n) || res.getXObject(n) instanceof PDFormXObject) {
                return true;
            }
        }
        return false;
    }

    private Ocr ocr(String name) {
        Ocr o = ocr;
        if (o == null) {
            throw EnclaveException.badInput(name + " is a scan and needs OCR, which is not running in this "
                    + "installation (plugins/dev.enclave.ocr).");
        }
        return o;
    }

    /** An image file, every page (multi-page tiff) read by OCR. */
    private ExtractedDocument image(String name, String type, byte[] bytes, Ocr.Cache ocrCache, Progress progress) {
        TextBuilder b = new TextBuilder();
        int index = 0;
        for (OcrPage page : ocr(name).readImages(name, bytes, ocrCache, progress)) {
            ocrPage(b, page, index++);
        }
        return b.build(name, type, null);
    }

    /**
     * An OCR page's blocks as paragraphs: a table's rows on lines of their own with cells separated by
     * {@code " | "}, as the text reports the credit-audit pack reads write them (the {@code header: value} form
     * of born-digital tables would mangle the key/value grids of scanned forms, whose first row is no header),
     * and wrapped lines joined. Each line's place on the page is recorded as a region of the text ({@code page}
     * is the file's 0-based page), so viewers can show the page with cited lines highlighted.
     */
    private static void ocrPage(TextBuilder b, OcrPage page, int pageIndex) {
        double w = Math.max(1, page.width());
        double h = Math.max(1, page.height());
        for (OcrBlock block : page.blocks()) {
            String t = block.text();
            int start = b.paragraph(t);
            if (start < 0) {
                continue;
            }
            int lead = 0;
            while (lead < t.length() && Character.isWhitespace(t.charAt(lead))) {
                lead++;
            }
            // The block's text is its lines in order, joined: find each one after the one before.
            int cursor = lead;
            for (List<OcrLine> row : block.rows()) {
                for (OcrLine line : row) {
                    String lt = line.text().strip();
                    int at = lt.isEmpty() ? -1 : t.indexOf(lt, cursor);
                    if (at < 0) {
                        continue;
                    }
                    cursor = at + lt.length();
                    double x = Math.clamp(line.left() / w, 0, 1);
                    double y = Math.clamp(line.top() / h, 0, 1);
                    b.region(new TextRegion(start + at - lead, start + cursor - lead, pageIndex, x, y,
                            Math.clamp(line.right() / w, 0, 1) - x, Math.clamp(line.bottom() / h, 0, 1) - y));
                }
            }
        }
    }

    private ExtractedDocument docx(String name, byte[] bytes) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            TextBuilder b = new TextBuilder();
            for (IBodyElement el : doc.getBodyElements()) {
                if (el instanceof XWPFParagraph p) {
                    int level = headingLevel(doc, p);
                    if (level > 0) {
                        b.heading(level, p.getText());
                    } else {
                        b.paragraph(p.getText());
                    }
                } else if (el instanceof XWPFTable t) {
                    List<List<String>> rows = new ArrayList<>();
                    for (XWPFTableRow r : t.getRows()) {
                        List<String> cells = new ArrayList<>();
                        for (XWPFTableCell c : r.getTableCells()) {
                            cells.add(c.getText());
                        }
                        rows.add(cells);
                    }
                    b.table(rows);
                }
            }
            return b.build(name, "docx", null);
        }
    }

    private static int headingLevel(XWPFDocument doc, XWPFParagraph p) {
        String id = p.getStyleID();
        if (id == null) {
            return 0;
        }
        Matcher m = HEADING_STYLE.matcher(id);
        if (m.find()) {
            return m.group(1).charAt(0) - '0';
        }
        if (id.equalsIgnoreCase("Title")) {
            return 1;
        }
        XWPFStyle style = doc.getStyles() == null ? null : doc.getStyles().getStyle(id);
        if (style != null && style.getName() != null) {
            m = HEADING_STYLE.matcher(style.getName());
            if (m.find()) {
                return m.group(1).charAt(0) - '0';
            }
        }
        return 0;
    }

    /**
     * A workbook read with POI's streaming reader (SAX over each sheet, shared strings read-only), so that a
     * sheet of hundreds of thousands of rows costs its text, not a object per cell; formulas give their cached
     * results.
     */
    private ExtractedDocument xlsx(String name, byte[] bytes) throws IOException {
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(bytes))) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            DataFormatter fmt = new DataFormatter(Locale.ROOT);
            TextBuilder b = new TextBuilder();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            long[] cells = { 0 };
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    List<List<String>> rows = new ArrayList<>();
                    XSSFSheetXMLHandler.SheetContentsHandler rowsOut = new XSSFSheetXMLHandler.SheetContentsHandler() {
                        private List<String> row;

                        @Override
                        public void startRow(int rowNum) {
                            row = new ArrayList<>();
                        }

                        @Override
                        public void endRow(int rowNum) {
                            rows.add(row);
                        }

                        @Override
                        public void cell(String ref, String value, XSSFComment comment) {
                            if (++cells[0] > MAX_XLSX_CELLS) {
                                throw EnclaveException.badInput(name + " holds more than " + MAX_XLSX_CELLS
                                        + " cells; split it first.");
                            }
                            int col = ref == null ? row.size() : new CellReference(ref).getCol();
                            while (row.size() < col) {
                                row.add("");
                            }
                            row.add(value == null ? "" : value);
                        }
                    };
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rowsOut, fmt, false));
                    xml.parse(new InputSource(sheet));
                    b.heading(1, sheets.getSheetName());
                    b.table(rows);
                }
            }
            return b.build(name, "xlsx", null);
        } catch (OpenXML4JException | SAXException | ParserConfigurationException e) {
            throw EnclaveException.badInput(name + " cannot be read as xlsx (corrupt or not an xlsx file): "
                    + firstLine(e));
        }
    }
}
