package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Item;

/**
 * Reads collateral that an English report describes in a sentence rather than a table: "The applicant's
 * printing equipment, appraised at RMB 12,000,000, will be pledged as well, a loan-to-value ratio of 83%",
 * "the line is also secured by a mortgage over the customer's factory building at No. 17 Xinhe Road, …
 * appraised at RMB 52 million; the loan-to-value ratio is 77%". The asset, its value, its loan-to-value
 * ratio, its owner (the borrower unless the sentence's subject pledges "her" or "his" asset) and its
 * location (after "at" or "in" and a capital). The cues are in {@code english-clauses.properties} beside
 * this class, which a bank may extend. One instance reads one report.
 */
final class EnglishClauseReader {
    private static final Properties P = ReaderVocabulary.load("english-clauses.properties");
    private static final Pattern COLLATERAL_CUE = cue("collateral.cue");
    private static final Pattern VALUE = cue("collateral.value");
    private static final Pattern LTV = cue("collateral.ltv");
    private static final Pattern STOP = cue("collateral.type.stop");
    private static final Pattern NOT_TYPE = cue("collateral.type.not");
    private static final List<Pattern> TYPES = new ArrayList<>();
    private static final Pattern CUSTOMER_OBJECT = cue("counterparty.customer.object");
    private static final Pattern SUPPLIER_OBJECT = cue("counterparty.supplier.object");
    private static final Pattern CUSTOMER_CUE = cue("counterparty.customer.cue");
    private static final Pattern SUPPLIER_CUE = cue("counterparty.supplier.cue");
    private static final Pattern NOT_TRADE = cue("counterparty.not");
    /** "% of the company's 2023 sales": what a share is of. */
    private static final Pattern OBJECT = Pattern.compile(
            "(?i)^%\\)?\\s?of\\s?(?:(?:the\\s?company's|its|their|the|total|our|(?:19|20)\\d{2})\\s?)*([a-z]+(?:\\s?[a-z]+)?)");

    static {
        for (int i = 1; P.getProperty("collateral.type." + i) != null; i++) {
            TYPES.add(cue("collateral.type." + i));
        }
    }

    /** A cue of the file, case ignored; a blank also matches none (the normalised text drops some). */
    private static Pattern cue(String key) {
        String v = P.getProperty(key);
        return Pattern.compile("(?i)(?:" + (v == null || v.isBlank() ? "(?!)" : v.strip().replace(" ", "\\s?")) + ")");
    }

    /** "at No. 17 Xinhe Road", "in Jinjiang District, Chengdu": where the asset stands, up to the next clause. */
    private static final Pattern LOCATION = Pattern.compile(
            "^\\s?(?:located |situated )?(?:at|in)\\s?(?=[A-Z0-9])(.{4,80}?)(?=,\\s?(?:appraised|valued|which|with|and|for|worth|giving|a\\s)|;|$)");
    private static final Pattern PERSONAL = Pattern.compile("(?i)\\b(?:her|his)\\s?$");

    private final ExtractionState x;

    EnglishClauseReader(ExtractionState x) {
        this.x = x;
    }

    /** The collateral of the English sentences of normalised {@code [s, e)}. */
    void collateral(int s, int e) {
        // a clause after a semicolon belongs to its sentence ("… will be pledged; they are valued at …")
        int lineEnd = x.t.indexOf('\n', s);
        String text = x.t.substring(s, lineEnd < 0 ? x.t.length() : Math.max(lineEnd, e));
        if (!EnglishProseReader.isEnglish(text) || !COLLATERAL_CUE.matcher(x.t.substring(s, e)).find()) {
            return;
        }
        for (int[] one : EnglishProseReader.sentences(text)) {
            if (one[0] < e - s) {
                ExtractionState.phase(() -> sentence(s + one[0], s + one[1]));
            }
        }
    }

