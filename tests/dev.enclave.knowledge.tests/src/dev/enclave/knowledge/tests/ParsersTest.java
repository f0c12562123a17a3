package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.Section;

/** Every supported type, generated here, through the DocumentParsers service. */
class ParsersTest {
    @TempDir
    Path dir;

    private final DocumentParsers parsers = Support.service(DocumentParsers.class);

    @Test
    void textFilesInEveryEncodingDecodeToTheSameText() throws Exception {
        String text = "授信调查报告。借款人：江南示例电子有限公司，注册资本 5000 万元。";
        Files.write(dir.resolve("utf8.txt"), text.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("gbk.txt"), text.getBytes(Charset.forName("GBK")));
        Files.write(dir.resolve("gb18030.txt"), ("𠀀 " + text).getBytes(Charset.forName("GB18030")));
        Files.write(dir.resolve("utf16.txt"), text.getBytes(StandardCharsets.UTF_16LE));
        Files.write(dir.resolve("utf16bom.txt"), text.getBytes(StandardCharsets.UTF_16));
        assertEquals("UTF-8", parsers.parse(dir.resolve("utf8.txt")).charset());
        assertEquals("GBK", parsers.parse(dir.resolve("gbk.txt")).charset());
        assertEquals(text, parsers.parse(dir.resolve("gbk.txt")).text());
        ExtractedDocument gb = parsers.parse(dir.resolve("gb18030.txt"));
        assertEquals("GB18030", gb.charset());
        assertEquals("𠀀 " + text, gb.text());
        assertEquals("UTF-16LE", parsers.parse(dir.resolve("utf16.txt")).charset());
        assertEquals(text, parsers.parse(dir.resolve("utf16.txt")).text());
        assertEquals(text, parsers.parse(dir.resolve("utf16bom.txt")).text());

        Path bin = dir.resolve("image.txt");
        Files.write(bin, new byte[] { 0, (byte) 0xff, 7, 0x00, (byte) 0x81, 0x00, (byte) 0xc0, 0x30, 1 });
        EnclaveException e = assertThrows(EnclaveException.class, () -> parsers.parse(bin));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("image.txt"), e.getMessage());
    }

    @Test
    void markdownKeepsHeadingsAsSectionsAndTablesAsRowsWithHeaders() throws Exception {
        Path md = Files.writeString(dir.resolve("sop.md"), """
                # CMP 工艺

                抛光前检查。

                ## 参数

                | 参数 | 值 |
                |---|---|
                | 压力 | 5 psi |
                | 转速 | 60 rpm |

                # Cleaning
                Rinse twice.
                """, StandardCharsets.UTF_8);
        ExtractedDocument d = parsers.parse(md);
        assertEquals("md", d.type());
        assertTrue(d.text().contains("参数: 压力 | 值: 5 psi\n参数: 转速 | 值: 60 rpm"), d.text());
        List<Section> s = d.sections();
        assertEquals(List.of("CMP 工艺", "参数", "Cleaning"), s.stream().map(Section::heading).toList());
        assertEquals("CMP 工艺", d.text().substring(s.get(0).start(), s.get(0).start() + 6));
        assertEquals(s.get(2).start(), s.get(0).end(), "a level-1 section runs to the next level-1 heading");
        assertEquals("参数", d.sectionAt(d.text().indexOf("5 psi")).heading());
    }

    @Test
    void htmlDropsScriptsAndKeepsTables() throws Exception {
        Path html = Files.writeString(dir.resolve("page.html"), "<html><head><script>var x=1;</script></head><body>"
                + "<h1>Alarm codes</h1><p>Code <b>E-101</b> means pad wear.</p>"
                + "<table><tr><th>Code</th><th>Action</th></tr><tr><td>E-101</td><td>Replace pad</td></tr></table>"
                + "</body></html>", StandardCharsets.UTF_8);
        ExtractedDocument d = parsers.parse(html);
        assertTrue(d.text().startsWith("Alarm codes\n\nCode E-101 means pad wear."), d.text());
        assertTrue(d.text().contains("Code: E-101 | Action: Replace pad"), d.text());
        assertTrue(!d.text().contains("var x"), d.text());
        assertEquals(1, d.sections().size());
    }

    @Test
    void docxHeadingsParagraphsAndTables() throws Exception {
        Path docx = dir.resolve("report.docx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
            XWPFParagraph h = doc.createParagraph();
            h.setStyle("Heading1");
            h.createRun().setText("担保情况");
            doc.createParagraph().createRun().setText("本公司为关联企业提供担保。");
            XWPFTable t = doc.createTable(2, 2);
            t.getRow(0).getCell(0).setText("担保人");
            t.getRow(0).getCell(1).setText("金额");
            t.getRow(1).getCell(0).setText("甲公司");
            t.getRow(1).getCell(1).setText("300 万元");
            doc.write(out);
        }
        ExtractedDocument d = parsers.parse(docx);
        assertEquals("docx", d.type());
        assertEquals("担保情况", d.sections().get(0).heading());
        assertTrue(d.text().contains("本公司为关联企业提供担保。"), d.text());
        assertTrue(d.text().contains("担保人: 甲公司 | 金额: 300 万元"), d.text());
    }

    @Test
    void xlsxSheetsBecomeSectionsAndRowsKeepTheirHeaders() throws Exception {
        Path xlsx = dir.resolve("fmea.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            XSSFSheet sheet = wb.createSheet("FMEA");
            Row h = sheet.createRow(0);
            h.createCell(0).setCellValue("Failure mode");
            h.createCell(1).setCellValue("RPN");
            Row r = sheet.createRow(1);
            r.createCell(0).setCellValue("Slurry starvation");
            r.createCell(1).setCellValue(120);
            Row f = sheet.createRow(2);
            f.createCell(0).setCellValue("Doubled");
            f.createCell(1).setCellFormula("B2*2");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.write(out);
        }
        ExtractedDocument d = parsers.parse(xlsx);
        assertEquals("FMEA", d.sections().get(0).heading());
        assertTrue(d.text().contains("Failure mode: Slurry starvation | RPN: 120"), d.text());
        assertTrue(d.text().contains("Failure mode: Doubled | RPN: 240"), d.text());
    }

    @Test
    void pdfTextAndCorruptPdfNamedInTheMessage() throws Exception {
        Path pdf = dir.resolve("spec.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("Pad conditioning uses a diamond disk at 5 lbf.");
                cs.endText();
            }
            doc.save(pdf.toFile());
        }
        ExtractedDocument d = parsers.parse(pdf);
        assertEquals("pdf", d.type());
        assertEquals("Pad conditioning uses a diamond disk at 5 lbf.", d.text());

        Path broken = Files.write(dir.resolve("broken.pdf"), "%PDF-1.7\n not a pdf".getBytes(StandardCharsets.US_ASCII));
        EnclaveException e = assertThrows(EnclaveException.class, () -> parsers.parse(broken));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("broken.pdf"), e.getMessage());

        Path unknown = Files.writeString(dir.resolve("notes.xyz"), "x");
        e = assertThrows(EnclaveException.class, () -> parsers.parse(unknown));
        assertTrue(e.getMessage().contains("notes.xyz") && e.getMessage().contains("not a supported"), e.getMessage());
    }
}
