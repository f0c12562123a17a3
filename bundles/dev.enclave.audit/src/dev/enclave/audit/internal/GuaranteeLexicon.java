package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The guarantee wording the prose readers look for, read once from
 * {@code guarantee-lexicon.properties} beside this class: the cue that a sentence speaks of a
 * guarantee, the act of giving one, the guarantee's kind and the borrower guaranteeing another,
 * in Chinese and English. A bank extends the file, not the code. Immutable; thread-safe.
 */
final class GuaranteeLexicon {
    private GuaranteeLexicon() {
    }

    private static final Properties P = load();

    /** A sentence that speaks of a guarantee. */
    static final Pattern CUE = compile("cue", "保证|担保");
    /** A party gives the guarantee. */
    static final Pattern ACT = compile("act", "提供|承担|出具|保证人|担保人|作为|追加|签订|保证担保|连带");
    /** The borrower guarantees another party (English prose). */
    static final Pattern OUTWARD = compile("outward", "(?!)");

    private record Kind(String name, Pattern pattern) {
    }

    private static final List<Kind> KINDS = kinds();

    /** The kind of guarantee a text states (连带责任保证, 一般保证, 保证), or {@code null}. */
    static String kindOf(String text) {
        for (Kind k : KINDS) {
            if (k.pattern.matcher(text).find()) {
                return k.name;
            }
        }
        return null;
    }

    private static Properties load() {
        return ReaderVocabulary.load("guarantee-lexicon.properties"); // empty: the built-in Chinese defaults below apply
    }

    private static Pattern compile(String key, String fallback) {
        return Pattern.compile(P.getProperty(key, fallback).strip(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static List<Kind> kinds() {
        Map<String, String> sorted = new TreeMap<>();
        for (String k : P.stringPropertyNames()) {
            if (k.startsWith("kind.")) {
                sorted.put(k, P.getProperty(k).strip());
            }
        }
        List<Kind> out = new ArrayList<>();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf('.', 5) + 1);
            out.add(new Kind(name, Pattern.compile(e.getValue(), Pattern.CASE_INSENSITIVE)));
        }
        if (out.isEmpty()) {
            out.add(new Kind("连带责任保证", Pattern.compile("连带")));
            out.add(new Kind("一般保证", Pattern.compile("一般保证")));
            out.add(new Kind("保证", Pattern.compile("保证|担保")));
        }
        return List.copyOf(out);
    }
}
