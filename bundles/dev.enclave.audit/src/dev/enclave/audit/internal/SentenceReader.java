package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.internal.ExtractionState.Cand;
import dev.enclave.audit.internal.Structure.Cell;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * Reads the sentences of a report ({@link #sentences}: prose lines and prose-like form values, each with
 * the kind of section it stands in) and the value a cue in one of them starts: an amount, a date, an industry,
 * a phrase up to the clause end, a credit product; and the facility of an English sentence ("a working capital
 * loan of RMB 20 million", tenor, rate, purpose, repayment). The prose readers read these sentences.
 */
final class SentenceReader {
    private final ExtractionState x;

    SentenceReader(ExtractionState x) {
        this.x = x;
    }

    static final Pattern CREDIT_CODE = Pattern.compile("(?<![0-9A-Z])[0-9A-HJ-NP-Z]{2}\\d{6}[0-9A-Z]{10}(?![0-9A-Z])");

    /** The credit products a report names (流动资金贷款, 银行承兑汇票 …): {@code product} in reader-vocabulary.properties. */
    private static final Pattern PRODUCT = ReaderVocabulary.pattern("product");

    static int[] product(String s) {
        Matcher m = PRODUCT.matcher(s);
        return m.find() ? new int[] { m.start(), m.end() } : null;
    }

    /**
     * A sentence of normalised text: its span, the kind of section it stands in and its line. A class with a
     * record's equality, so that the readers in other files read its fields as the extractor always did.
     */
    static final class Sentence {
        final int start;
        final int end;
        final Kind kind;
        final Line line;

        Sentence(int start, int end, Kind kind, Line line) {
            this.start = start;
            this.end = end;
            this.kind = kind;
            this.line = line;
        }

        String text(String t) {
            return t.substring(start, end);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sentence x && x.start == start && x.end == end && x.kind == kind
                    && java.util.Objects.equals(x.line, line);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(start, end, kind, line);
        }
    }

    List<Sentence> sentences() {
        List<Sentence> out = new ArrayList<>();
        for (Line line : x.st.lines) {
            int s = line.start;
            int lineEnd = line.end;
            if (line.cells.size() == 2 && proseCell(line.cells.get(0), line.cells.get(1))) {
                // a form row whose value is prose ("主要财务数据（万元）<TAB>2023年：资产1,860，负债1,020")
                s = line.cells.get(1).start();
                lineEnd = line.cells.get(1).end();
            } else if (line.isHeading || line.cells.size() >= 2 || line.continuation) {
                continue; // (a wrapped cell's rest is read with its row)
            }
            for (int i = s; i <= lineEnd; i++) {
                if (i == lineEnd || x.t.charAt(i) == '。' || x.t.charAt(i) == '；' || x.t.charAt(i) == ';'
                        || x.t.charAt(i) == '!' || x.t.charAt(i) == '?' || x.t.charAt(i) == '！' || x.t.charAt(i) == '？') {
                    int e = Math.min(i + (i < lineEnd ? 1 : 0), lineEnd);
                    if (e > s && !x.t.substring(s, e).isBlank()) {
                        out.add(new Sentence(s, e, line.kind, line));
                    }
                    s = i + 1;
                }
            }
        }
        return out;
    }

    /** A label cell and a value cell of prose: a known or captioned label, a value of two clauses or more. */
    private static boolean proseCell(Cell label, Cell value) {
        String l = Structure.cleanLabel(label.text());
        return l.length() <= 14 && l.matches("[\\u4e00-\\u9fa5()（）/、]+") && value.text().length() >= 12
                && value.text().matches(".*[,，;；。].*") && !value.text().contains("\t");
    }

    /** "a working capital loan of RMB 20 million": an English product and its amount. */
    private static final Pattern EN_FACILITY = Pattern.compile(
            "(?i)\\b((?:[a-z/\\-]+\\s){0,4}?(?:loan|facility|line|letters?\\s?of\\s?credit|L/C|acceptances?|overdraft))\\s?(?:of|for|amounting\\s?to)\\s?"
                    + "((?:RMB|CNY)\\s?[\\d.,]+\\s?(?:million|mn|billion|bn|thousand)?)");
    private static final Pattern EN_TERM = Pattern.compile("(?i)(?:tenor|term|for)\\s?(?:of\\s?)?(\\d{1,3}\\s?(?:months?|years?))");
    private static final Pattern EN_RATE = Pattern.compile(
            "(?i)(?:\\d{1,2}\\s?Y\\s?)?LPR\\s?[+\\-]\\s?\\d{1,3}(?:\\.\\d+)?\\s?(?:bps?|basis\\s?points)|\\d{1,2}(?:\\.\\d{1,4})?\\s?%\\s?(?:p\\.a\\.|per\\s?annum)");
    private static final Pattern EN_PURPOSE = Pattern.compile(
            "(?i)\\b(?:to|for\\s?the\\s?purpose\\s?of|in\\s?order\\s?to)\\s((?:buy|purchase|fund|finance|refinance|pay|build|construct|acquire|import)\\b[^,;.]*)");
    private static final Pattern EN_REPAY = Pattern.compile("(?i)\\brepaid\\s?(?:from|by|out\\s?of|with)\\s([^,;.]+)");

    /**
     * An English request told in one sentence: "A working capital loan of RMB 20 million, tenor 12
     * months, at 1Y LPR + 90bp, to buy cotton yarn, repaid from sales collections." A labelled value
     * (Tenor:, Purpose:) beats what is read here.
     */
    void englishFacility(String text, int base, int prio) {
        Matcher m = EN_FACILITY.matcher(text);
        if (!m.find()) {
            return;
        }
        // "asking for a working capital loan of …": the words before the product are not part of it
        String product = m.group(1).replaceFirst("(?i)^(?:(?:we|propose[sd]?|for|a|an|the|requests?|new|asking|seeks?|applies)\\s)+", "")
                .strip();
        int ps = m.start(1) + m.group(1).indexOf(product);
        x.offer("facility.product", x.nt.surface(base + ps, base + ps + product.length()).replaceAll("(?<=[a-z])(?=[A-Z])", " "),
                base + ps, base + ps + product.length(), prio);
        Values.Hit<Long> a = Values.amount(text, m.start(2), 0);
        if (a != null && a.start() == m.start(2)) {
            x.offer("facility.amount_yuan", a.value(), base + a.start(), base + a.end(), prio);
        }
        String rest = text.substring(m.end());
        int off = m.end();
        Matcher term = EN_TERM.matcher(rest);
        if (term.find()) {
            Values.Hit<Integer> h = Values.termMonths(term.group(1), 0);
            if (h != null) {
                x.offer("facility.term_months", h.value(), base + off + term.start(1), base + off + term.end(1), prio);
            }
        }
        Matcher rate = EN_RATE.matcher(rest);
        if (rate.find()) {
            x.offer("facility.rate", x.nt.original.substring(x.nt.start(base + off + rate.start()), x.nt.end(base + off + rate.end())).strip(),
                    base + off + rate.start(), base + off + rate.end(), prio);
        }
        Matcher pur = EN_PURPOSE.matcher(rest);
        if (pur.find()) {
            x.offer("facility.purpose", x.original(base + off + pur.start(1), base + off + pur.end(1)),
                    base + off + pur.start(1), base + off + pur.end(1), prio);
        }
        Matcher rep = EN_REPAY.matcher(rest);
        if (rep.find()) {
            x.offer("facility.repayment_source", x.original(base + off + rep.start(1), base + off + rep.end(1)),
                    base + off + rep.start(1), base + off + rep.end(1), prio);
        }
    }

    Cand amountAt(int from, int to, long unit) {
        Values.Hit<Long> h = Values.amount(x.t.substring(from, to), 0, unit);
        return h != null && h.start() <= 4 ? new Cand(h.value(), from + h.start(), from + h.end(), 0) : null;
    }

    Cand dateAt(int from, int to) {
        Values.Hit<String> h = Values.date(x.t.substring(from, to), 0);
        return h != null && h.start() <= 2 ? new Cand(h.value(), from + h.start(), from + h.end(), 0) : null;
    }

    Cand industryAt(int from, int to) {
        String v = x.t.substring(from, to);
        int whole = 0;
        while (whole < v.length() && ",，。;；(（\n".indexOf(v.charAt(whole)) < 0) {
            whole++;
        }
        // "皮革、毛皮、羽毛及其制品和制鞋业": a classification name with 、 inside
        if (whole >= 2 && whole <= 30 && v.substring(0, whole).strip().endsWith("业") && v.substring(0, whole).contains("、")) {
            int ws = from + (v.length() - v.stripLeading().length());
            int we = from + v.substring(0, whole).stripTrailing().length();
            return we > ws ? new Cand(x.nt.surface(ws, we), ws, we, 0) : null;
        }
        int e = 0;
        while (e < v.length() && ",，。;；、(（".indexOf(v.charAt(e)) < 0) {
            e++;
        }
        String s = v.substring(0, e);
        int hang = s.indexOf("行业");
        if (hang > 0 && !v.startsWith(":")) {
            s = s.substring(0, hang + 2);
            e = hang + 2;
        }
        if (s.length() < 2 || s.length() > 30) {
            return null;
        }
        return new Cand(x.nt.surface(from, from + e), from, from + e, 0);
    }

    Cand phraseAt(int from, int to, boolean keepCommas) {
        int e = x.clauseEnd(from, to, keepCommas);
        if (e - from < 2 || e - from > 80) {
            return null;
        }
        return new Cand(x.nt.surface(from, e), from, e, 0);
    }
}
