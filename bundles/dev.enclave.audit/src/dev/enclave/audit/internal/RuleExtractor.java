package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.Finding;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.Structure.Cell;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;
import dev.enclave.audit.internal.Structure.Pair;

/**
 * The rule-based extraction of one report: form pairs, tables and prose sentences, each
 * read in the light of the section it stands in. One instance per report; not thread-safe.
 */
final class RuleExtractor extends ProseReader {
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

    private void pairs() {
        for (Pair p : st.pairs) {
            String field = LabelMap.field(p.label());
            if (field == null) {
                continue;
            }
            Cell v = p.value();
            Kind k = p.line().kind;
            if (field.equals("customers.text") && p.label().equals("客户") && (k == Kind.NONE || k == Kind.BORROWER)) {
                field = "borrower.name"; // "客户：XX有限公司" at the head of a report names the borrower
            }
            int bonus = 2; // a labelled value beats prose
            switch (field) {
                case "borrower.name" -> {
                    if (k == Kind.GUARANTEES || k == Kind.COLLATERAL || k == Kind.RELATED || k == Kind.SUPPLIERS
                            || k == Kind.CUSTOMERS) {
                        break;
                    }
                    int[] span = nameSpan(v.start(), v.end());
                    if (span != null) {
                        offer(field, NormalizedText.stripBlanks(nt.surface(span[0], span[1])), span[0], span[1], prioFor(field, k) + bonus);
                    }
                }
                case "borrower.credit_code" -> {
                    Matcher m = Pattern.compile("[0-9A-Z]{18}").matcher(v.text().toUpperCase());
                    if (m.find()) {
                        offer(field, v.text().substring(m.start(), m.end()).toUpperCase(), v.start() + m.start(),
                                v.start() + m.end(), prioFor(field, k) + bonus);
                    }
                }
                case "borrower.legal_rep", "borrower.controller" -> {
                    int[] span = personSpan(v.start(), v.end());
                    if (span != null) {
                        offer(field, nt.surface(span[0], span[1]), span[0], span[1], prioFor(field, k) + bonus);
                        // "法人代表：阎志刚（同时为实际控制人）": the other role in a note after the name
                        String other = field.equals("borrower.legal_rep") ? "borrower.controller" : "borrower.legal_rep";
                        String rest = t.substring(span[1], v.end());
                        if (p.label().matches(".*(法定代表人|法人代表|法人).*") && p.label().matches(".*(实际控制人|实控人).*")
                                || p.label().matches("(?i).*legal\\s?rep.*") && p.label().matches("(?i).*controller.*")) {
                            // "法定代表人/实际控制人：沈国华": one person in both roles
                            offer(other, nt.surface(span[0], span[1]), span[0], span[1], prioFor(other, k) + bonus);
                        } else if (ALSO_ROLE.matcher(rest).lookingAt()
                                && (other.equals("borrower.controller") ? rest.matches(".*(实际控制人|实控人).*")
                                        : rest.matches(".*(法定代表人|法人代表).*"))) {
                            offer(other, nt.surface(span[0], span[1]), span[0], span[1], prioFor(other, k) + bonus);
                        }
                    }
                }
                case "borrower.registered_capital_yuan" -> {
                    Values.Hit<Long> a = Values.amount(v.text(), 0, unitOr(p.label(), 1));
                    if (a != null) {
                        offer(field, a.value(), v.start() + a.start(), v.start() + a.end(), prioFor(field, k) + bonus);
                    }
                }
                case "borrower.established" -> {
                    Values.Hit<String> d = Values.date(v.text(), 0);
                    if (d != null) {
                        offer(field, d.value(), v.start() + d.start(), v.start() + d.end(), prioFor(field, k) + bonus);
                    }
                }
                case "borrower.industry", "borrower.address", "facility.purpose", "facility.repayment_source",
                        "facility.rate", "facility.product" -> {
                    // an English address runs to the end of its cell, commas and all ("Room 5, No. 18 …, Yantai")
                    boolean englishAddress = field.equals("borrower.address") && LATIN_WORD.matcher(v.text()).find();
                    int e = clauseEnd(v.start(), v.end(), englishAddress);
                    if (field.equals("borrower.address") && k != Kind.BORROWER && k != Kind.NONE
                            && k != Kind.OTHER && k != Kind.FACILITY) {
                        break;
                    }
                    if (field.equals("facility.product")) {
                        facilityLine(v, prioFor(field, k) + bonus - 1);
                        String prod = t.substring(v.start(), e);
                        if ((prod.matches(".*[\\d万亿元].*") || prod.matches(".*[A-Za-z].*")) && product(prod) != null) {
                            int[] ps = product(prod);
                            offer(field, nt.surface(v.start() + ps[0], v.start() + ps[1]), v.start() + ps[0],
                                    v.start() + ps[1], prioFor(field, k) + bonus);
                            break;
                        }
                    }
                    if (field.equals("facility.product")) {
                        Values.Hit<Long> inner = Values.amount(t.substring(v.start(), e), 0, 0);
                        if (inner != null && inner.start() >= 2) {
                            e = v.start() + inner.start(); // "经营快贷 200万元": the product ends where its amount starts
                        }
                    }
                    int vs = v.start();
                    Matcher lead = LEAD.matcher(t.substring(vs, e));
                    if (lead.find() && lead.end() < e - vs) {
                        vs += lead.end();
                    }
                    int[] zh = chineseOfBilingual(vs, e);
                    if (zh != null) {
                        vs = zh[0];
                        e = zh[1];
                    }
                    if (e > vs) {
                        offer(field, nt.surface(vs, e), vs, e, prioFor(field, k) + bonus);
                    }
                }
                case "facility.amount_yuan" -> {
                    Values.Hit<Long> a = Values.amount(v.text(), 0, unitOr(p.label(), 1));
                    if (a != null && k != Kind.GUARANTEES && k != Kind.COLLATERAL) {
                        offer(field, a.value(), v.start() + a.start(), v.start() + a.end(), prioFor(field, k) + bonus);
                    }
                }
                case "facility.term_months" -> {
                    Values.Hit<Integer> m = Values.termMonths(v.text(), 0);
                    Matcher bare = Pattern.compile("^\\s*(\\d{1,3})\\s*$").matcher(v.text());
                    if (m == null && bare.find() && p.label().matches(".*[(（]\\s*(个?月|年)\\s*[)）].*")) {
                        // "期限（月）：12", "期限（年）：3": the unit in the label
                        int n = Integer.parseInt(bare.group(1)) * (p.label().matches(".*[(（]\\s*年\\s*[)）].*") ? 12 : 1);
                        m = new Values.Hit<>(n, bare.start(1), bare.end(1));
                    }
                    if (m != null && k != Kind.GUARANTEES && k != Kind.COLLATERAL) {
                        offer(field, m.value(), v.start() + m.start(), v.start() + m.end(), prioFor(field, k) + bonus);
                    }
                }
                case "guarantee.text", "guarantee.party" -> deferred.add(() -> guaranteeClause(p.line().start, p.line().end, k, 2));
                case "collateral.text" -> deferred.add(() -> collateralClause(p.line().start, p.line().end, 2));
                case "related.text" -> deferred.add(() -> relatedClause(v.start(), v.end(), p.label(), 2));
                case "suppliers.text" -> deferred.add(() -> counterparties(v.start(), v.end(), suppliers, 2));
                case "customers.text" -> deferred.add(() -> counterparties(v.start(), v.end(), customers, 2));
                default -> {
                }
            }
        }
    }

