package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what an English report states in full sentences: the financial figures with the years they
 * belong to ("Total assets were RMB 186.3 million at the end of 2023 (2022: RMB 172.4 million)",
 * "revenue fell from RMB 176.5 million in 2022 to RMB 143.2 million in 2023, and its net profit from
 * RMB 9.6 million to RMB 3.8 million") and the borrower's facts (founding date, registered address,
 * industry). The wording comes from {@code english-prose.properties} beside this class, which a bank
 * may extend. Stateless apart from the year last read, which a sentence without a year of its own
 * takes ("The current ratio was 1.06."); one instance reads one report, on one thread.
 */
final class EnglishProseReader {
    /** A figure read: its year, schema metric and value (yuan, or a ratio as a decimal), and its span. */
    record Figure(int year, String metric, Number value, int start, int end) {
    }

    /** A borrower fact read: the schema field, its value and its span. */
    record Fact(String field, String value, int start, int end) {
    }

    private static final Map<String, Pattern> METRICS = new LinkedHashMap<>();
    private static final Map<String, Pattern> FACTS = new LinkedHashMap<>();
    private static final Pattern NEGATIVE;
    private static final Pattern METRIC;

    static {
        Properties p = new Properties();
        try (InputStream in = EnglishProseReader.class.getResourceAsStream("english-prose.properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder all = new StringBuilder();
        for (String k : p.stringPropertyNames().stream().sorted().toList()) {
            // the normalised text keeps a blank only between two Latin letters ("Province,and", "on11 May")
            Pattern pat = Pattern.compile("(?i)(?:" + p.getProperty(k).strip().replace(" ", "\\s?") + ")");
            if (k.startsWith("metric.")) {
                METRICS.put(k.substring(7), pat);
                all.append(all.length() == 0 ? "" : "|").append(p.getProperty(k).strip().replace(" ", "\\s?"));
            } else if (k.startsWith("fact.")) {
                FACTS.put(k.substring(5), pat);
            }
        }
        NEGATIVE = Pattern.compile("(?i)(?:" + p.getProperty("negative", "outflow").strip() + ")");
        METRIC = Pattern.compile("(?i)(?:" + all + ")");
    }

    private static final Pattern PERCENT = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,2})?)\\s?%");
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.,])(\\d{1,2}\\.\\d{1,3})(?![\\d%]|\\s?(?:million|billion|mn|bn))");
    /** "(2022: RMB 241.7 million)": the year before a figure. */
    private static final Pattern YEAR_PREFIX = Pattern.compile("(?:19|20)(\\d{2})\\s*[:：]\\s*(?:RMB|CNY)?\\s*-?$");
    /** "… in 2023", "at the end of 2023", "for FY2023": the year after a figure, not one that opens the next. */
    private static final Pattern YEAR_AFTER = Pattern.compile("^[^\\d;]{0,30}?(?<!\\d)((?:19|20)\\d{2})(?![\\d]|\\s*[:：])");
    /** "Revenue for 2023 was RMB 312.6 million": the year between a metric and its figure. */
    private static final Pattern YEAR_BEFORE = Pattern.compile("(?i)\\b(?:for|in|of|year-end|year end)\\s(?:FY\\s?)?((?:19|20)\\d{2})(?![\\d:])");
    private static final Pattern ANY_YEAR = Pattern.compile("(?<![\\d.,])((?:19|20)\\d{2})(?![\\d,]|\\.\\d)");

    private int lastYear;

    /** Whether this text is English prose (no Chinese characters). */
    static boolean isEnglish(String text) {
        return !text.matches("(?s).*[\\u4e00-\\u9fa5].*");
    }

    /**
     * The English sentences of a passage, as {@code [start, end)} pairs: a full stop ends one when an
     * upper-case word follows, unless it ends an abbreviation or a title ("No. 8", "Co., Ltd. holds", "Mr. Gu").
     */
    static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '.' || i + 2 >= text.length()) {
                continue;
            }
            int j = i + 1;
            while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            // "S.A.", "U.S.": a capital and a full stop are initials, no new sentence
            boolean initials = j == i + 1 && j + 1 < text.length() && text.charAt(j + 1) == '.';
            if (j < text.length() && Character.isUpperCase(text.charAt(j)) && !initials && !NormalizedText.abbreviationDot(text, i)
                    && !text.substring(Math.max(0, i - 4), i).matches(".*\\b(?:Mr|Mrs|Ms|Dr|Messrs)")) {
                out.add(new int[] { from, i + 1 });
                from = j;
            }
        }
        if (from < text.length()) {
            out.add(new int[] { from, text.length() });
        }
        return out;
    }

    /** The figures of one English sentence {@code text} that starts at {@code base} in the report. */
    List<Figure> figures(String text, int base) {
        List<Figure> out = new ArrayList<>();
        List<int[]> metrics = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            String metric = metricOf(m.group());
            if (metric != null) {
                metrics.add(new int[] { m.start(), m.end() });
                names.add(metric);
            }
        }
        int sentenceYear = 0;
        List<Integer> previousYears = List.of();
        for (int i = 0; i < metrics.size(); i++) {
            int segStart = metrics.get(i)[1];
            int segEnd = i + 1 < metrics.size() ? metrics.get(i + 1)[0] : text.length();
            String metric = names.get(i);
            boolean ratio = metric.equals("current_ratio") || metric.equals("debt_to_asset_ratio");
            List<int[]> spans = new ArrayList<>();
            List<Number> values = new ArrayList<>();
            int pos = segStart;
            while (pos < segEnd) {
                int[] span = new int[2];
                Number v = ratio ? ratio(text, pos, segEnd, metric, span) : amount(text, pos, segEnd, span);
                if (v == null) {
                    break;
                }
                spans.add(span);
                values.add(v);
                pos = span[1];
            }
            Integer[] years = new Integer[spans.size()];
            for (int k = 0; k < spans.size(); k++) {
                int as = spans.get(k)[0];
                int ae = spans.get(k)[1];
                Matcher pre = YEAR_PREFIX.matcher(text.substring(Math.max(segStart, as - 14), as));
                if (pre.find()) {
                    years[k] = Integer.parseInt(text.substring(Math.max(segStart, as - 14) + pre.start(), Math.max(segStart, as - 14) + pre.start() + 4));
                    continue;
                }
                int next = k + 1 < spans.size() ? spans.get(k + 1)[0] : segEnd;
                Matcher after = YEAR_AFTER.matcher(text.substring(ae, Math.min(next, ae + 40)));
                if (after.find()) {
                    years[k] = Integer.parseInt(after.group(1));
                    continue;
                }
                int from = k == 0 ? segStart : spans.get(k - 1)[1];
                if (k == 0 || years[k - 1] == null) {
                    Matcher before = YEAR_BEFORE.matcher(text.substring(from, as));
                    Integer y = null;
                    while (before.find()) {
                        y = Integer.parseInt(before.group(1));
                    }
                    years[k] = y;
                }
            }
            boolean none = true;
            for (Integer y : years) {
                none &= y == null;
            }
            if (none && years.length > 1 && previousYears.size() == years.length) {
                // "… and its net profit from RMB 9.6 million to RMB 3.8 million": the years of the clause before
                for (int k = 0; k < years.length; k++) {
                    years[k] = previousYears.get(k);
                }
            }
            int fallback = 0;
            for (Integer y : years) {
                fallback = y != null ? Math.max(fallback, y) : fallback;
            }
            if (fallback == 0) {
                fallback = none && years.length == 1 && previousYears.size() == 1 ? previousYears.get(0) : 0;
            }
            if (fallback == 0) {
                Matcher any = ANY_YEAR.matcher(text.substring(0, metrics.get(i)[0]));
                while (any.find()) {
                    sentenceYear = Integer.parseInt(any.group(1));
                }
                fallback = sentenceYear > 0 ? sentenceYear : lastYear;
            }
            List<Integer> used = new ArrayList<>();
            for (int k = 0; k < spans.size(); k++) {
                int y = years[k] != null ? years[k] : fallback;
                if (years[k] == null && java.util.Arrays.asList(years).contains(fallback)) {
                    // "For 2023 … revenue of RMB 96.4 million (2022: RMB 83.0 million)": the other figure's
                    // year is taken; this one is the sentence's own year, stated before the metric
                    Matcher own = ANY_YEAR.matcher(text.substring(0, metrics.get(i)[0]));
                    int before = 0;
                    while (own.find()) {
                        int b = Integer.parseInt(own.group(1));
                        if (!java.util.Arrays.asList(years).contains(b) && !text.startsWith(":", own.end())) {
                            before = b;
                        }
                    }
                    y = before > 0 ? before : y;
                }
                if (y <= 0 || used.contains(y)) {
                    continue;
                }
                used.add(y);
                Number v = values.get(k);
                int from = k == 0 ? metrics.get(i)[0] : spans.get(k - 1)[1];
                if (!ratio && v.longValue() > 0 && (NEGATIVE.matcher(text.substring(from, spans.get(k)[0])).find()
                        || spans.get(k)[0] > 0 && text.charAt(spans.get(k)[0] - 1) == '-')) {
                    v = -v.longValue();
                }
                out.add(new Figure(y, metric, v, base + metrics.get(i)[0], base + spans.get(k)[1]));
                lastYear = Math.max(lastYear, y);
            }
            previousYears = used;
        }
        return out;
    }

    /** The borrower's facts that one English sentence states. */
    List<Fact> facts(String text, int base) {
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, Pattern> f : FACTS.entrySet()) {
            Matcher m = f.getValue().matcher(text);
            if (!m.find()) {
                continue;
            }
            switch (f.getKey()) {
                case "borrower.established" -> {
                    String rest = text.substring(m.end()).replaceFirst("^(\\d{1,2})(?:st|nd|rd|th)\\s+of\\s", "$1 ");
                    Values.Hit<String> d = Values.date(rest, 0);
                    if (d != null && d.start() == 0) {
                        out.add(new Fact(f.getKey(), d.value(), base + m.end(), base + m.end() + Math.min(rest.length(), d.end() + 3)));
                    }
                }
                case "borrower.address" -> {
                    int s = m.end();
                    while (s < text.length() && Character.isWhitespace(text.charAt(s))) {
                        s++;
                    }
                    Matcher end = Pattern.compile(",?\\s?(?:and|while|which|where)\\s[a-z]|;|\\.\\s*$").matcher(text);
                    int e = end.find(s) ? end.start() : text.length();
                    while (e > s && (Character.isWhitespace(text.charAt(e - 1)) || text.charAt(e - 1) == ',')) {
                        e--;
                    }
                    if (e - s >= 8 && Character.isLetterOrDigit(text.charAt(s))) {
                        out.add(new Fact(f.getKey(), text.substring(s, e), base + s, base + e));
                    }
                }
                default -> {
                    String v = m.group("v") != null ? m.group("v") : m.group("v2");
                    int s = m.start("v") >= 0 ? m.start("v") : m.start("v2");
                    out.add(new Fact(f.getKey(), v, base + s, base + s + v.length()));
                }
            }
        }
        return out;
    }

    private static String metricOf(String words) {
        for (Map.Entry<String, Pattern> e : METRICS.entrySet()) {
            if (e.getValue().matcher(words).matches()) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Number amount(String text, int from, int to, int[] span) {
        Values.Hit<Long> h = Values.amount(text.substring(0, to), from, 0);
        if (h == null) {
            return null;
        }
        span[0] = h.start();
        span[1] = h.end();
        return h.value();
    }

    private static Number ratio(String text, int from, int to, String metric, int[] span) {
        Matcher m = (metric.equals("debt_to_asset_ratio") ? PERCENT : DECIMAL).matcher(text.substring(0, to));
        if (!m.find(from)) {
            return null;
        }
        span[0] = m.start();
        span[1] = m.end();
        double v = Double.parseDouble(m.group(1));
        return metric.equals("debt_to_asset_ratio") ? Values.round(v / 100) : v;
    }
}
