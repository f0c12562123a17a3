package dev.enclave.audit.internal;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Correction;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;
import dev.enclave.audit.KeyElement;

/**
 * The words and numbers of the credit audit's deliverables in one locale: labels of fields,
 * metrics, codes and severities from {@code labels*.properties} (English, 简体中文), amounts in
 * 万元 with separators, ratios as percentages, evidence quoted with its file name.
 */
public final class PaperText {
    private static final int QUOTE = 120;
    private final ResourceBundle labels;
    final Locale locale;

    /** The labels and formats of {@code locale} (Chinese for a Chinese locale, else English). */
    public PaperText(Locale locale) {
        this.locale = locale;
        this.labels = ResourceBundle.getBundle("dev.enclave.audit.internal.labels", locale,
                PaperText.class.getClassLoader());
    }

    boolean chinese() {
        return "zh".equals(locale.getLanguage());
    }

    /** The label of {@code key}, the key's last part when none is defined. */
    String label(String key) {
        try {
            return labels.getString(key);
        } catch (MissingResourceException e) {
            return key.substring(key.lastIndexOf('.') + 1);
        }
    }

    private String labelOr(String key, String fallback) {
        try {
            return labels.getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    /** The list separator of the reader's language. */
    private String comma() {
        return chinese() ? "，" : ", ";
    }

    /**
     * A value the schema writes in Chinese (a guarantee's kind 连带责任保证, a collateral type 房产) in
     * the reader's language: as written for a Chinese reader, else its English term
     * ({@code labels.properties}, {@code PREFIX + value}) where one is listed, else as written.
     */
    String term(String prefix, String value) {
        return chinese() ? value : labelOr(prefix + value, value);
    }

    String format(String key, Object... args) {
        return new MessageFormat(label(key), locale).format(args);
    }

    /** A risk or finding code's label; the code itself when none is defined. */
    public String code(String code) {
        return labelOr("code." + code, code);
    }

    /** A severity's label ({@code high} → 高 / High). */
    public String severity(String s) {
        return label("severity." + s);
    }

    String codes(List<String> codes) {
        List<String> out = new ArrayList<>();
        codes.forEach(c -> out.add(code(c)));
        return String.join(chinese() ? "、" : ", ", out);
    }

    String decision(Finding f) {
        String d = label("decision." + (f.decision() == null ? "open" : f.decision()));
        return f.comment() == null || f.comment().isBlank() ? d : d + (chinese() ? "：" : ": ") + f.comment();
    }

    /** Yuan as 万元 with separators and two decimals: 8,420.00. */
    static String wan(Number yuan) {
        return yuan == null ? "" : String.format(Locale.ROOT, "%,.2f", yuan.doubleValue() / 10_000);
    }

    /** A decimal ratio as a percentage with one decimal: 73.0%. */
    static String pct(Number ratio) {
        return ratio == null ? "" : String.format(Locale.ROOT, "%.1f%%", ratio.doubleValue() * 100);
    }

    /** The value of a financial figure: amounts in 万元, debt/asset as a percentage, the current ratio as is. */
    String figure(String metric, Number v) {
        if (v == null) {
            return "";
        }
        if ("current_ratio".equals(metric)) {
            return String.format(Locale.ROOT, "%.2f", v.doubleValue());
        }
        return CreditReport.Financial.isRatio(metric) ? pct(v) : wan(v) + (chinese() ? "万元" : " (10k yuan)");
    }

    /** A note in brackets after a value: （计算值） in Chinese, " (computed)" in English. */
    String note(String text) {
        return chinese() ? "（" + text + "）" : " (" + text + ")";
    }

    /** The file's name without its folder. */
    static String fileName(String source) {
        int i = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return source.substring(i + 1);
    }

    /** The folder the sources share, given once in the paper; empty when they have none in common. */
    static String commonFolder(List<String> sources) {
        String common = null;
        for (String s : sources) {
            int i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
            String dir = i < 0 ? "" : s.substring(0, i);
            if (common == null) {
                common = dir;
            }
            while (!common.isEmpty() && !(dir.equals(common) || dir.startsWith(common + "/"))) {
                int j = common.lastIndexOf('/');
                common = j < 0 ? "" : common.substring(0, j);
            }
        }
        return common == null ? "" : common;
    }

    /** The quoted text of a span, blanks folded, shortened. */
    static String quote(String text, int start, int end) {
        if (text == null || start < 0 || end > text.length() || start >= end) {
            return "";
        }
        String q = text.substring(start, end).replaceAll("\\s+", " ").strip();
        return q.length() > QUOTE ? q.substring(0, QUOTE) + "…" : q;
    }

    /** The evidence of a finding: each span quoted with its file name, one a line. */
    String quotes(List<Evidence> ev, Map<String, String> texts) {
        StringBuilder sb = new StringBuilder();
        for (Evidence e : ev) {
            String q = quote(texts.get(e.source()), e.start(), e.end());
            if (q.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append('「').append(q).append("」（").append(fileName(e.source())).append('）');
        }
        return sb.toString();
    }

    /** The key elements of one report in reading order, values formatted, corrections and computed values marked. */
    public List<KeyElement> elements(CreditReport r, String text) {
        List<KeyElement> out = new ArrayList<>();
        var b = r.borrower();
        var f = r.facility();
        scalar(out, r, text, "borrower.name", b.name());
        scalar(out, r, text, "borrower.credit_code", b.creditCode());
        scalar(out, r, text, "borrower.legal_rep", b.legalRep());
        scalar(out, r, text, "borrower.controller", b.controller());
        scalar(out, r, text, "borrower.registered_capital_yuan", b.registeredCapitalYuan() == null ? null
                : wan(b.registeredCapitalYuan()) + (chinese() ? "万元" : " (10k yuan)"));
        scalar(out, r, text, "borrower.established", b.established());
        scalar(out, r, text, "borrower.industry", b.industry());
        scalar(out, r, text, "borrower.address", b.address());
        scalar(out, r, text, "facility.product", f.product());
        scalar(out, r, text, "facility.amount_yuan", f.amountYuan() == null ? null
                : wan(f.amountYuan()) + (chinese() ? "万元" : " (10k yuan)"));
        scalar(out, r, text, "facility.term_months", f.termMonths() == null ? null : String.valueOf(f.termMonths()));
        scalar(out, r, text, "facility.rate", f.rate());
        scalar(out, r, text, "facility.purpose", f.purpose());
        scalar(out, r, text, "facility.repayment_source", f.repaymentSource());
        for (int i = 0; i < r.financials().size(); i++) {
            Financial x = r.financials().get(i);
            item(out, r, text, "financials", i, (chinese() ? x.year() + "年 " : x.year() + " ") + label("metric." + x.metric()),
                    figure(x.metric(), x.value()));
        }
        for (int i = 0; i < r.derived().size(); i++) {
            Financial x = r.derived().get(i);
            out.add(new KeyElement("derived[" + i + "]", (chinese() ? x.year() + "年 " : x.year() + " ") + label("metric." + x.metric()),
                    figure(x.metric(), x.value()) + note(label("paper.computed")), ""));
        }
        for (int i = 0; i < r.guarantees().size(); i++) {
            Guarantee g = r.guarantees().get(i);
            String v = g.guarantor() + note(label("type." + g.guarantorType())) + " → " + g.beneficiary()
                    + (g.kind() == null ? "" : comma() + term("kind.", g.kind())) + (g.amountYuan() == null ? ""
                            : comma() + wan(g.amountYuan()) + (chinese() ? "万元" : " (10k yuan)"));
            item(out, r, text, "guarantees", i, label("list.guarantees"), v);
        }
        for (int i = 0; i < r.collateral().size(); i++) {
            Collateral c = r.collateral().get(i);
            List<String> parts = new ArrayList<>();
            for (String s : new String[] { c.type() == null ? null : term("collateral.", c.type()), c.owner(), c.location() }) {
                if (s != null) {
                    parts.add(s);
                }
            }
            if (c.appraisedValueYuan() != null) {
                parts.add(wan(c.appraisedValueYuan()) + (chinese() ? "万元" : " (10k yuan)"));
            }
            if (c.ltv() != null) {
                parts.add((chinese() ? "抵质押率 " : "LTV ") + pct(c.ltv()));
            }
            item(out, r, text, "collateral", i, label("list.collateral"), String.join(comma(), parts));
        }
        for (int i = 0; i < r.relatedParties().size(); i++) {
            RelatedParty p = r.relatedParties().get(i);
            item(out, r, text, "related_parties", i, label("list.related_parties"), p.name()
                    + (p.relation() == null ? "" : note(p.relation())) + (p.share() == null ? "" : " " + pct(p.share())));
        }
        counterparties(out, r, text, "suppliers", r.suppliers());
        counterparties(out, r, text, "customers", r.customers());
        for (int i = 0; i < r.risksStated().size(); i++) {
            item(out, r, text, "risks_stated", i, label("list.risks_stated"), r.risksStated().get(i));
        }
        return out;
    }

    private void counterparties(List<KeyElement> out, CreditReport r, String text, String list, List<Counterparty> l) {
        for (int i = 0; i < l.size(); i++) {
            Counterparty c = l.get(i);
            item(out, r, text, list, i, label("list." + list), c.name() + (c.share() == null ? "" : " " + pct(c.share())));
        }
    }

    private void scalar(List<KeyElement> out, CreditReport r, String text, String path, String value) {
        if (value == null) {
            return;
        }
        int[] span = r.evidence().get(path);
        out.add(new KeyElement(path, label("field." + path), value + corrected(r, path), span == null ? "" : quote(text, span[0], span[1])));
    }

    private void item(List<KeyElement> out, CreditReport r, String text, String list, int i, String label, String value) {
        String path = list + "[" + i + "]";
        int[] span = r.evidence().get(path);
        StringBuilder mark = new StringBuilder();
        for (Correction c : r.corrections()) {
            if (c.field().equals(path) || c.field().startsWith(path + ".")) {
                mark.append(corrected(r, c.field()));
            }
        }
        out.add(new KeyElement(path, label, value + mark, span == null ? "" : quote(text, span[0], span[1])));
    }

    /** "（已更正，原抽取值：…）" when the auditor corrected the field, else empty. */
    private String corrected(CreditReport r, String path) {
        for (Correction c : r.corrections()) {
            if (c.field().equals(path)) {
                String was = c.extractedJson() == null || c.extractedJson().equals("null") ? "—"
                        : c.extractedJson().replaceAll("^\"|\"$", "");
                return note(format("paper.corrected", was));
            }
        }
        return "";
    }
}
