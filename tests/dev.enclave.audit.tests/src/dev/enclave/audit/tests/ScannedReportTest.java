package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.audit.internal.AuditScorer;
import dev.enclave.audit.tests.ReportGenerator.Generated;
import dev.enclave.audit.tests.ReportGenerator.Template;
import dev.enclave.ocr.Ocr;
import dev.enclave.tests.support.Scans;

/**
 * Image-only PDF scans of generated reports (every template; grey, 200 dpi, tilted up to 0.8°, noise,
 * JPEG) go through OCR in {@code audit portfolio --json}, and their fields are scored against the truth
 * of the text versions.
 */
class ScannedReportTest {
    @TempDir
    Path dir;

    @Test
    void scannedReportsOfEveryTemplateReachFieldF1ThroughPortfolio() throws Exception {
        ReportGenerator gen = new ReportGenerator(20261207L);
        Path scans = Files.createDirectories(dir.resolve("scans"));
        Map<String, Generated> truth = new HashMap<>();
        int n = 0;
        for (Template t : Template.values()) {
            for (int i = 0; i < 2; i++) {
                Generated g = gen.generate(t.name().toLowerCase() + i, t, gen.company(),
                        i == 0 ? List.of(gen.company()) : List.of(), List.of());
                Scans.pdf(g.text(), scans.resolve(g.name() + ".pdf"), n++);
                truth.put(g.name() + ".pdf", g);
            }
        }
        Services.Run run = Services.cli("--data", dir.resolve("ws").toString(), "audit", "portfolio", "--json",
                scans.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject out = JsonParser.parseString(run.out()).getAsJsonObject();
        AuditScorer text = new AuditScorer();
        AuditScorer scanned = new AuditScorer();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        for (JsonElement e : out.getAsJsonArray("reports")) {
            JsonObject report = e.getAsJsonObject();
            String source = report.get("source").getAsString();
            Generated g = truth.get(source.substring(source.lastIndexOf('/') + 1));
            assertTrue(g != null, source);
            JsonObject t = gson.toJsonTree(g.truth()).getAsJsonObject();
            scanned.score(source, t, report);
        }
        assertEquals(truth.size(), out.getAsJsonArray("reports").size(), run.err());
        AuditScorer.Counts c = scanned.overall();
        System.out.println("Scanned reports: P " + c.precision() + " R " + c.recall() + " F1 " + c.f1() + "\n"
                + String.join("\n", scanned.mismatches()));
        assertTrue(c.f1() >= 0.85, "scanned F1 " + c.f1() + "\n" + String.join("\n", scanned.mismatches()));
        // Audited again: the scans' OCR comes from the workspace's cache by content hash, with the same reports.
        Ocr ocr = Services.get(Ocr.class);
        long pages = ocr.pagesRecognised();
        Services.Run again = Services.cli("--data", dir.resolve("ws").toString(), "audit", "portfolio", "--json",
                scans.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(pages, ocr.pagesRecognised(), "the second audit of the same scans runs no OCR");
        AuditScorer second = new AuditScorer();
        for (JsonElement e : JsonParser.parseString(again.out()).getAsJsonObject().getAsJsonArray("reports")) {
            JsonObject report = e.getAsJsonObject();
            String source = report.get("source").getAsString();
            Generated g = truth.get(source.substring(source.lastIndexOf('/') + 1));
            second.score(source, gson.toJsonTree(g.truth()).getAsJsonObject(), report);
        }
        assertEquals(c.f1(), second.overall().f1(), 1e-12, "the cached text gives the same extraction");
    }
}