    private void sentence(int s, int e) {
        String text = x.t.substring(s, e);
        if (!COLLATERAL_CUE.matcher(text).find()) {
            return;
        }
        Long value = null;
        Matcher vm = VALUE.matcher(text);
        if (vm.find()) {
            Values.Hit<Long> a = Values.amount(text, vm.end(), 0);
            if (a != null && a.start() - vm.end() <= 12) {
                value = a.value();
            }
        }
        Double ltv = null;
        Matcher lm = LTV.matcher(text);
        if (lm.find()) {
            Values.Hit<Double> r = Values.ratio(text, lm.end(), false, false);
            if (r != null && r.start() - lm.end() <= 12) {
                ltv = r.value();
            }
        }
        if (value == null && ltv == null) {
            return;
        }
        for (Pattern p : TYPES) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String raw = m.group("t");
                Matcher stop = STOP.matcher(raw);
                int end = stop.find() ? stop.start() : raw.length();
                String type = raw.substring(0, end).strip();
                if (type.length() < 3 || NOT_TYPE.matcher(type).matches()) {
                    continue;
                }
                int ts = s + m.start("t");
                int te = ts + raw.substring(0, end).stripTrailing().length();
                add(x.original(ts, te), owner(text, m.start("t")), value, ltv, location(te, e), s, e);
                return;
            }
        }
    }

    /**
     * The customers and suppliers, with their shares, of the English sentence that normalised {@code [s, e)}
     * opens or is part of; whether that part names any (the clause readers then leave it alone).
     */
    boolean counterparties(int s, int e) {
        int lineEnd = x.t.indexOf('\n', s);
        String line = x.t.substring(s, lineEnd < 0 ? x.t.length() : Math.max(lineEnd, e));
        if (!EnglishProseReader.isEnglish(line)) {
            return false;
        }
        boolean found = false;
        for (int[] one : EnglishProseReader.sentences(line)) {
            if (one[0] < e - s) {
                found |= tradeSentence(s + one[0], s + one[1], s, e);
            }
        }
        return found;
    }

    private boolean tradeSentence(int s, int e, int partStart, int partEnd) {
        String text = x.t.substring(s, e);
        if (NOT_TRADE.matcher(text).find()) {
            return true; // shares of equity, rates, ratios: no counterparty
        }
        List<Entity> ents = x.nameReader.entities(text).stream().filter(en -> en.type().equals("company")).toList();
        Matcher pm = Values.PERCENT.matcher(text);
        Boolean previous = null;
        boolean found = false;
        int used = 0;
        while (pm.find()) {
            // the company nearest before the share, with no share between them
            Entity who = null;
            for (Entity en : ents) {
                if (en.end() <= pm.start() && en.start() >= used) {
                    who = en;
                }
            }
            Matcher om = OBJECT.matcher(text.substring(pm.end() - 1));
            Boolean supplier = null;
            if (om.find()) {
                supplier = SUPPLIER_OBJECT.matcher(om.group(1)).lookingAt() ? Boolean.TRUE
                        : CUSTOMER_OBJECT.matcher(om.group(1)).lookingAt() ? Boolean.FALSE : null;
            }
            if (supplier == null) {
                supplier = previous;
            }
            if (supplier == null && who != null) {
                boolean sup = SUPPLIER_CUE.matcher(text).find();
                boolean cus = CUSTOMER_CUE.matcher(text).find();
                supplier = sup != cus ? Boolean.valueOf(sup) : null;
            }
            used = pm.end();
            if (who == null || supplier == null) {
                continue;
            }
            previous = supplier;
            found |= s + who.start() < partEnd && s + who.end() > partStart;
            String name = x.nameReader.canonical(x.original(s + who.start(), s + who.end()));
            if (ExtractionState.sameName(name, x.borrowerName()) || known(name)) {
                continue;
            }
            double share = Values.round(Double.parseDouble(pm.group(1)) / 100);
            (supplier ? x.suppliers : x.customers).add(new Item<>(new Counterparty(name, share), s + who.start(), s + pm.end(), 1));
        }
        return found;
    }

    private boolean known(String name) {
        return x.suppliers.stream().anyMatch(c -> ExtractionState.sameName(c.value.name(), name))
                || x.customers.stream().anyMatch(c -> ExtractionState.sameName(c.value.name(), name));
    }

    /** The asset's owner: the sentence's subject where it pledges "her" or "his" asset, else the borrower. */
    private String owner(String text, int typeStart) {
        if (PERSONAL.matcher(text.substring(0, typeStart)).find()) {
            List<Entity> ents = x.nameReader.entities(text);
            if (!ents.isEmpty() && ents.get(0).start() <= 6 && ents.get(0).start() < typeStart) {
                return x.nameReader.canonical(NormalizedText.stripBlanks(ents.get(0).name()));
            }
        }
        return x.borrowerName();
    }

    private String location(int from, int e) {
        Matcher m = LOCATION.matcher(x.t.substring(from, e));
        return m.find() ? x.original(from + m.start(1), from + m.end(1)).replaceAll("[,;\\s]+$", "") : null;
    }

    private void add(String type, String owner, Long value, Double ltv, String location, int s, int e) {
        for (Item<Collateral> c : x.collateral) {
            if (c.value.type() != null && c.value.type().equalsIgnoreCase(type)) {
                return;
            }
        }
        x.collateral.add(new Item<>(new Collateral(type, owner, value, ltv, location), s, e, 1));
    }
}
