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
 * and half-width forms agree; traditional characters to simplified with HanLP; lower case;
 * whitespace and punctuation removed), exact duplicates share a normalised text, and near
 * duplicates are found in two ways, each with MinHash signatures and locality-sensitive hashing
 * (bands of rows) to find candidates:
 * <ul>
 * <li>close copies: estimated Jaccard similarity of character 5-grams at or above the threshold;
 * <li>the edits people make (sentences reordered, clauses inserted or deleted, 10–30 % of the
 * characters changed): the Dice similarity of the two texts' character bigrams, which ignores
 * their order, at or above {@link #EDIT_FACTOR} × the threshold, computed exactly.
 * </ul>
 * A precision guard keeps template texts apart: two records whose numbers (digit runs) differ are
 * never merged as near duplicates, whatever their similarity (a record without digits, where the
 * other spells a number in words, is compared on its text). Clusters are closed transitively; the
 * first record of each cluster is kept.
 */
public final class Deduplicator {
    private static final int SHINGLE = 5;
    private static final int HASHES = 128;
    private static final int BANDS = 32;
    private static final int ROWS = HASHES / BANDS;

    /** The bigram Dice similarity that marks an edited copy, as a share of the threshold. */
    public static final double EDIT_FACTOR = 0.75;
    private static final int EDIT_HASHES = 64;
    private static final int EDIT_ROWS = 2;

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

    /** Text as compared: NFKC, simplified characters, lower case, letters and digits only. */
    public static String normalise(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        if (PiiMasker.hasChinese(n)) {
            n = com.hankcs.hanlp.HanLP.convertToSimplifiedChinese(n);
        }
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

    /** The text's character bigrams as sorted hashes (a multiset: repeats kept). */
    static int[] bigrams(String normalised) {
        int[] cps = normalised.codePoints().toArray();
        if (cps.length < 2) {
            return cps.length == 1 ? new int[] { cps[0] } : new int[0];
        }
        int[] out = new int[cps.length - 1];
        for (int i = 0; i + 1 < cps.length; i++) {
            out[i] = cps[i] * 1_000_003 + cps[i + 1];
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** Dice similarity of two sorted multisets: 2·|a ∩ b| / (|a| + |b|). */
    static double dice(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return a.length + b.length == 0 ? 1 : 2.0 * common / (a.length + b.length);
    }

    private long[] minHash(int[] items, int hashes) {
        long[] sig = new long[hashes];
        java.util.Arrays.fill(sig, Long.MAX_VALUE);
        for (int item : items) {
            for (int k = 0; k < hashes; k++) {
                long v = mix(item * seedsA[k] + seedsB[k]);
                if (v < sig[k]) {
                    sig[k] = v;
                }
            }
        }
        return sig;
    }

    /** The text's digit runs, sorted and joined ("" when it has none). */
    static String numbers(String text) {
        List<String> runs = new ArrayList<>();
        java.util.regex.Matcher m = DIGITS.matcher(text);
        while (m.find()) {
            runs.add(m.group().replace(",", ""));
        }
        java.util.Collections.sort(runs);
        return String.join(" ", runs);
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d[\\d,]{0,30}(?:\\.\\d{1,10})?");

    /** The precision guard: both records state the same numbers, or one states none. */
    static boolean sameNumbers(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
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
        int[][] bigrams = new int[n][];
        long[][] editSigs = new long[n][];
        String[] numbers = new String[n];
        for (int i = 0; i < n; i++) {
            sigs[i] = signature(texts[i]);
            bigrams[i] = bigrams(texts[i]);
            editSigs[i] = minHash(bigrams[i], EDIT_HASHES);
            numbers[i] = numbers(Normalizer.normalize(Dataset.text(records.get(i)), Normalizer.Form.NFKC));
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
                        if (find(parent, i) != find(parent, j) && similarity(sigs[i], sigs[j]) >= threshold
                                && sameNumbers(numbers[i], numbers[j])) {
                            union(parent, i, j);
                        }
                    }
                }
            }
        }
        double edit = EDIT_FACTOR * threshold;
        for (int b = 0; b < EDIT_HASHES / EDIT_ROWS; b++) {
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if (bigrams[i].length == 0) {
                    continue;
                }
                long h = 0;
                for (int r = 0; r < EDIT_ROWS; r++) {
                    h = h * 31 + editSigs[i][b * EDIT_ROWS + r];
                }
                buckets.computeIfAbsent(h, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> bucket : buckets.values()) {
                for (int x = 0; x < bucket.size(); x++) {
                    for (int y = x + 1; y < bucket.size(); y++) {
                        int i = bucket.get(x);
                        int j = bucket.get(y);
                        if (find(parent, i) != find(parent, j) && sameNumbers(numbers[i], numbers[j])
                                && dice(bigrams[i], bigrams[j]) >= edit) {
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
