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
 * The blind set of issue 19's last round ({@code data/blind5}): eight reports written by hand in
 * four templates no other set uses (a rural bank's application with dotted leaders and a 千元
 * table, a review opinion in box-drawing tables with a unit per row, a scanned investigation
 * report broken across lines and pages, an English memo of Hong Kong borrowers with no credit
 * code), planting one guarantee circle of three and one mutual pair across the set. It is
 * scored, never tuned on: the extraction is not changed to fix what it misses here. Scored F1
 * 0.5806 (P 0.8538, R 0.4399) before the round's work and 0.5881 (P 0.8409, R 0.4521) at its end:
 * the general mechanisms learnt on blind4 and dev6 hardly reach these layouts (dotted leaders,
 * box-drawing tables, page breaks inside sentences, English-only memos). Scored once more as a
 * health check after the third round's general work on dev7 (page furniture, leaders, box tables,
 * English names and guarantee wording; blind5 not looked at): 0.7969 (P 0.8875, R 0.7230), its
 * circle and mutual pair now found. The bound sits a little below the last score so that a
 * regression shows.
 */
class Blind5Test {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void blind5ScoredPerReport() throws IOException, InterruptedException {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        Path all = dir.resolve("blind5");
        Files.createDirectories(all);
        Enumeration<URL> e = FrameworkUtil.getBundle(getClass()).findEntries("data/blind5", "*", false);
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
            System.out.println("blind5 " + stem + " " + r.get("overall"));
        }
        // the mismatches are not printed: nobody reads what the rules miss on a blind set
        Map<String, Object> r = EvalAuditContribution.evaluate(extractor, all, null);
        System.out.println("blind5 overall " + r.get("overall") + " sections " + r.get("sections"));
        assertTrue(((List<?>) r.get("failed")).isEmpty(), r.get("failed").toString());
        assertEquals(8, r.get("reports"));
        double f1 = ((Number) ((Map<String, Object>) r.get("overall")).get("f1")).doubleValue();
        assertTrue(f1 >= 0.77, "blind5 F1 " + f1);
    }
}
