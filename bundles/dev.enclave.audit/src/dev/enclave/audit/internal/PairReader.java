package dev.enclave.audit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.internal.Structure.Cell;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Pair;

/**
 * Reads the key-value pairs of a report ({@link #pairs}, the first phase): each form label that
 * {@link LabelMap} maps to a field (field-labels.properties, english-labels.properties) gives its value at the
 * priority of the section it stands in: names and persons by their span, amounts and dates by their unit, the
 * facility line's amount, term and rate; pairs under a guarantee, collateral, related-party or counterparty
 * label are handed to that clause reader, once the borrower is known.
 */
final class PairReader {
    private final ExtractionState x;

    PairReader(ExtractionState x) {
        this.x = x;
    }

    void pairs() {
        for (Pair p : x.st.pairs) {
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
                    int[] span = x.nameReader.nameSpan(v.start(), v.end());
                    if (span != null) {
                        x.offer(field, NormalizedText.stripBlanks(x.nt.surface(span[0], span[1])), span[0], span[1], x.prioFor(field, k) + bonus);
                    }
                }
                case "borrower.credit_code" -> {
                    Matcher m = Pattern.compile("[0-9A-Z]{18}").matcher(v.text().toUpperCase());
                    if (m.find()) {
                        x.offer(field, v.text().substring(m.start(), m.end()).toUpperCase(), v.start() + m.start(),
                                v.start() + m.end(), x.prioFor(field, k) + bonus);
                    }
                }
                case "borrower.legal_rep", "borrower.controller" -> {
                    int[] span = x.nameReader.personSpan(v.start(), v.end());
                    if (span != null) {
                        x.offer(field, x.nt.surface(span[0], span[1]), span[0], span[1], x.prioFor(field, k) + bonus);
                        // "法人代表：阎志刚（同时为实际控制人）": the other role in a note after the name
                        String other = field.equals("borrower.legal_rep") ? "borrower.controller" : "borrower.legal_rep";
                        String rest = x.t.substring(span[1], v.end());
                        if (p.label().matches(".*(法定代表人|法人代表|法人).*") && p.label().matches(".*(实际控制人|实控人).*")
                                || p.label().matches("(?i).*legal\\s?rep.*") && p.label().matches("(?i).*controller.*")) {
                            // "法定代表人/实际控制人：沈国华": one person in both roles
                            x.offer(other, x.nt.surface(span[0], span[1]), span[0], span[1], x.prioFor(other, k) + bonus);
                        } else if (ALSO_ROLE.matcher(rest).lookingAt()
                                && (other.equals("borrower.controller") ? rest.matches(".*(实际控制人|实控人).*")
                                        : rest.matches(".*(法定代表人|法人代表).*"))) {
                            x.offer(other, x.nt.surface(span[0], span[1]), span[0], span[1], x.prioFor(other, k) + bonus);
                        }
                    }
                }
                case "borrower.registered_capital_yuan" -> {
                    Values.Hit<Long> a = Values.amount(v.text(), 0, ExtractionState.unitOr(p.label(), 1));
                    if (a != null) {
                        x.offer(field, a.value(), v.start() + a.start(), v.start() + a.end(), x.prioFor(field, k) + bonus);
                    }
                }
                case "borrower.established" -> {
                    Values.Hit<String> d = Values.date(v.text(), 0);
                    if (d != null) {
                        x.offer(field, d.value(), v.start() + d.start(), v.start() + d.end(), x.prioFor(field, k) + bonus);
                    }
                }
                case "borrower.industry", "borrower.address", "facility.purpose", "facility.repayment_source",
                        "facility.rate", "facility.product" -> {
                    // an English address runs to the end of its cell, commas and all ("Room 5, No. 18 …, Yantai")
                    boolean englishAddress = field.equals("borrower.address") && LATIN_WORD.matcher(v.text()).find();
                    int e = x.clauseEnd(v.start(), v.end(), englishAddress);
                    if (field.equals("borrower.address") && k != Kind.BORROWER && k != Kind.NONE
                            && k != Kind.OTHER && k != Kind.FACILITY) {
                        break;
                    }
                    if (field.equals("facility.product")) {
                        facilityLine(v, x.prioFor(field, k) + bonus - 1);
                        String prod = x.t.substring(v.start(), e);
                        if ((prod.matches(".*[\\d万亿元].*") || prod.matches(".*[A-Za-z].*")) && SentenceReader.product(prod) != null) {
                            int[] ps = SentenceReader.product(prod);
                            x.offer(field, x.nt.surface(v.start() + ps[0], v.start() + ps[1]), v.start() + ps[0],
                                    v.start() + ps[1], x.prioFor(field, k) + bonus);
                            break;
                        }
                    }
                    if (field.equals("facility.product")) {
                        Values.Hit<Long> inner = Values.amount(x.t.substring(v.start(), e), 0, 0);
                        if (inner != null && inner.start() >= 2) {
                            e = v.start() + inner.start(); // "经营快贷 200万元": the product ends where its amount starts
                        }
                    }
                    int vs = v.start();
                    Matcher lead = LEAD.matcher(x.t.substring(vs, e));
                    if (lead.find() && lead.end() < e - vs) {
                        vs += lead.end();
                    }
                    int[] zh = x.chineseOfBilingual(vs, e);
                    if (zh != null) {
                        vs = zh[0];
                        e = zh[1];
                    }
                    if (e > vs) {
                        x.offer(field, x.nt.surface(vs, e), vs, e, x.prioFor(field, k) + bonus);
                    }
                }
                case "facility.amount_yuan" -> {
                    Values.Hit<Long> a = Values.amount(v.text(), 0, ExtractionState.unitOr(p.label(), 1));
                    if (a != null && k != Kind.GUARANTEES && k != Kind.COLLATERAL) {
                        x.offer(field, a.value(), v.start() + a.start(), v.start() + a.end(), x.prioFor(field, k) + bonus);
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
                        x.offer(field, m.value(), v.start() + m.start(), v.start() + m.end(), x.prioFor(field, k) + bonus);
                    }
                }
                case "guarantee.text", "guarantee.party" -> x.deferred.add(() -> x.guaranteeReader.guaranteeClause(p.line().start, p.line().end, k, 2));
                case "collateral.text" -> x.deferred.add(() -> x.collateralReader.collateralClause(p.line().start, p.line().end, 2));
                case "related.text" -> x.deferred.add(() -> x.relatedPartyReader.relatedClause(v.start(), v.end(), p.label(), 2));
                case "suppliers.text" -> x.deferred.add(() -> x.counterpartyReader.counterparties(v.start(), v.end(), x.suppliers, 2));
                case "customers.text" -> x.deferred.add(() -> x.counterpartyReader.counterparties(v.start(), v.end(), x.customers, 2));
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
            x.offer("facility.amount_yuan", a.value(), v.start() + a.start(), v.start() + a.end(), prio);
        }
        Values.Hit<Integer> m = Values.termMonths(text, 0);
        if (m != null) {
            x.offer("facility.term_months", m.value(), v.start() + m.start(), v.start() + m.end(), prio);
        }
        Matcher rx = ProseReader.RATE_EXPR.matcher(text);
        Matcher pr = PERCENT_RATE.matcher(text);
        if (rx.find()) {
            x.offer("facility.rate", x.nt.surface(v.start() + rx.start(), v.start() + rx.end()), v.start() + rx.start(),
                    v.start() + rx.end(), prio);
        } else if (pr.find()) {
            x.offer("facility.rate", x.nt.surface(v.start() + pr.start(1), v.start() + pr.end(1)), v.start() + pr.start(1),
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
}
