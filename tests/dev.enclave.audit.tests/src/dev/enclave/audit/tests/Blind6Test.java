package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.internal.EvalAuditContribution;

/**
 * The blind set of issue 19's third round ({@code data/blind6}): eight reports written by hand,
 * before the round changed any code, in four templates no other set uses (a rural bank's form with
 * dotted leaders, one with a 千元 table and a page break inside a sentence; a review opinion in
 * box-drawing tables with a unit per row and amounts in 元, 万元, 亿元; an investigation report
 * broken by page headers and footers inside a table and inside sentences; an English-only memo with
 * colloquial guarantee wording), planting one guarantee circle of three and one mutual pair across
 * the set with names written differently (股份有限公司 / 有限公司, full-width / half-width brackets,
 * an OCR space). It is scored, never tuned on; its misses are not printed. Scored F1 0.5487
 * (P 0.8433, R 0.4067) before the round's work and 0.8386 (P 0.8922, R 0.7911) at its end, from
 * the general mechanisms learnt on dev7 (page furniture, leaders, box tables, a unit column,
 * English names and guarantee wording). The bound sits a little below the last score so that a
 * regression shows. The circle was found before and after; the mutual pair is not found.
 */
class Blind6Test {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void blind6ScoredPerReport() throws IOException, InterruptedException {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        Path all = dir.resolve("blind6");
        Files.createDirectories(all);
        Enumeration<URL> e = FrameworkUtil.getBundle(getClass()).findEntries("data/blind6", "*", false);
        List<String> names = new ArrayList<>();
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            String name = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
            try (InputStream in = u.openStream()) {
                Files.copy(in, all.resolve(name));
            }
            names.add(name);
        }
        assertEquals(16, names.size(), "eight reports with their truth");
        for (String n : names.stream().filter(n -> n.endsWith(".txt")).sorted().toList()) {
            String stem = n.substring(0, n.length() - 4);
            Path one = dir.resolve("one-" + stem);
            Files.createDirectories(one);
            Files.copy(all.resolve(n), one.resolve(n));
            Files.copy(all.resolve(stem + ".truth.json"), one.resolve(stem + ".truth.json"));
            Map<String, Object> r = EvalAuditContribution.evaluate(extractor, one, null);
            System.out.println("blind6 " + stem + " " + r.get("overall"));
        }
        // the mismatches are not printed: nobody reads what the rules miss on a blind set
        Map<String, Object> r = EvalAuditContribution.evaluate(extractor, all, null);
        System.out.println("blind6 overall " + r.get("overall") + " sections " + r.get("sections"));
        assertTrue(((List<?>) r.get("failed")).isEmpty(), r.get("failed").toString());
        assertEquals(8, r.get("reports"));
        double f1 = ((Number) ((Map<String, Object>) r.get("overall")).get("f1")).doubleValue();
        assertTrue(f1 >= 0.83, "blind6 F1 " + f1);
    }
}
