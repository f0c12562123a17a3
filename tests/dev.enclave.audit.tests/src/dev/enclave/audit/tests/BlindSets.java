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

import org.osgi.framework.FrameworkUtil;

import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.internal.EvalAuditContribution;

/**
 * Scores a blind set of hand-written reports ({@code data/NAME}: each report's text with its
 * {@code .truth.json}) per report and as a portfolio, printing the scores but never the misses: nobody
 * reads what the rules miss on a blind set.
 */
final class BlindSets {
    private BlindSets() {
    }

    /**
     * Scores {@code data/set} in {@code dir}: prints each report's F1 and the whole set's, checks that every
     * report was read and that there are {@code reports} of them.
     *
     * @return the whole set's field F1
     */
    @SuppressWarnings("unchecked")
    static double score(String set, Path dir, int reports) throws IOException, InterruptedException {
        CreditReportExtractor extractor = Services.get(CreditReportExtractor.class);
        Path all = dir.resolve(set);
        Files.createDirectories(all);
        Enumeration<URL> e = FrameworkUtil.getBundle(BlindSets.class).findEntries("data/" + set, "*", false);
        List<String> names = new ArrayList<>();
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            String name = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
            try (InputStream in = u.openStream()) {
                Files.copy(in, all.resolve(name));
            }
            names.add(name);
        }
        assertEquals(2 * reports, names.size(), reports + " reports with their truth");
        for (String n : names.stream().filter(n -> n.endsWith(".txt")).sorted().toList()) {
            String stem = n.substring(0, n.length() - 4);
            Path one = dir.resolve("one-" + stem);
            Files.createDirectories(one);
            Files.copy(all.resolve(n), one.resolve(n));
            Files.copy(all.resolve(stem + ".truth.json"), one.resolve(stem + ".truth.json"));
            Map<String, Object> r = EvalAuditContribution.evaluate(extractor, one, null);
            System.out.println(set + " " + stem + " " + r.get("overall"));
        }
        Map<String, Object> r = EvalAuditContribution.evaluate(extractor, all, null);
        System.out.println(set + " overall " + r.get("overall") + " sections " + r.get("sections"));
        assertTrue(((List<?>) r.get("failed")).isEmpty(), r.get("failed").toString());
        assertEquals(reports, r.get("reports"));
        return ((Number) ((Map<String, Object>) r.get("overall")).get("f1")).doubleValue();
    }
}