    /** "Facility: Term loan (固定资产贷款), RMB 150 million, 84 months, 5Y LPR+15BP": the terms after the product. */
    private void facilityLine(Cell v, int prio) {
        String text = v.text();
        if (!text.matches(".*[,，;；].*")) {
            return;
        }
        Values.Hit<Long> a = Values.amount(text, 0, 0);
        if (a != null) {
            offer("facility.amount_yuan", a.value(), v.start() + a.start(), v.start() + a.end(), prio);
        }
        Values.Hit<Integer> m = Values.termMonths(text, 0);
        if (m != null) {
            offer("facility.term_months", m.value(), v.start() + m.start(), v.start() + m.end(), prio);
        }
        Matcher rx = RATE_EXPR.matcher(text);
        Matcher pr = PERCENT_RATE.matcher(text);
        if (rx.find()) {
            offer("facility.rate", nt.surface(v.start() + rx.start(), v.start() + rx.end()), v.start() + rx.start(),
                    v.start() + rx.end(), prio);
        } else if (pr.find()) {
            offer("facility.rate", nt.surface(v.start() + pr.start(1), v.start() + pr.end(1)), v.start() + pr.start(1),
                    v.start() + pr.end(1), prio);
        }
    }

    /** A fixed rate after its cue inside a line of terms: "…，12个月，年化4.35%，…". */
    private static final Pattern PERCENT_RATE = Pattern.compile("(?:年化|年利率|执行利率|利率)(?:为|:)?\\s*(\\d{1,2}(?:\\.\\d{1,4})?%)");

    /** Words that introduce a value rather than belong to it: "第一还款来源为经营收入", "主要用于采购". */
    private static final Pattern LEAD = Pattern.compile("^(?:第一还款来源|还款来源|主要|拟|本次)?(?:为|是|系|用于|来源于|来自)");

    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{3,}");

    /** A note after a name that gives the person a second role: "（同时为实际控制人）", "，亦为法定代表人". */
    private static final Pattern ALSO_ROLE = Pattern.compile(
            "^\\s*[(（,，]?\\s*(?:其|该人|本人)?(?:同时|亦|也|兼|并)(?:为|是|系|任|担任)?(?:公司|企业|借款人)?(?:的)?(?:实际控制人|实控人|法定代表人|法人代表)");

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
    static String addressBlanks(String s) {
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
