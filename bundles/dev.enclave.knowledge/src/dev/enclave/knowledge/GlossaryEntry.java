package dev.enclave.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a bilingual glossary: English terms and Simplified Chinese terms that name the same
 * thing. The first English term names the entry.
 *
 * <p>The text form, one entry a line, is the one pack glossaries and the workspace term list use:
 * {@code english term|english synonym… = 中文术语|中文同义词…}; blank lines and lines starting with
 * {@code #} are skipped.
 *
 * @param english the English terms, at least one, as written (case is kept)
 * @param chinese the Chinese terms, at least one
 */
public record GlossaryEntry(List<String> english, List<String> chinese) {

    /** Checks and copies the lists. */
    public GlossaryEntry {
        english = clean(english);
        chinese = clean(chinese);
        if (english.isEmpty() || chinese.isEmpty()) {
            throw new IllegalArgumentException("A glossary entry needs an English and a Chinese term.");
        }
    }

    /** The entry's name: its first English term. */
    public String name() {
        return english.get(0);
    }

    /** The entry in the text form ({@code a|b = 甲|乙}). */
    public String line() {
        return String.join("|", english) + " = " + String.join("|", chinese);
    }

    /**
     * Parses one line of the text form.
     *
     * @return the entry, or {@code null} for a blank or comment line
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static GlossaryEntry parse(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        int eq = t.indexOf(" = ");
        if (eq < 0) {
            throw new IllegalArgumentException("no ' = ' between the English and the Chinese terms: " + t);
        }
        return new GlossaryEntry(split(t.substring(0, eq)), split(t.substring(eq + 3)));
    }

    /**
     * Parses the lines of a glossary text.
     *
     * @throws IllegalArgumentException naming the line number and what is wrong with it
     */
    public static List<GlossaryEntry> parseAll(List<String> lines) {
        List<GlossaryEntry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                GlossaryEntry e = parse(lines.get(i));
                if (e != null) {
                    out.add(e);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<String> split(String side) {
        List<String> out = new ArrayList<>();
        for (String s : side.split("\\|")) {
            out.add(s);
        }
        return out;
    }

    private static List<String> clean(List<String> terms) {
        List<String> out = new ArrayList<>();
        if (terms != null) {
            for (String s : terms) {
                String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
                if (!t.isEmpty() && t.indexOf('|') < 0 && t.indexOf('=') < 0 && !out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return List.copyOf(out);
    }
}
