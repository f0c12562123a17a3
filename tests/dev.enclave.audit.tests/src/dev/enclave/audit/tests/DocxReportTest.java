package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.knowledge.DocumentParsers;

/** A Word report goes through the knowledge base's parsers; evidence offsets point into their text. */
class DocxReportTest {
    @TempDir
    Path dir;

    @Test
    void aDocxReportIsExtractedWithEvidenceInTheParsedText() throws Exception {
        String[] lines = { "授信调查报告", "一、借款人基本情况", "借款人：江南示例电子有限公司", "法定代表人：王示例",
                "二、授信方案", "申请品种：流动资金贷款", "申请金额：人民币伍佰万元整", "期限：12个月",
                "担保方式：由江北示例机械有限公司提供连带责任保证。" };
        Path docx = dir.resolve("report.docx");
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
            for (String line : lines) {
                doc.createParagraph().createRun().setText(line);
            }
            doc.write(out);
        }
        Services.Run run = Services.cli("--data", dir.resolve("ws").toString(), "audit", "extract", "--json",
                docx.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("江南示例电子有限公司", o.getAsJsonObject("borrower").get("name").getAsString());
        assertEquals(5_000_000L, o.getAsJsonObject("facility").get("amount_yuan").getAsLong());
        assertEquals("江北示例机械有限公司",
                o.getAsJsonArray("guarantees").get(0).getAsJsonObject().get("guarantor").getAsString());

        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceTracker<DocumentParsers, DocumentParsers> t = new ServiceTracker<>(bc, DocumentParsers.class, null);
        t.open();
        DocumentParsers parsers = t.waitForService(10_000);
        assertNotNull(parsers, "the knowledge base's parsers");
        String text = parsers.parse(docx).text();
        JsonArray span = o.getAsJsonObject("evidence").getAsJsonArray("facility.amount_yuan");
        assertEquals("人民币伍佰万元整", text.substring(span.get(0).getAsInt(), span.get(1).getAsInt()));
        t.close();
    }
}
