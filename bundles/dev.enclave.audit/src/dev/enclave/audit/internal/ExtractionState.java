package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.internal.Structure.Kind;

/**
 * The shared state of one report's rule-based extraction: the normalised text and its structure, the
 * scalar candidates with their priorities (what {@link #offer} keeps: higher wins, ties keep the first) and
 * the list items each reader adds. The readers ({@link PairReader}, the table, prose and
 * clause readers) only add candidates and items; {@link RuleExtractor} builds the report from them. It
 * also holds the report's readers, so that one reader hands a clause to another ({@code x.guaranteeReader
 * .guaranteeClause(…)}) without the readers knowing how they are wired. One instance per report; not
 * thread-safe.
 */
final class ExtractionState {
    /** The readers of this report, each reading through this state (set by {@link RuleExtractor}). */
    NameReader nameReader;
    GuaranteeReader guaranteeReader;
    CollateralReader collateralReader;
    RelatedPartyReader relatedPartyReader;
    CounterpartyReader counterpartyReader;
    EntityTableReader entityTableReader;
    FinancialTableReader financialTableReader;
    SentenceReader sentenceReader;
    FinancialProseReader financialProseReader;
    ProseListReader proseListReader;
    ProseReader proseReader;
    PairReader pairReader;

    final NormalizedText nt;
    final String t;
    final Structure st;
    final String source;

    /**
     * A scalar candidate with its normalised span and priority (higher wins; ties keep the first). A class,
     * not a record, so that the readers in other files read its fields as the extractor always did.
     */
    static final class Cand {
        final Object value;
        final int start;
        final int end;
        final int prio;

        Cand(Object value, int start, int end, int prio) {
            this.value = value;
            this.start = start;
            this.end = end;
            this.prio = prio;
        }

        Object value() {
            return value;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }
    }

    final Map<String, Cand> scalars = new LinkedHashMap<>();
    final Map<String, Item<Financial>> financials = new LinkedHashMap<>();
    final EnglishProseReader english = new EnglishProseReader();
    final List<Item<Guarantee>> guarantees = new ArrayList<>();
    final List<Item<Collateral>> collateral = new ArrayList<>();
    final List<Item<RelatedParty>> related = new ArrayList<>();
    final List<Item<Counterparty>> suppliers = new ArrayList<>();
    final List<Item<Counterparty>> customers = new ArrayList<>();
    final List<Item<String>> risks = new ArrayList<>();

    /** A list item with its normalised span. */
    static final class Item<T> {
        T value;
        int start;
        int end;
        final int prio;

        Item(T value, int start, int end, int prio) {
            this.value = value;
            this.start = start;
            this.end = end;
            this.prio = prio;
        }
    }

    ExtractionState(String original, String source) {
        this.nt = new NormalizedText(original);
        this.t = nt.text;
        this.st = new Structure(t);
        this.source = source;
    }

    /** List work that needs the borrower's name, run once the scalars are known. */
    final List<Runnable> deferred = new ArrayList<>();

    static int borrowerPrio(Kind k) {
        return switch (k) {
            case BORROWER -> 3;
            case NONE, OTHER, FACILITY, FINANCIALS -> 2;
            default -> -1;
        };
    }

    static int facilityPrio(Kind k) {
        return switch (k) {
            case FACILITY -> 3;
            case NONE, OTHER, BORROWER -> 2;
            default -> -1;
        };
    }

    int prioFor(String field, Kind k) {
        if (field.equals("borrower.controller") && k == Kind.RELATED) {
            return 2;
        }
        return field.startsWith("borrower.") ? borrowerPrio(k) : facilityPrio(k);
    }

    void offer(String field, Object value, int s, int e, int prio) {
        if (value == null || prio < 0 || (value instanceof String str && (str.isBlank() || str.matches("[-—/无暂未不详]+|不适用|暂无|(?i)n/?a")))) {
            return;
        }
        Cand old = scalars.get(field);
        if (old == null || prio > old.prio) {
            scalars.put(field, new Cand(value, s, e, prio));
        }
    }

