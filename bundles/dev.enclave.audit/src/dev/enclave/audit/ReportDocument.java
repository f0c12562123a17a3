package dev.enclave.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's text as {@link FieldExtractor}s read it: the text itself (what evidence offsets
 * point into), its lines, its sentences and its key–value pairs ({@code 借款人名称：…},
 * {@code Borrower: …}, {@code 申请金额 | 300万元}). Offsets are {@code [start, end)} character
 * positions in {@link #text()}. Immutable and thread-safe.
 */
public final class ReportDocument {
    /** A stretch of the text: {@code text} equals {@code text().substring(start, end)}. */
    public record Span(int start, int end, String text) {
    }

    /** A label and the value written after it on the same line. */
    public record KeyValue(Span key, Span value) {
    }

    private static final Pattern PAIR = Pattern.compile(
            "([\\p{IsHan}A-Za-z（）()][\\p{IsHan}A-Za-z0-9（）() /]{0,24}?)\\s*(?:[:：｜|]|\\t+|\\s{2,})\\s*(\\S[^\\n]*?)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern SENTENCE_END = Pattern.compile("[。；;！!？?\\n]");

    private final String text;
    private final List<Span> lines = new ArrayList<>();
    private final List<Span> sentences = new ArrayList<>();
    private final List<KeyValue> pairs = new ArrayList<>();

    private ReportDocument(String text) {
        this.text = text;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i > start) {
                    lines.add(span(start, i));
                }
                start = i + 1;
            }
        }
        Matcher m = SENTENCE_END.matcher(text);
        start = 0;
        while (m.find()) {
            addTrimmed(sentences, start, m.end());
            start = m.end();
        }
        addTrimmed(sentences, start, text.length());
        for (Span line : lines) {
            Matcher p = PAIR.matcher(line.text());
            if (p.find() && p.start() == 0) {
                pairs.add(new KeyValue(span(line.start() + p.start(1), line.start() + p.end(1)),
                        span(line.start() + p.start(2), line.start() + p.end(2))));
            }
        }
    }

    /** The document of a report's extracted text. */
    public static ReportDocument of(String text) {
        return new ReportDocument(text == null ? "" : text);
    }

    /** The whole text, as extracted from the report file. */
    public String text() {
        return text;
    }

    /** The non-empty lines. */
    public List<Span> lines() {
        return List.copyOf(lines);
    }

    /** The sentences, split after 。；;！!？? and at line ends, blanks trimmed. */
    public List<Span> sentences() {
        return List.copyOf(sentences);
    }

    /** The lines written as a label and a value (colon, full-width colon, bar, tab or a wide gap between). */
    public List<KeyValue> pairs() {
        return List.copyOf(pairs);
    }

    /** The value of the first pair whose label is one of {@code labels} (compared without blanks), or null. */
    public Span value(String... labels) {
        for (KeyValue kv : pairs) {
            String k = kv.key().text().replaceAll("\\s", "");
            for (String l : labels) {
                if (k.equals(l)) {
                    return kv.value();
                }
            }
        }
        return null;
    }

    private Span span(int s, int e) {
        return new Span(s, e, text.substring(s, e));
    }

    private void addTrimmed(List<Span> out, int s, int e) {
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > s) {
            out.add(span(s, e));
        }
    }
}
