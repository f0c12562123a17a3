package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
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

    private static final Properties P = load();

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

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = ReaderVocabulary.class.getResourceAsStream("reader-vocabulary.properties")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // every list then matches nothing; the structural rules still read the report
        }
        return p;
    }
}
