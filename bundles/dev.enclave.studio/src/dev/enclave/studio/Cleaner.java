package dev.enclave.studio;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/**
 * Cleans the text fields of dataset records in named steps, each reporting what it changed.
 * Steps, in the order they run:
 * <ul>
 * <li>{@code mojibake}: repairs UTF-8 that was decoded as Latin-1 / Windows-1252 ("æ–‡" → "文")
 * when re-decoding gives clean text; a record that still holds replacement characters
 * (U+FFFD) is removed;</li>
 * <li>{@code width}: Unicode NFC, and full-width ASCII letters, digits and symbols plus the
 * ideographic space to their half-width forms; Chinese punctuation (，。：；？！) stays;</li>
 * <li>{@code control}: removes control and format characters other than tab and newline
 * (zero-width spaces, BOMs, bidi marks, C0/C1 controls);</li>
 * <li>{@code whitespace}: trims, collapses runs of spaces and tabs, keeps at most one blank line;</li>
 * <li>{@code length}: removes records whose text is shorter than {@code minChars} or longer
 * than {@code maxChars} (code points; 0 = no limit);</li>
 * <li>{@code language}: keeps records whose language (zh, en, mixed, other — by script)
 * is among {@code languages} (empty = all).</li>
 * </ul>
 * Records keep their {@code id} and order.
 */
public final class Cleaner {
    /** Step names in running order. */
    public static final List<String> STEPS = List.of("mojibake", "width", "control", "whitespace", "length",
            "language");

    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n(\\s*\\n)+");
    private static final Pattern LINE_EDGES = Pattern.compile(" *\\n *");
    /** Characters typical of UTF-8 bytes shown as Windows-1252: Ã Â â æ å ä ç è é ï ð plus a 0x80–0xBF look-alike. */
    private static final Pattern MOJIBAKE = Pattern.compile(
            "[\\u00C2-\\u00F4][\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC"
                    + "\\u2013\\u2014\\u2018-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]");

    private final Set<String> steps;
    private final int minChars;
    private final int maxChars;
    private final Set<String> languages;

    /** What a run did: records in and out, and per step how many records it changed or removed. */
    public record Report(int records, int kept, Map<String, Integer> changed, Map<String, Integer> removed,
            List<String> removedIds) {
    }

    /**
     * @param steps the steps to run (a subset of {@link #STEPS}); empty means all
     * @param minChars records with fewer code points are removed by {@code length}
     * @param maxChars records with more code points are removed by {@code length} (0 = no limit)
     * @param languages languages {@code language} keeps (zh, en, mixed, other); empty keeps all
     */
    public Cleaner(Set<String> steps, int minChars, int maxChars, Set<String> languages) {
        for (String s : steps) {
            if (!STEPS.contains(s)) {
                throw EnclaveException.badInput("Unknown cleaning step '" + s + "'. Steps: " + String.join(", ", STEPS)
                        + ".");
            }
        }
        for (String l : languages) {
            if (!List.of("zh", "en", "mixed", "other").contains(l)) {
                throw EnclaveException.badInput("Unknown language '" + l + "'. Use zh, en, mixed or other.");
            }
        }
        if (minChars < 0 || maxChars < 0 || (maxChars > 0 && maxChars < minChars)) {
            throw EnclaveException.badInput("Length limits " + minChars + ".." + maxChars
                    + ": give 0 ≤ min ≤ max (max 0 = no limit).");
        }
        this.steps = steps.isEmpty() ? Set.copyOf(STEPS) : Set.copyOf(steps);
        this.minChars = minChars;
        this.maxChars = maxChars;
        this.languages = Set.copyOf(languages);
    }

    /** Cleans the records in place and returns those kept, in order, with the report. */
    public Result run(List<JsonObject> records) {
        Map<String, Integer> changed = new LinkedHashMap<>();
        Map<String, Integer> removed = new LinkedHashMap<>();
        for (String s : STEPS) {
            if (steps.contains(s)) {
                changed.put(s, 0);
                removed.put(s, 0);
            }
        }
        List<JsonObject> kept = new ArrayList<>();
        List<String> removedIds = new ArrayList<>();
        for (JsonObject r : records) {
            String reason = cleanRecord(r, changed);
            if (reason == null) {
                kept.add(r);
            } else {
                removed.merge(reason, 1, Integer::sum);
                removedIds.add(Dataset.id(r));
            }
        }
        return new Result(kept, new Report(records.size(), kept.size(), changed, removed, removedIds));
    }

    /** Records kept and the report. */
    public record Result(List<JsonObject> kept, Report report) {
    }

