package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.tests.ReportGenerator.Generated;

/** The working paper as Word and Excel files, read back with POI. */
class PaperTest {
    @TempDir
    Path dir;

    @Test
    void portfolioPaperHasFindingsElementsDecisionsAndThePicture() throws Exception {
        Path reports = dir.resolve("reports");
        String borrower = null;
        for (Generated g : new ReportGenerator(3L).portfolio(0)) {
            ReportGenerator.write(reports, g);
            if (g.name().equals("circle-a")) {
                borrower = (String) ((java.util.Map<?, ?>) g.truth().get("borrower")).get("name");
            }
        }
        String ws = dir.resolve("ws").toString();
        JsonObject p = JsonParser.parseString(Services.cli("--data", ws, "audit", "portfolio", "--json", reports.toString())
                .out()).getAsJsonObject();
        int findings = p.getAsJsonArray("findings").size();
        String id = p.getAsJsonArray("findings").get(0).getAsJsonObject().get("id").getAsString();
        assertEquals(0, Services.cli("--data", ws, "audit", "decide", id, "--confirm", "--comment", "需进一步核查担保圈").code());

        Path docx = dir.resolve("out/底稿.docx");
        Path xlsx = dir.resolve("out/底稿.xlsx");
        Path english = dir.resolve("out/paper-en.docx");
        Locale locale = Locale.getDefault();
        Services.Run run;
        try {
            // the paper speaks the user's language: Chinese labels in a Chinese locale, English ones otherwise
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            run = Services.cli("--data", ws, "audit", "paper", reports.toString(), "--docx", docx.toString(), "--xlsx",
                    xlsx.toString());
            Locale.setDefault(Locale.US);
            assertEquals(0, Services.cli("--data", ws, "audit", "paper", reports.toString(), "--docx", english.toString())
                    .code());
        } finally {
            Locale.setDefault(locale);
        }
        assertEquals(0, run.code(), run.err());

        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(XWPFDocument.class.getClassLoader());
        try (InputStream in = Files.newInputStream(docx); XWPFDocument doc = new XWPFDocument(in);
                XWPFWordExtractor text = new XWPFWordExtractor(doc)) {
            String s = text.getText();
            assertTrue(s.contains("信贷审计工作底稿"), "title");
            assertTrue(s.contains("担保圈") && s.contains("互保") && s.contains("风险等级：高"),
                    "findings grouped by severity, in Chinese");
            assertFalse(s.contains("GUARANTEE_CIRCLE") || s.contains("HIGH_LEVERAGE"), "no raw codes");
            assertTrue(s.contains(borrower), "extracted elements name the borrower");
            assertTrue(s.contains("需进一步核查担保圈"), "the auditor's decision and comment");
            assertTrue(s.contains("「") && s.contains("（circle-a.txt）"), "evidence quoted with its file name");
            assertFalse(s.contains(reports.toString() + "/circle-a.txt"), "the folder is given once, not in every cell");
            assertTrue(s.contains("报告所在目录：" + reports), "the folder, once");
            assertFalse(s.contains("{\"year\""), "no JSON");
            assertTrue(s.matches("(?s).*\\d{1,3}(,\\d{3})*\\.\\d{2}.*"), "amounts in 万元 with separators");
            assertTrue(s.contains("编制人") && s.contains("复核人") && s.contains("日期"), "the sign-off block");
            assertFalse(doc.getAllPictures().isEmpty(), "the network picture");
            assertEquals("landscape", doc.getDocument().getBody().getSectPr().getPgSz().getOrient().toString());
            // headings and borrower titles keep with what follows: none ends a page while its table or picture
            // starts the next
            int titles = 0;
            for (org.apache.poi.xwpf.usermodel.XWPFParagraph para : doc.getParagraphs()) {
                boolean bold = !para.getRuns().isEmpty() && para.getRuns().get(0).isBold();
                if (bold && para.getAlignment() != org.apache.poi.xwpf.usermodel.ParagraphAlignment.CENTER) {
                    titles++;
                    assertTrue(para.getCTP().isSetPPr() && para.getCTP().getPPr().isSetKeepNext(), para.getText());
                }
            }
            assertTrue(titles >= 6, "five section headings and a borrower title: " + titles);
        } finally {
            t.setContextClassLoader(old);
        }
        t.setContextClassLoader(XSSFWorkbook.class.getClassLoader());
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet f = wb.getSheet("风险发现");
            assertEquals(findings + 1, f.getPhysicalNumberOfRows(), "one row per finding under the header");
            assertTrue(wb.getSheet("关键要素").getPhysicalNumberOfRows() > 20);
            assertEquals(1, wb.getAllPictures().size());
            Sheet portfolio = wb.getSheet("授信组合");
            var amount = portfolio.getRow(1).getCell(3);
            assertEquals(CellType.NUMERIC, amount.getCellType(), "amounts are numbers");
            assertEquals("#,##0.00", amount.getCellStyle().getDataFormatString());
            for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                var ct = wb.getSheetAt(i).getCTWorksheet();
                var view = ct.getSheetViews().getSheetViewArray(0);
                assertTrue(view.isSetPane() && view.getPane().getYSplit() == 1, wb.getSheetName(i) + ": header frozen");
                assertTrue(ct.isSetAutoFilter(), wb.getSheetName(i) + ": filters");
            }
        } finally {
            t.setContextClassLoader(old);
        }
        t.setContextClassLoader(XWPFDocument.class.getClassLoader());
        try (InputStream in = Files.newInputStream(english); XWPFDocument doc = new XWPFDocument(in);
                XWPFWordExtractor text = new XWPFWordExtractor(doc)) {
            String s = text.getText();
            assertTrue(s.contains("Credit Audit Working Paper") && s.contains("Guarantee circle") && s.contains("Prepared by"),
                    "English labels in an English locale");
            assertFalse(s.contains("风险等级"), "no Chinese labels");
            assertFalse(s.matches("(?s).*\\b1 (reports|guarantee relations|guarantee circles|mutual pairs|findings)\\b.*"),
                    "one of a kind is singular in the summary");
            // a guarantee's kind in English in the value column (the quoted evidence stays as the report wrote it)
            List<String> guaranteeValues = doc.getTables().stream().flatMap(tb -> tb.getRows().stream())
                    .filter(row -> row.getTableCells().size() == 3 && row.getCell(0).getText().equals("Guarantee"))
                    .map(row -> row.getCell(1).getText()).toList();
            assertFalse(guaranteeValues.isEmpty(), s);
            assertTrue(guaranteeValues.stream().anyMatch(v -> v.contains("joint and several guarantee")), guaranteeValues.toString());
            assertTrue(guaranteeValues.stream().noneMatch(v -> v.contains("连带责任保证")), guaranteeValues.toString());
        } finally {
            t.setContextClassLoader(old);
        }
        assertTrue(Files.readString(dir.resolve("ws/audit/audit.jsonl")).contains("audit.paper"));
        assertEquals(2, Services.cli("--data", ws, "audit", "paper", reports.toString()).code(), "no output named");
    }
}
