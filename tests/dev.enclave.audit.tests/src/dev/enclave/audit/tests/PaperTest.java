package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Services.Run run = Services.cli("--data", ws, "audit", "paper", reports.toString(), "--docx", docx.toString(),
                "--xlsx", xlsx.toString());
        assertEquals(0, run.code(), run.err());

        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(XWPFDocument.class.getClassLoader());
        try (InputStream in = Files.newInputStream(docx); XWPFDocument doc = new XWPFDocument(in);
                XWPFWordExtractor text = new XWPFWordExtractor(doc)) {
            String s = text.getText();
            assertTrue(s.contains("审计工作底稿"), "title");
            assertTrue(s.contains("GUARANTEE_CIRCLE") && s.contains("MUTUAL_GUARANTEE"), "findings");
            assertTrue(s.contains(borrower), "extracted elements name the borrower");
            assertTrue(s.contains("需进一步核查担保圈"), "the auditor's decision and comment");
            assertTrue(s.contains("「"), "evidence quotes");
            assertFalse(doc.getAllPictures().isEmpty(), "the network picture");
        } finally {
            t.setContextClassLoader(old);
        }
        t.setContextClassLoader(XSSFWorkbook.class.getClassLoader());
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet f = wb.getSheet("风险发现 Findings");
            assertEquals(findings + 1, f.getPhysicalNumberOfRows(), "one row per finding under the header");
            assertTrue(wb.getSheet("要素 Elements").getPhysicalNumberOfRows() > 20);
            assertEquals(1, wb.getAllPictures().size());
        } finally {
            t.setContextClassLoader(old);
        }
        assertTrue(Files.readString(dir.resolve("ws/audit/audit.jsonl")).contains("audit.paper"));
        assertEquals(2, Services.cli("--data", ws, "audit", "paper", reports.toString()).code(), "no output named");
    }
}
