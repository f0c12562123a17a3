package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The word lists the rule readers look for, read once from {@code reader-vocabulary.properties}
 * beside this class: credit products, collateral kinds, relations to the borrower and the column
 * headings of entity tables. Each value is a regular expression of alternatives; a bank or partner
 * extends a line with its own wording, not the code. A key the file lacks matches nothing.
 * Immutable; thread-safe.
 */
final class ReaderVocabulary {
    private ReaderVocabulary() {
    }

    private static final Properties P = load("reader-vocabulary.properties");

    /** The alternatives of {@code key}, or a pattern that matches nothing where the file lacks it. */
    static String words(String key) {
        String v = P.getProperty(key);
        return v == null || v.isBlank() ? "(?!)" : v.strip();
    }

    /** The alternatives of {@code key} as a pattern, matched as written. */
    static Pattern pattern(String key) {
        return Pattern.compile(words(key));
    }

    /** A pattern that {@link java.util.regex.Matcher#matches() matches} a whole text containing one of the words of {@code key}. */
    static Pattern containing(String key) {
        return Pattern.compile(".*(" + words(key) + ").*");
    }

    /**
     * The numbered entries {@code prefix.N.name = words} as {@code {words, name}} pairs in the order of
     * their numbers (the order in which they are tried).
     */
    static String[][] numbered(String prefix) {
        Map<Integer, String[]> sorted = new TreeMap<>();
        for (String k : P.stringPropertyNames()) {
            String[] parts = k.split("\\.", 3);
            if (parts.length == 3 && parts[0].equals(prefix) && parts[1].matches("\\d{1,6}")) {
                sorted.put(Integer.parseInt(parts[1]), new String[] { words(k), parts[2] });
            }
        }
        return sorted.values().toArray(new String[0][]);
    }

    /**
     * The UTF-8 properties file {@code resource} beside this class; empty where it is missing or unreadable
     * (every list then matches nothing and each reader falls back on its structural rules).
     */
    static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = ReaderVocabulary.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // an empty vocabulary: the callers' built-in defaults apply
        }
        return p;
    }
}