    static long unitOr(String label, long def) {
        long u = LabelMap.unitOf(label);
        return u > 0 ? u : def;
    }

    void putFinancial(int year, String metric, Number v, int s, int e, int prio) {
        String key = year + "/" + metric;
        Item<Financial> old = financials.get(key);
        if (old == null || prio > old.prio) {
            financials.put(key, new Item<>(new Financial(year, metric, v), s, e, prio));
        }
    }

    /** The original text behind normalised {@code [s, e)}, blanks kept, trimmed. */
    String original(int s, int e) {
        return nt.original.substring(nt.start(s), nt.end(e)).strip();
    }

    /** Where a cue's value is read: the candidate in normalised {@code [from, to)}, or null. */
    interface At {
        Cand at(int from, int to);
    }

    void cue(String text, int base, Pattern p, String field, int prio, At at) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            Cand c = at.at(base + m.end(), base + text.length());
            if (c != null) {
                offer(field, c.value, c.start, c.end, prio);
                return;
            }
        }
    }

    String borrowerName() {
        Cand c = scalars.get("borrower.name");
        return c == null ? null : (String) c.value;
    }

    static boolean sameName(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return NameKey.of(a).equals(NameKey.of(b));
    }

    int[] orig(int s, int e) {
        return new int[] { nt.start(s), nt.end(e) };
    }

    /** English with the Chinese in brackets: "purchase of optical glass (采购光学玻璃)". */
    static final Pattern ENGLISH_THEN_ZH = Pattern.compile(
            "^[^\\u4e00-\\u9fa5]*[A-Za-z][^\\u4e00-\\u9fa5(（]*[(（]([^()（）]*[\\u4e00-\\u9fa5][^()（）]*)[)）][\\s.]*$");

    /** Chinese with an English note in brackets: "专用设备制造业 (optical components)". */
    private static final Pattern ZH_THEN_ENGLISH = Pattern.compile(
            "^(.*[\\u4e00-\\u9fa5][^(（]*?)\\s*[(（][^\\u4e00-\\u9fa5()（）]*[A-Za-z][^\\u4e00-\\u9fa5()（）]*[)）][\\s.]*$");

    /**
     * The Chinese part of a bilingual value in {@code [s, e)} (the schema keeps the names and
     * phrases in the report's Chinese), or {@code null} when the value is not bilingual.
     */
    int[] chineseOfBilingual(int s, int e) {
        String v = t.substring(s, e);
        Matcher m = ENGLISH_THEN_ZH.matcher(v);
        if (m.matches()) {
            return new int[] { s + m.start(1), s + m.end(1) };
        }
        m = ZH_THEN_ENGLISH.matcher(v);
        if (m.matches()) {
            return new int[] { s + m.start(1), s + m.end(1) };
        }
        return null;
    }

    /** End of a short value: the first sentence break (and comma, unless {@code keepCommas}). */
    int clauseEnd(int s, int e, boolean keepCommas) {
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (c == '。' || c == ';' || c == '；' || c == '\n' || c == '\t' || (!keepCommas && (c == ',' || c == '，'))
                    || c == '.' && i > s && !Character.isDigit(t.charAt(i - 1)) && sentenceStarts(i + 1, e)) {
                e = i;
                break;
            }
        }
        while (e > s && (t.charAt(e - 1) == '。' || Character.isWhitespace(t.charAt(e - 1)))) {
            e--;
        }
        return e;
    }

    /** Whether a sentence starts at {@code i} (before {@code e}): a capital, after at most one blank. */
    private boolean sentenceStarts(int i, int e) {
        if (i < e && t.charAt(i) == ' ') {
            i++;
        }
        return i < e && Character.isUpperCase(t.charAt(i));
    }

    static void phase(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // keep what the other phases found; the report is still useful
            java.util.logging.Logger.getLogger(RuleExtractor.class.getName()).log(java.util.logging.Level.FINE,
                    "extraction phase failed", e);
        }
    }
}
