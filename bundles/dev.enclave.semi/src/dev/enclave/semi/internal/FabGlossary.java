package dev.enclave.semi.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bilingual fab glossary ({@code glossary/fab-glossary.txt} in this bundle): entries of
 * English terms and Simplified Chinese terms, and the matching of a question against them.
 */
public final class FabGlossary {
    /** The resource holding the glossary. */
    static final String RESOURCE = "/glossary/fab-glossary.txt";

    /** One entry: English terms (the first names it) and Chinese terms. */
    public record Entry(List<String> english, List<String> chinese) {
        /** The entry's name: its first English term. */
        public String name() {
            return english.get(0);
        }
    }

    /** A glossary term found in a text, at {@code start}, in {@code english} or Chinese. */
    public record Match(Entry entry, String term, int start, int end, boolean english) {
    }

    private record Term(Entry entry, String text, boolean english, Pattern pattern) {
    }

    private final List<Entry> entries;
    private final List<Term> terms;

    /** Parses a glossary text (see the resource's header for the format). */
    public FabGlossary(List<String> lines) {
        List<Entry> list = new ArrayList<>();
        List<Term> all = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("Glossary line " + n + " has no ' = ': " + line);
            }
            List<String> en = split(line.substring(0, eq));
            List<String> zh = split(line.substring(eq + 3));
            if (en.isEmpty() || zh.isEmpty()) {
                throw new IllegalArgumentException("Glossary line " + n + " lacks a term: " + line);
            }
            Entry e = new Entry(en, zh);
            list.add(e);
            for (String t : en) {
                all.add(new Term(e, t, true, englishPattern(t)));
            }
            for (String t : zh) {
                all.add(new Term(e, t, false, Pattern.compile(Pattern.quote(t))));
            }
        }
        // Longer terms first, so "wafer map" wins over "wafer" and 批次号 over 批次.
        all.sort(Comparator.comparingInt((Term t) -> -t.text().length()));
        this.entries = Collections.unmodifiableList(list);
        this.terms = List.copyOf(all);
    }

    /** The glossary shipped in this bundle. */
    public static FabGlossary shipped() {
        try (InputStream in = FabGlossary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The fab glossary " + RESOURCE + " is missing from the bundle.");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new FabGlossary(r.lines().toList());
        } catch (IOException e) {
            throw new IllegalStateException("The fab glossary cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> split(String side) {
        List<String> out = new ArrayList<>();
        for (String t : side.split("\\|")) {
            if (!t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out;
    }

    /**
     * Abbreviations (two or more capitals, such as CD, PM, OOC) match case-sensitively as
     * whole words; other English terms match case-insensitively, with a plural s/es.
     */
    private static Pattern englishPattern(String term) {
        boolean abbreviation = term.chars().filter(Character::isUpperCase).count() >= 2 || term.length() <= 2;
        String body = Pattern.quote(term).replace("-", "\\E[\\s-]?\\Q").replace(" ", "\\E[\\s-]+\\Q");
        String suffix = abbreviation ? "s?" : "(?:s|es)?";
        return Pattern.compile("(?<![A-Za-z0-9])" + body + suffix + "(?![A-Za-z0-9])",
                abbreviation ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The entries, in glossary order. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The glossary terms a text mentions, in text order, without overlaps (the longest term
     * wins) and at most once per entry.
     */
    public List<Match> find(String text) {
        boolean[] taken = new boolean[text.length()];
        List<Match> found = new ArrayList<>();
        for (Term t : terms) {
            Matcher m = t.pattern().matcher(text);
            while (m.find()) {
                boolean free = true;
                for (int i = m.start(); i < m.end() && free; i++) {
                    free = !taken[i];
                }
                if (!free) {
                    continue;
                }
                for (int i = m.start(); i < m.end(); i++) {
                    taken[i] = true;
                }
                found.add(new Match(t.entry(), t.text(), m.start(), m.end(), t.english()));
            }
        }
        found.sort(Comparator.comparingInt(Match::start));
        List<Match> once = new ArrayList<>();
        for (Match m : found) {
            if (once.stream().noneMatch(o -> o.entry() == m.entry())) {
                once.add(m);
            }
        }
        return once;
    }

    /** Entries any of whose terms contains {@code term} (case-insensitive), in glossary order. */
    public List<Entry> lookup(String term) {
        String q = term.strip().toLowerCase(Locale.ROOT);
        List<Entry> out = new ArrayList<>();
        if (q.isEmpty()) {
            return out;
        }
        for (Entry e : entries) {
            boolean hit = false;
            for (String t : e.english()) {
                hit |= t.toLowerCase(Locale.ROOT).contains(q);
            }
            for (String t : e.chinese()) {
                hit |= t.contains(q) || (t.length() >= 2 && q.contains(t));
            }
            if (hit) {
                out.add(e);
            }
        }
        return out;
    }

    /** An entry as a map value: its other English terms, then its Chinese terms. */
    static List<String> others(Entry e) {
        List<String> out = new ArrayList<>(e.english().subList(1, e.english().size()));
        out.addAll(e.chinese());
        return out;
    }

    /** Entries as {@link dev.enclave.semi.FabQa#glossary()} shows them. */
    static Map<String, List<String>> asMap(List<Entry> list) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Entry e : list) {
            out.put(e.name(), others(e));
        }
        return Collections.unmodifiableMap(out);
    }
}