    /** Cleans one record; returns the step that removes it, or null to keep it. */
    private String cleanRecord(JsonObject r, Map<String, Integer> changed) {
        String[] removedBy = new String[1];
        for (String step : List.of("mojibake", "width", "control", "whitespace")) {
            if (!steps.contains(step)) {
                continue;
            }
            boolean[] any = new boolean[1];
            Dataset.mapText(r, t -> {
                String c = apply(step, t);
                if (c == null) {
                    removedBy[0] = step;
                    return t;
                }
                if (!c.equals(t)) {
                    any[0] = true;
                }
                return c;
            });
            if (removedBy[0] != null) {
                return removedBy[0];
            }
            if (any[0]) {
                changed.merge(step, 1, Integer::sum);
            }
        }
        String text = Dataset.text(r).strip();
        if (steps.contains("length")) {
            int n = text.codePointCount(0, text.length());
            if (n < minChars || (maxChars > 0 && n > maxChars)) {
                return "length";
            }
        }
        if (steps.contains("language") && !languages.isEmpty() && !languages.contains(language(text))) {
            return "language";
        }
        return null;
    }

    private static String apply(String step, String t) {
        return switch (step) {
        case "mojibake" -> repairMojibake(t);
        case "width" -> halfWidth(Normalizer.normalize(t, Normalizer.Form.NFC));
        case "control" -> removeControls(t);
        case "whitespace" -> whitespace(t);
        default -> t;
        };
    }

    /**
     * Repairs text whose UTF-8 bytes were decoded as Windows-1252 or Latin-1, when that is
     * what happened; returns null when the text holds U+FFFD (bytes lost for good).
     */
    public static String repairMojibake(String t) {
        String out = t;
        if (MOJIBAKE.matcher(t).find()) {
            StringBuilder sb = new StringBuilder(t.length());
            int i = 0;
            while (i < t.length()) {
                // A run of characters that Windows-1252 / Latin-1 can hold is a candidate.
                int j = i;
                while (j < t.length() && singleByte(t.charAt(j))) {
                    j++;
                }
                if (j == i) {
                    sb.append(t.charAt(i++));
                    continue;
                }
                String run = t.substring(i, j);
                sb.append(MOJIBAKE.matcher(run).find() ? redecode(run) : run);
                i = j;
            }
            out = sb.toString();
        }
        return out.indexOf('\uFFFD') >= 0 ? null : out;
    }

    /** The run decoded as UTF-8 from its single-byte form, or the run itself when that fails. */
    private static String redecode(String run) {
        byte[] bytes = toSingleBytes(run);
        if (bytes == null) {
            return run;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return run; // not a clean mis-decoding
        }
    }

    private static final java.nio.charset.CharsetEncoder CP1252_TEST = java.nio.charset.Charset
            .forName("windows-1252").newEncoder();

    private static boolean singleByte(char c) {
        if (c <= 0xFF) {
            return true;
        }
        synchronized (CP1252_TEST) {
            return CP1252_TEST.canEncode(c);
        }
    }

    /** The Windows-1252 (else Latin-1) bytes of the text, or null if a character has neither. */
    private static byte[] toSingleBytes(String t) {
        java.nio.charset.Charset cp1252 = java.nio.charset.Charset.forName("windows-1252");
        var enc = cp1252.newEncoder();
        byte[] out = new byte[t.length()];
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
                out[i] = (byte) c;
            } else if (c >= 0x80 && c < 0xA0) {
                out[i] = (byte) c; // Latin-1 C1 range: the byte itself
            } else if (enc.canEncode(c)) {
                out[i] = String.valueOf(c).getBytes(cp1252)[0];
            } else {
                return null;
            }
        }
        return out;
    }

    /** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to half width; CJK punctuation stays. */
    public static String halfWidth(String t) {
        StringBuilder sb = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            char h = c;
            if (c == '\u3000') {
                h = ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E' && isConvertible(c)) {
                h = (char) (c - 0xFEE0);
            }
            if (h != c && sb == null) {
                sb = new StringBuilder(t.length()).append(t, 0, i);
            }
            if (sb != null) {
                sb.append(h);
            }
        }
        return sb == null ? t : sb.toString();
    }

    /** Letters, digits and ASCII symbols; not the full-width forms Chinese text uses as its punctuation. */
    private static boolean isConvertible(char c) {
        return switch (c) {
        case '\uFF0C', '\uFF1A', '\uFF1B', '\uFF1F', '\uFF01', '\uFF08', '\uFF09' -> false; // ，：；？！（）
        default -> true;
        };
    }

    private static String removeControls(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        t.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean drop = (type == Character.CONTROL && cp != '\n' && cp != '\t')
                    || (type == Character.FORMAT && cp != 0x200D) // keep ZWJ (emoji sequences)
                    || cp == 0xFEFF;
            if (!drop) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String whitespace(String t) {
        String s = t.replace("\r\n", "\n").replace('\r', '\n');
        s = SPACES.matcher(s).replaceAll(" ");
        s = LINE_EDGES.matcher(s).replaceAll("\n");
        s = BLANK_LINES.matcher(s).replaceAll("\n\n");
        return s.strip();
    }

    /** zh, en, mixed or other, by the scripts of the letters. */
    public static String language(String text) {
        long han = text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                .count();
        long latin = text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN)
                .count();
        if (han > 0 && latin > han) {
            return "mixed";
        }
        return han > 0 ? "zh" : latin > 0 ? "en" : "other";
    }
}
