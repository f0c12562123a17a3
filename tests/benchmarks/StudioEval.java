/*
 * Scores the studio's masker and deduplicator on the hand-written evaluation sets in
 * tests/benchmarks/studio (written by hand, not by a generator; never used for tuning):
 * recall per kind of personal data, the share of other text kept, the must-keep names kept,
 * near-duplicate groups found and false clusters.
 *
 *   java -cp "$(tests/benchmarks/studio-classpath.sh)" tests/benchmarks/StudioEval.java [DIR [PII_SET]]
 *
 * PII_SET (default pii-handwritten.txt) names the masking set inside DIR; with another set than the
 * default the near-duplicate set is not scored. A literal \n in a record is a line break, \t a tab.
 */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;

import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;

public class StudioEval {
    static final Pattern MARK = Pattern.compile("\\[\\[(\\w+):(.+?)\\]\\]|\\{\\{(.+?)\\}\\}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\[(?:[\\u4e00-\\u9fa5]{2,8}|[A-Z_]{3,16})\\]");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "tests/benchmarks/studio");
        String set = args.length > 1 ? args[1] : "pii-handwritten.txt";
        masking(dir.resolve(set));
        if (set.equals("pii-handwritten.txt")) {
            dedup(dir.resolve("neardup-handwritten.txt"));
        }
    }

    static PiiMasker masker() throws Exception {
        // The configured kinds (employee numbers by a workspace pattern, individual businesses' credit
        // codes) where this version of the masker has them.
        try {
            Class<?> options = Class.forName("dev.enclave.studio.PiiMasker$Options");
            Object o = options.getMethod("defaults").invoke(null);
            o = options.getMethod("withEmployeePattern", String.class).invoke(o, "EMP-\\d{6}");
            o = options.getMethod("withIndividualBusinessCodes", boolean.class).invoke(o, true);
            return PiiMasker.class.getConstructor(options).newInstance(o);
        } catch (ClassNotFoundException e) {
            return new PiiMasker();
        }
    }

    static void masking(Path file) throws Exception {
        PiiMasker masker = masker();
        Map<String, int[]> perKind = new TreeMap<>();
        long otherChars = 0;
        long otherKept = 0;
        int keep = 0;
        int kept = 0;
        int records = 0;
        List<String> misses = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            records++;
            line = line.replace("\\n", "\n").replace("\\t", "\t");
            StringBuilder text = new StringBuilder();
            StringBuilder other = new StringBuilder();
            List<String[]> pii = new ArrayList<>();
            List<String> keeps = new ArrayList<>();
            Matcher m = MARK.matcher(line);
            int at = 0;
            while (m.find()) {
                text.append(line, at, m.start());
                other.append(line, at, m.start());
                if (m.group(1) != null) {
                    pii.add(new String[] { m.group(1), m.group(2) });
                    text.append(m.group(2));
                } else {
                    keeps.add(m.group(3));
                    text.append(m.group(3));
                    other.append(m.group(3));
                }
                at = m.end();
            }
            text.append(line.substring(at));
            other.append(line.substring(at));
            String masked = masker.mask(text.toString(), PiiMasker.emptyCounts());
            for (String[] p : pii) {
                int[] c = perKind.computeIfAbsent(p[0], k -> new int[2]);
                c[0]++;
                if (!masked.contains(p[1])) {
                    c[1]++;
                } else {
                    misses.add(p[0] + " " + p[1] + "  ←  " + masked);
                }
            }
            for (String k : keeps) {
                keep++;
                if (masked.contains(k)) {
                    kept++;
                } else {
                    misses.add("kept? " + k + "  ←  " + masked);
                }
            }
            String rest = PLACEHOLDER.matcher(masked).replaceAll("");
            otherChars += other.length();
            otherKept += lcs(other.toString(), rest);
        }
        int planted = 0;
        int found = 0;
        System.out.println("masking: " + records + " hand-written records");
        for (var e : perKind.entrySet()) {
            planted += e.getValue()[0];
            found += e.getValue()[1];
            System.out.printf("  %-12s %3d/%3d  recall %.3f%n", e.getKey(), e.getValue()[1], e.getValue()[0],
                    e.getValue()[1] / (double) e.getValue()[0]);
        }
        System.out.printf("  personal data recall %.3f (%d/%d); other text kept %.3f; named entities kept %d/%d%n",
                found / (double) planted, found, planted, otherKept / (double) otherChars, kept, keep);
        if (System.getenv("EVAL_VERBOSE") != null) {
            misses.forEach(s -> System.out.println("    " + s));
        }
    }

    static int lcs(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = a.charAt(i - 1) == b.charAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static void dedup(Path file) throws Exception {
        List<JsonObject> records = new ArrayList<>();
        Map<String, String> groupOf = new HashMap<>();
        Map<String, Integer> groupSize = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String group = line.substring(0, tab);
            JsonObject o = new JsonObject();
            String id = "r" + (++n);
            o.addProperty("id", id);
            o.addProperty("text", line.substring(tab + 1));
            records.add(o);
            groupOf.put(id, group);
            groupSize.merge(group, 1, Integer::sum);
        }
        Deduplicator.Result r = new Deduplicator(0.8).run(records);
        int falseClusters = 0;
        Map<String, Integer> largestShare = new HashMap<>();
        for (List<String> c : r.clusters()) {
            Set<String> groups = new HashSet<>();
            c.forEach(id -> groups.add(groupOf.get(id)));
            if (groups.size() > 1) {
                falseClusters++;
                System.out.println("  false cluster: " + groups);
            }
            for (String g : groups) {
                long members = c.stream().filter(id -> groupOf.get(id).equals(g)).count();
                largestShare.merge(g, (int) members, Math::max);
            }
        }
        int groups = 0;
        int found = 0;
        for (var e : groupSize.entrySet()) {
            if (e.getValue() < 2) {
                continue;
            }
            groups++;
            if (largestShare.getOrDefault(e.getKey(), 0).equals(e.getValue())) {
                found++;
            } else if (System.getenv("EVAL_VERBOSE") != null) {
                System.out.println("  missed group " + e.getKey());
            }
        }
        System.out.printf("near duplicates: %d records, %d groups found of %d (%.3f), %d false clusters%n",
                records.size(), found, groups, found / (double) groups, falseClusters);
    }
}
