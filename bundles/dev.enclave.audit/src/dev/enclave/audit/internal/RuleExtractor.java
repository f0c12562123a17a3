package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * The rule-based extraction of one report: form pairs, tables and prose sentences, each
 * read in the light of the section it stands in. One instance per report; not thread-safe.
 *
 * <p>The rules are split into readers by what they read, each a layer of one chain over
 * {@link ExtractionState} (the text, its structure and the candidates every reader offers):
 * {@link NameReader}, the clause readers {@link GuaranteeReader}, {@link CollateralReader},
 * {@link RelatedPartyReader} and {@link CounterpartyReader}, the table readers
 * {@link EntityTableReader}, {@link FigureReader} and {@link FinancialTableReader}, the prose
 * readers {@link SentenceReader}, {@link FinancialProseReader}, {@link ProseListReader} and
 * {@link ProseReader}, then {@link PairReader}; {@link RiskStatementReader} and
 * {@link EnglishProseReader} stand apart. A reader calls only the readers below it. This class
 * runs the phases in their fixed order ({@link #run}), which decides what a candidate of equal
 * priority loses to, and builds the report with its evidence spans.
 */
final class RuleExtractor extends PairReader {
    RuleExtractor(String original, String source) {
        super(original, source);
    }

    CreditReport run() {
        // scalars first (the borrower's name decides guarantee directions), then lists; a failure in
        // one phase must not cost the others
        phase(this::pairs);
        List<Sentence> sentences = sentences();
        phase(() -> proseScalars(sentences));
        phase(this::title);
        phase(this::tables);
        for (Runnable r : deferred) {
            phase(r);
        }
        phase(() -> proseLists(sentences));
        phase(() -> new RiskStatementReader(nt, st, risks).read());
        phase(this::relatedLists);
        return build();
    }

    private void title() {
        // "流动资金贷款调查表": the product a report's title names, when nothing else names one
        for (Line l : st.lines) {
            if (l.text.isBlank()) {
                continue;
            }
            int[] ps = product(l.text);
            if (ps != null && l.text.matches(".*(调查|审查|审批|申请|报告|表).*") && l.start < 200) {
                offer("facility.product", nt.surface(l.start + ps[0], l.start + ps[1]), l.start + ps[0], l.start + ps[1], 0);
            }
            break;
        }
        if (scalars.containsKey("borrower.name")) {
            return;
        }
        for (Line l : st.lines) {
            if (l.text.isBlank()) {
                continue;
            }
            if (l.text.matches(".*(授信|调查|审查|评审|报告).*")) {
                for (Entity en : entities(l.text)) {
                    if (en.type().equals("company")) {
                        offer("borrower.name", nt.surface(l.start + en.start(), l.start + en.end()),
                                l.start + en.start(), l.start + en.end(), 1);
                        return;
                    }
                }
            }
            if (l.start > 400) {
                break;
            }
        }
        for (Line l : st.lines) {
            if (l.kind == Kind.BORROWER && !l.isHeading) {
                for (Entity en : entities(l.text)) {
                    if (en.type().equals("company")) {
                        offer("borrower.name", nt.surface(l.start + en.start(), l.start + en.end()),
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
        for (Item<Financial> i : financials.values()) {
            sorted.put(i.value.year() + "/" + Financial.METRICS.indexOf(i.value.metric()) , i);
        }
        List<Financial> fin = list("financials", new ArrayList<>(sorted.values()), evidence);
        // fill guarantees missing a beneficiary now that the borrower is known
        for (Item<Guarantee> g : guarantees) {
            if (g.value.beneficiary() == null && b.name() != null) {
                Guarantee o = g.value;
                g.value = new Guarantee(o.guarantor(), o.guarantorType(), b.name(), o.kind(), o.amountYuan());
            }
        }
        List<Guarantee> gs = list("guarantees", guarantees.stream().filter(g -> g.value.beneficiary() != null
                && !sameName(g.value.guarantor(), g.value.beneficiary())).toList(), evidence);
        List<Collateral> cs = list("collateral", collateral, evidence);
        List<RelatedParty> rs = list("related_parties", related, evidence);
        List<Counterparty> sup = list("suppliers", suppliers, evidence);
        List<Counterparty> cus = list("customers", customers, evidence);
        List<String> rst = list("risks_stated", dedupRisks(), evidence);
        // derived ratios, implied codes and figure findings: computed again after every correction
        return ReportFigures.complete(new CreditReport(source, b, f, fin, gs, cs, rs, sup, cus, rst, List.of(), evidence,
                List.of()));
    }

    private List<Item<String>> dedupRisks() {
        List<Item<String>> out = new ArrayList<>();
        for (Item<String> r : risks) {
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
            Cand c = scalars.get(field);
            String printed = original(c.start, c.end);
            s = addressBlanks(printed.replaceAll("\\s", "").equals(s.replaceAll("\\s", "")) ? printed : s);
        } else if (BLANKLESS_FIELDS.contains(field)) {
            s = s.replaceAll("\\s", "");
        }
        return s;
    }

    private Object val(String field, Map<String, int[]> evidence) {
        Cand c = scalars.get(field);
        if (c == null) {
            return null;
        }
        evidence.put(field, orig(c.start, c.end));
        return c.value;
    }

    private <T> List<T> list(String name, List<Item<T>> items, Map<String, int[]> evidence) {
        List<T> out = new ArrayList<>();
        for (Item<T> i : items) {
            evidence.put(name + "[" + out.size() + "]", orig(i.start, i.end));
            out.add(i.value);
        }
        return out;
    }
}
