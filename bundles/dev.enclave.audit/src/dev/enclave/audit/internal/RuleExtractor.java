package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.CreditReport;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Cand;
import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.SentenceReader.Sentence;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * The rule-based extraction of one report: form pairs, tables and prose sentences, each
 * read in the light of the section it stands in. One instance per report; not thread-safe.
 *
 * <p>The rules are split into package-internal readers by what they read, all reading and
 * offering through one {@link ExtractionState} (the text, its structure, the candidates with
 * their priorities, the list items, and the readers themselves): {@link PairReader} (form
 * pairs), {@link FinancialTableReader} with {@link FigureReader} and {@link EntityTableReader}
 * (tables), {@link SentenceReader}, {@link ProseReader}, {@link FinancialProseReader} and
 * {@link ProseListReader} (prose), the clause readers {@link GuaranteeReader},
 * {@link CollateralReader}, {@link RelatedPartyReader} and {@link CounterpartyReader},
 * {@link NameReader} (names and spans), and {@link RiskStatementReader}. This class creates
 * them per report, runs the phases in their fixed order ({@link #run}; the order decides which
 * of two candidates of equal priority is kept) and builds the report with its evidence spans.
 */
final class RuleExtractor {
    private final ExtractionState x;

    RuleExtractor(String original, String source) {
        x = new ExtractionState(original, source);
        x.nameReader = new NameReader(x);
        x.guaranteeReader = new GuaranteeReader(x);
        x.collateralReader = new CollateralReader(x);
        x.relatedPartyReader = new RelatedPartyReader(x);
        x.counterpartyReader = new CounterpartyReader(x);
        x.entityTableReader = new EntityTableReader(x);
        x.financialTableReader = new FinancialTableReader(x);
        x.sentenceReader = new SentenceReader(x);
        x.financialProseReader = new FinancialProseReader(x);
        x.proseListReader = new ProseListReader(x);
        x.proseReader = new ProseReader(x);
        x.pairReader = new PairReader(x);
    }

    CreditReport run() {
        // scalars first (the borrower's name decides guarantee directions), then lists; a failure in
        // one phase must not cost the others
        ExtractionState.phase(x.pairReader::pairs);
        List<Sentence> sentences = x.sentenceReader.sentences();
        ExtractionState.phase(() -> x.proseReader.proseScalars(sentences));
        ExtractionState.phase(this::title);
        ExtractionState.phase(x.financialTableReader::tables);
        for (Runnable r : x.deferred) {
            ExtractionState.phase(r);
        }
        ExtractionState.phase(() -> x.proseListReader.proseLists(sentences));
        ExtractionState.phase(() -> new RiskStatementReader(x.nt, x.st, x.risks).read());
        ExtractionState.phase(x.relatedPartyReader::relatedLists);
        return build();
    }

    /** A line near the top that names the report's subject ("授信调查报告", "Re: Annual review of X"). */
    private static final Pattern TITLE_CUE = ReaderVocabulary.containing("title.cue");

    private void title() {
        // "流动资金贷款调查表": the product a report's title names, when nothing else names one
        for (Line l : x.st.lines) {
            if (l.text.isBlank()) {
                continue;
            }
            int[] ps = SentenceReader.product(l.text);
            if (ps != null && l.text.matches(".*(调查|审查|审批|申请|报告|表).*") && l.start < 200) {
                x.offer("facility.product", x.nt.surface(l.start + ps[0], l.start + ps[1]), l.start + ps[0], l.start + ps[1], 0);
            }
            break;
        }
        if (x.scalars.containsKey("borrower.name")) {
            return;
        }
        for (Line l : x.st.lines) {
            if (l.text.isBlank()) {
                continue;
            }
            if (TITLE_CUE.matcher(l.text).matches()) {
                for (Entity en : x.nameReader.entities(l.text)) {
                    if (en.type().equals("company")) {
                        x.offer("borrower.name", x.nt.surface(l.start + en.start(), l.start + en.end()),
                                l.start + en.start(), l.start + en.end(), 1);
                        return;
                    }
                }
            }
            if (l.start > 400) {
                break;
            }
        }
        for (Line l : x.st.lines) {
            if (l.kind == Kind.BORROWER && !l.isHeading) {
                for (Entity en : x.nameReader.entities(l.text)) {
                    if (en.type().equals("company")) {
                        x.offer("borrower.name", x.nt.surface(l.start + en.start(), l.start + en.end()),
                                l.start + en.start(), l.start + en.end(), 0);
                        return;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ build

    private CreditReport build() {
        Map<String, int[]> evidence = new LinkedHashMap<>();
        Borrower b = new Borrower(str("borrower.name", evidence), str("borrower.credit_code", evidence),
                str("borrower.legal_rep", evidence), str("borrower.controller", evidence),
                (Long) val("borrower.registered_capital_yuan", evidence), str("borrower.established", evidence),
                str("borrower.industry", evidence), str("borrower.address", evidence));
        Facility f = new Facility(str("facility.product", evidence), (Long) val("facility.amount_yuan", evidence),
                (Integer) val("facility.term_months", evidence), str("facility.rate", evidence),
                str("facility.purpose", evidence), str("facility.repayment_source", evidence));
        TreeMap<String, Item<Financial>> sorted = new TreeMap<>();
        for (Item<Financial> i : x.financials.values()) {
            sorted.put(i.value.year() + "/" + Financial.METRICS.indexOf(i.value.metric()) , i);
        }
        List<Financial> fin = list("financials", new ArrayList<>(sorted.values()), evidence);
        // fill guarantees missing a beneficiary now that the borrower is known
        for (Item<Guarantee> g : x.guarantees) {
            if (g.value.beneficiary() == null && b.name() != null) {
                Guarantee o = g.value;
                g.value = new Guarantee(o.guarantor(), o.guarantorType(), b.name(), o.kind(), o.amountYuan());
            }
        }
        List<Guarantee> gs = list("guarantees", x.guarantees.stream().filter(g -> g.value.beneficiary() != null
                && !ExtractionState.sameName(g.value.guarantor(), g.value.beneficiary())).toList(), evidence);
        List<Collateral> cs = list("collateral", x.collateral, evidence);
        List<RelatedParty> rs = list("related_parties", x.related, evidence);
        List<Counterparty> sup = list("suppliers", x.suppliers, evidence);
        List<Counterparty> cus = list("customers", x.customers, evidence);
        List<String> rst = list("risks_stated", dedupRisks(), evidence);
        // derived ratios, implied codes and figure findings: computed again after every correction
        return ReportFigures.complete(new CreditReport(x.source, b, f, fin, gs, cs, rs, sup, cus, rst, List.of(), evidence,
                List.of()));
    }

    private List<Item<String>> dedupRisks() {
        List<Item<String>> out = new ArrayList<>();
        for (Item<String> r : x.risks) {
            if (out.stream().noneMatch(o -> o.value.equals(r.value))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Scalars the schema wants normalised (NFKC: no full-width digits or letters from OCR). */
    private static final Set<String> NFKC_FIELDS = Set.of("borrower.credit_code", "borrower.address", "borrower.industry",
            "facility.product", "facility.rate", "facility.purpose", "facility.repayment_source");
    /** Of those, the ones where a blank is never part of the value ("LPR + 85BP", "胡埭工业园 联合路"). */
    private static final Set<String> BLANKLESS_FIELDS = Set.of("borrower.credit_code", "borrower.address", "facility.rate");

    /** A blank beside a Chinese character or full-width sign, which PDF text and scans scatter through addresses. */
    private static final Pattern CJK_BLANK = Pattern.compile(
            "(?<=[\\p{IsHan}\\u3000-\\u303f\\uff00-\\uffef])\\s+|\\s+(?=[\\p{IsHan}\\u3000-\\u303f\\uff00-\\uffef])");

    /**
     * An address as written, without the blanks a layout scatters between Chinese characters
     * ("烟台市 港城大道 196号" → "烟台市港城大道196号") but with one blank between English words
     * ("No. 288 Qianjin East Road, Kunshan"), which used to be run together.
     */
    private static String addressBlanks(String s) {
        return CJK_BLANK.matcher(s).replaceAll("").replaceAll("\\s+", " ").replaceAll("[\\s,，;；]+$", "").strip();
    }

    private String str(String field, Map<String, int[]> evidence) {
        Object v = val(field, evidence);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        if (NFKC_FIELDS.contains(field)) {
            s = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).strip();
        }
        if (field.equals("borrower.address")) {
            // as the report prints it (the matching text drops the blank after a comma or full stop)
            Cand c = x.scalars.get(field);
            String printed = x.original(c.start, c.end);
            s = addressBlanks(printed.replaceAll("\\s", "").equals(s.replaceAll("\\s", "")) ? printed : s);
        } else if (BLANKLESS_FIELDS.contains(field)) {
            s = s.replaceAll("\\s", "");
        }
        return s;
    }

    private Object val(String field, Map<String, int[]> evidence) {
        Cand c = x.scalars.get(field);
        if (c == null) {
            return null;
        }
        evidence.put(field, x.orig(c.start, c.end));
        return c.value;
    }

    private <T> List<T> list(String name, List<Item<T>> items, Map<String, int[]> evidence) {
        List<T> out = new ArrayList<>();
        for (Item<T> i : items) {
            evidence.put(name + "[" + out.size() + "]", x.orig(i.start, i.end));
            out.add(i.value);
        }
        return out;
    }
}
