package dev.enclave.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates hostile input files of the classes a security review threw at the product (not committed
 * blobs: each is written on demand, small on disk even where it claims to be huge), and good files to
 * go with them. Needs no parser library: PDFs, docx and xlsx are written byte by byte.
 *
 * <p>Every generator returns the file it wrote. {@link #hostileIngestBatch(Path)} writes one of each
 * ingest class into a folder; {@link #goodIngestBatch(Path)} writes small valid documents, each holding
 * a marker word that a search can find.
 */
public final class HostileFiles {
    private HostileFiles() {
    }

    /** Markdown with {@code n} headings (one line each). */
    public static Path markdownHeadings(Path file, int n) throws IOException {
        StringBuilder b = new StringBuilder(n * 12);
        for (int i = 0; i < n; i++) {
            b.append("#".repeat(1 + i % 6)).append(" h").append(i).append('\n');
        }
        return write(file, b.toString());
    }

    /** A markdown table of {@code rows} rows. */
    public static Path markdownTable(Path file, int rows) throws IOException {
        StringBuilder b = new StringBuilder(rows * 24);
        b.append("| lot | value |\n|---|---|\n");
        for (int i = 0; i < rows; i++) {
            b.append("| L").append(i).append(" | ").append(i % 997).append(" |\n");
        }
        return write(file, b.toString());
    }

    /** A markdown heading line that makes backtracking patterns quadratic: '#', then many spaces and marks. */
    public static Path markdownBacktracking(Path file, int n) throws IOException {
        return write(file, "# " + " #".repeat(n) + " x\n\nbody text\n");
    }

    /** HTML whose elements nest {@code depth} deep. */
    public static Path htmlNested(Path file, int depth) throws IOException {
        StringBuilder b = new StringBuilder(depth * 11 + 64);
        b.append("<html><body>");
        b.append("<div>".repeat(depth)).append("deep").append("</div>".repeat(depth));
        return write(file, b.append("</body></html>").toString());
    }

    /** A PDF whose page dictionary holds an array nested {@code depth} deep. */
    public static Path pdfNestedArrays(Path file, int depth) throws IOException {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        return Files.write(file, pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep " + nested + " >>")));
    }

    /** A small valid PDF with one page of text (Helvetica). */
    public static Path pdfText(Path file, String text) throws IOException {
        String content = "BT /F1 12 Tf 72 720 Td (" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                + ") Tj ET";
        return Files.write(file, pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
                        + "/Contents 4 0 R >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")));
    }

    /** PDF bytes of the given objects (numbered from 1; object 1 is the catalog), with a correct xref table. */
    private static byte[] pdf(List<String> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder b = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(b.length());
            b.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = b.length();
        b.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int o : offsets) {
            b.append(String.format("%010d 00000 n \n", o));
        }
        b.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** A sparse file of {@code bytes} length (nothing written: it takes no disk space where sparse files exist). */
    public static Path sparse(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** An xlsx (written as its XML parts) with one sheet of {@code rows} rows of two inline-string cells. */
    public static Path xlsxRows(Path file, int rows) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.worksheet+xml\"/></Types>"));
        parts.put("_rels/.rels", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
        parts.put("xl/workbook.xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<sheets><sheet name=\"Lots\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
        parts.put("xl/_rels/workbook.xml.rels", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
        StringBuilder sheet = new StringBuilder(rows * 90 + 256);
        sheet.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\"><sheetData>");
        for (int r = 1; r <= rows; r++) {
            String a = r == 1 ? "lot" : "L" + r;
            String b = r == 1 ? "yield" : Integer.toString(r % 97);
            sheet.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"inlineStr\"><is><t>")
                    .append(a).append("</t></is></c><c r=\"B").append(r).append("\" t=\"inlineStr\"><is><t>").append(b)
                    .append("</t></is></c></row>");
        }
        sheet.append("</sheetData></worksheet>");
        parts.put("xl/worksheets/sheet1.xml", utf8(sheet.toString()));
        return zip(file, parts);
    }

    /** A docx whose document part inflates {@code inflatedBytes} of spaces from a few hundred KB (a zip bomb). */
    public static Path docxZipBomb(Path file, long inflatedBytes) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            docxSkeleton(z);
            z.putNextEntry(new ZipEntry("word/document.xml"));
            z.write(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
                    + "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (long n = 0; n < inflatedBytes; n += spaces.length) {
                z.write(spaces);
            }
            z.write(utf8("</w:t></w:r></w:p></w:body></w:document>"));
            z.closeEntry();
        }
        return file;
    }

    /** A docx whose document part declares nested entities ("billion laughs"). */
    public static Path docxEntityExpansion(Path file) throws IOException {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE w:document [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 12; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            docxSkeleton(z);
            z.putNextEntry(new ZipEntry("word/document.xml"));
            z.write(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + dtd + "<w:document xmlns:w=\"http://schemas."
                    + "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&a11;</w:t></w:r></w:p>"
                    + "</w:body></w:document>"));
            z.closeEntry();
        }
        return file;
    }

    private static void docxSkeleton(ZipOutputStream z) throws IOException {
        z.putNextEntry(new ZipEntry("[Content_Types].xml"));
        z.write(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.wordprocessingml.document.main+xml\"/></Types>"));
        z.closeEntry();
        z.putNextEntry(new ZipEntry("_rels/.rels"));
        z.write(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"));
        z.closeEntry();
    }

    /** Bytes that are no document at all, under a document's name. */
    public static Path garbage(Path file, int bytes, long seed) throws IOException {
        byte[] b = new byte[bytes];
        new java.util.Random(seed).nextBytes(b);
        return Files.write(file, b);
    }

    /** A symbolic link named {@code link} to {@code target} (typically outside the folder being ingested). */
    public static Path symlink(Path link, Path target) throws IOException {
        return Files.createSymbolicLink(link, target);
    }

    /**
     * One hostile file of each ingest class in {@code dir}, by file name: what each is, for messages. A
     * symbolic link out of the folder is included where the file system allows links.
     */
    public static Map<String, String> hostileIngestBatch(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> out = new LinkedHashMap<>();
        markdownHeadings(dir.resolve("headings.md"), 200_000);
        out.put("headings.md", "markdown with 200,000 headings");
        markdownTable(dir.resolve("table.md"), 300_000);
        out.put("table.md", "markdown table of 300,000 rows");
        htmlNested(dir.resolve("nested.html"), 200_000);
        out.put("nested.html", "HTML nested 200,000 deep");
        pdfNestedArrays(dir.resolve("arrays.pdf"), 100_000);
        out.put("arrays.pdf", "PDF with arrays nested 100,000 deep");
        sparse(dir.resolve("sparse.txt"), 2_500_000_000L);
        out.put("sparse.txt", "a 2.5 GB sparse file");
        xlsxRows(dir.resolve("rows.xlsx"), 300_000);
        out.put("rows.xlsx", "xlsx with 300,000 rows");
        docxZipBomb(dir.resolve("bomb.docx"), 110L * 1024 * 1024);
        out.put("bomb.docx", "docx inflating to 110 MB");
        docxEntityExpansion(dir.resolve("laughs.docx"));
        out.put("laughs.docx", "docx with nested entities");
        garbage(dir.resolve("garbage.pdf"), 4096, 1);
        out.put("garbage.pdf", "random bytes named .pdf");
        garbage(dir.resolve("garbage.xlsx"), 4096, 2);
        out.put("garbage.xlsx", "random bytes named .xlsx");
        Files.write(dir.resolve("empty.txt"), new byte[0]);
        out.put("empty.txt", "an empty file");
        Path outside = dir.getParent().resolve("outside-secret.txt");
        Files.writeString(outside, "OUTSIDECANARY4471 must not be indexed", StandardCharsets.UTF_8);
        try {
            symlink(dir.resolve("link-out.txt"), outside);
            out.put("link-out.txt", "a symbolic link out of the folder");
        } catch (UnsupportedOperationException | IOException e) {
            // no symbolic links on this file system
        }
        return out;
    }

    /** Small valid documents in {@code dir}: file name → a marker word each holds. */
    public static Map<String, String> goodIngestBatch(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> out = new LinkedHashMap<>();
        write(dir.resolve("good.txt"), "设备清洗每周一次。GOODTXT1 marker in plain text.\n");
        out.put("good.txt", "GOODTXT1");
        write(dir.resolve("good.md"), "# SOP\n\n## Cleaning\n\nGOODMD2 the chamber is cleaned weekly.\n\n"
                + "| step | time |\n|---|---|\n| purge | 5 min |\n");
        out.put("good.md", "GOODMD2");
        write(dir.resolve("good.html"), "<html><body><h1>Report</h1><div><p>GOODHTML3 yield rose.</p></div>"
                + "</body></html>");
        out.put("good.html", "GOODHTML3");
        pdfText(dir.resolve("good.pdf"), "GOODPDF4 lot report page one");
        out.put("good.pdf", "GOODPDF4");
        xlsxRows(dir.resolve("good.xlsx"), 20);
        out.put("good.xlsx", "L17");
        return out;
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path zip(Path file, Map<String, byte[]> parts) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }
}
