package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Item;

/**
 * Reads counterparties: the main suppliers and customers named in a clause (companies or persons, with
 * their shares of purchases or sales, banks left out) and runs of them in prose ("向A、B采购", "suppliers
 * include …"). The pair, table and prose-list readers call {@link #counterparties} on the clauses
 * they find under a supplier or customer label or cue.
 */
final class CounterpartyReader {
    private final ExtractionState x;

    CounterpartyReader(ExtractionState x) {
        this.x = x;
    }

    /** The borrower as a supplier of X ("为核心企业X的一级供应商"): X is a customer. */
    static final Pattern SUPPLIES_TO = Pattern.compile(
            ".*(?:为|是|系|作为|成为|进入)[^，,。；;]{2,40}的(?:一级|二级|核心|主要|合格|长期|战略)?(?:供应商|供货商)(?:之一|体系)?.*");
    static final Pattern SUPPLIER_CUE = Pattern.compile(
            ".*(供应商|上游|采购|(原料|原材料|材料|货源|零部件|配件|燃料|原煤|原矿).{0,6}(来自|来源于|购自|购于|进货自)"
                    + "|(?i:\\b(?:suppliers?|vendors?|purchases|supplies)\\b|raw materials)).*");
    static final Pattern CUSTOMER_CUE = Pattern.compile(
            ".*(大客户|主要客户|前[五十两三]大?客户|下游|销售客户|客户包括|客户为|客户主要|客户集中|销售占比|客户[:：]|销往|销售给|销售予|售予|供货给|供应给|出售给|卖给"
                    + "|(?i:\\b(?:customers?|buyers?|offtakers?)\\b|\\d%\\sof\\s(?:its\\s|the\\s)?(?:\\d{4}\\s)?(?:sales|revenue))).*");

    /** Counterparties of a sentence that names customers and suppliers, clause run by clause run. */
    void counterpartyRuns(int s, int e) {
        int runStart = s;
        Boolean runSupplier = null;
        int i = s;
        while (i <= e) {
            int j = i;
            while (j < e && ",，;；".indexOf(x.t.charAt(j)) < 0 && !englishStop(j)) {
                j++;
            }
            String clause = x.t.substring(i, j);
            boolean to = SUPPLIES_TO.matcher(clause).matches();
            boolean sup = SUPPLIER_CUE.matcher(clause).matches() && !to;
            boolean cus = CUSTOMER_CUE.matcher(clause).matches() || to;
            if (sup != cus && runSupplier != null && sup != runSupplier) {
                counterparties(runStart, i, runSupplier ? x.suppliers : x.customers, 1);
                runStart = i;
            }
            if (sup != cus) {
                runSupplier = sup;
            }
            i = j + 1;
        }
        if (runSupplier != null) {
            counterparties(runStart, e, runSupplier ? x.suppliers : x.customers, 1);
        }
    }

    /** Whether the full stop at {@code i} ends an English sentence ("… of purchases. Top customer: …"). */
    private boolean englishStop(int i) {
        int j = i + 1;
        while (j < x.t.length() && x.t.charAt(j) == ' ') {
            j++;
        }
        return x.t.charAt(i) == '.' && j < x.t.length() && Character.isUpperCase(x.t.charAt(j)) && i > 0
                && Character.isLetter(x.t.charAt(i - 1)) && !NormalizedText.abbreviationDot(x.t, i);
    }

    /** A share written as a decimal after its cue: "采购占比0.31", "占销售额的比例为0.27". */
    private static final Pattern DECIMAL_SHARE = Pattern.compile(
            "(?:占比|比例|比重|份额|占[\\u4e00-\\u9fa5]{0,6}?的?)(?:为|约|达|约为)?\\s*(0\\.\\d{1,4})(?![\\d%])");

    void counterparties(int s, int e, List<Item<Counterparty>> into, int prio) {
        String text = x.t.substring(s, e);
        String borrower = x.borrowerName();
        List<Entity> ents = x.nameReader.entities(text).stream().filter(en -> en.type().equals("company")).toList();
        List<Double> shares = new ArrayList<>();
        boolean respectively = text.contains("分别");
        for (int i = 0; i < ents.size(); i++) {
            Entity en = ents.get(i);
            String name = x.nameReader.canonical(NormalizedText.stripBlanks(en.name()));
            if (borrower != null && ExtractionState.sameName(name, borrower) || NameReader.isBank(name)) {
                continue;
            }
            int next = i + 1 < ents.size() ? ents.get(i + 1).start() : text.length();
            String around = text.substring(en.end(), next);
            Double share = null;
            Matcher pm = Values.PERCENT.matcher(around);
            if (!respectively && pm.find() && pm.start() <= 24) {
                share = Values.round(Double.parseDouble(pm.group(1)) / 100.0);
            }
            Matcher dm = DECIMAL_SHARE.matcher(around);
            if (!respectively && share == null && dm.find() && dm.start() <= 16) {
                share = Values.round(Double.parseDouble(dm.group(1))); // "采购占比0.31"
            }
            boolean dup = false;
            for (Item<Counterparty> c : into) {
                if (ExtractionState.sameName(c.value.name(), name)) {
                    dup = true;
                    if (c.value.share() == null && share != null) {
                        c.value = new Counterparty(c.value.name(), share);
                    }
                }
            }
            if (!dup) {
                into.add(new Item<>(new Counterparty(name, share), s + en.start(), s + en.end(), prio));
            }
        }
        if (respectively) {
            Matcher pm = Values.PERCENT.matcher(text);
            while (pm.find()) {
                shares.add(Values.round(Double.parseDouble(pm.group(1)) / 100.0));
            }
            List<Item<Counterparty>> fresh = into.stream().filter(c -> c.start >= s && c.end <= e).toList();
            if (shares.size() == fresh.size()) {
                for (int i = 0; i < fresh.size(); i++) {
                    fresh.get(i).value = new Counterparty(fresh.get(i).value.name(), shares.get(i));
                    fresh.get(i).start = s;
                    fresh.get(i).end = e;
                }
            }
        }
    }
}
