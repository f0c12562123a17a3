package dev.enclave.studio;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonObject;

/**
 * Exact and near-duplicate detection for datasets: texts are normalised (NFKC, so full-
 * and half-width forms agree; lower case; whitespace and punctuation removed), exact
 * duplicates share a normalised text, near duplicates are found with MinHash signatures
 * over character 5-grams and locality-sensitive hashing (bands of rows), then confirmed
 * on their estimated Jaccard similarity. Clusters are closed transitively; the first
 * record of each cluster is kept.
 */
public final class Deduplicator {
    private static final int SHINGLE = 5;
    private static final int HASHES = 128;
    private static final int BANDS = 32;
    private static final int ROWS = HASHES / BANDS;

    private final double threshold;
    private final long[] seedsA = new long[HASHES];
    private final long[] seedsB = new long[HASHES];

    /** @param threshold estimated Jaccard similarity at or above which two records are duplicates (0–1) */
    public Deduplicator(double threshold) {
        this.threshold = threshold;
        java.util.SplittableRandom r = new java.util.SplittableRandom(0x5eed);
        for (int i = 0; i < HASHES; i++) {
            seedsA[i] = r.nextLong() | 1;
            seedsB[i] = r.nextLong();
        }
    }

    /** Result: the records kept and every cluster of two or more ids (in input order). */
    public record Result(List<JsonObject> kept, List<List<String>> clusters) {
    }

    /** Text as compared: NFKC, lower case, letters and digits only. */
    public static String normalise(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    long[] signature(String normalised) {
        long[] sig = new long[HASHES];
        java.util.Arrays.fill(sig, Long.MAX_VALUE);
        int[] cps = normalised.codePoints().toArray();
        int n = Math.max(1, cps.length - SHINGLE + 1);
        for (int i = 0; i < n; i++) {
            long h = 1469598103934665603L;
            for (int j = i; j < Math.min(cps.length, i + SHINGLE); j++) {
                h = (h ^ cps[j]) * 1099511628211L;
            }
            for (int k = 0; k < HASHES; k++) {
                long v = mix(h * seedsA[k] + seedsB[k]);
                if (v < sig[k]) {
                    sig[k] = v;
                }
            }
        }
        return sig;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    static double similarity(long[] a, long[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same / (double) a.length;
    }

    public Result run(List<JsonObject> records) {
        int n = records.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        String[] texts = new String[n];
        Map<String, Integer> exact = new HashMap<>();
        for (int i = 0; i < n; i++) {
            texts[i] = normalise(Dataset.text(records.get(i)));
            Integer first = exact.putIfAbsent(sha(texts[i]), i);
            if (first != null) {
                union(parent, first, i);
            }
        }
        long[][] sigs = new long[n][];
        for (int i = 0; i < n; i++) {
            sigs[i] = signature(texts[i]);
        }
        for (int b = 0; b < BANDS; b++) {
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long h = 0;
                for (int r = 0; r < ROWS; r++) {
                    h = h * 31 + sigs[i][b * ROWS + r];
                }
                buckets.computeIfAbsent(h, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> bucket : buckets.values()) {
                for (int x = 0; x < bucket.size(); x++) {
                    for (int y = x + 1; y < bucket.size(); y++) {
                        int i = bucket.get(x);
                        int j = bucket.get(y);
                        if (find(parent, i) != find(parent, j) && similarity(sigs[i], sigs[j]) >= threshold) {
                            union(parent, i, j);
                        }
                    }
                }
            }
        }
        Map<Integer, Set<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new TreeSet<>()).add(i);
        }
        List<JsonObject> kept = new ArrayList<>();
        List<List<String>> clusters = new ArrayList<>();
        for (Set<Integer> g : groups.values()) {
            List<Integer> members = new ArrayList<>(g);
            kept.add(records.get(members.get(0)));
            if (members.size() > 1) {
                clusters.add(members.stream().map(i -> Dataset.id(records.get(i))).toList());
            }
        }
        // Keep input order among the kept records.
        Map<JsonObject, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            position.put(records.get(i), i);
        }
        kept.sort(java.util.Comparator.comparingInt(position::get));
        return new Result(kept, clusters);
    }

    private static String sha(String s) {
        return dev.enclave.core.Hashes.sha256Hex(s);
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            p[i] = p[p[i]];
            i = p[i];
        }
        return i;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) {
            p[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
