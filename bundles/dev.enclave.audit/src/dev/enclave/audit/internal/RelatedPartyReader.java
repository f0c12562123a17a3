package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.RelatedParty;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.Structure.Line;

/**
 * Reads related parties: the relation of a person or company to the borrower (实际控制人, 股东, 子公司,
 * 法定代表人之配偶 …) and shareholdings with their percentages (also "分别持股" lists) from a clause, and the
 * lists under a related-party caption ({@link #relatedLists}, a phase of its own). The pair, table and prose
 * readers call {@link #relatedClause} on the clauses they find under a related-party label or section.
 */
final class RelatedPartyReader {
    private final ExtractionState x;

    RelatedPartyReader(ExtractionState x) {
        this.x = x;
    }

    /** A relation to the borrower (控股股东, 子公司, 配偶 …): {@code relation} in reader-vocabulary.properties. */
    private static final Pattern RELATION = ReaderVocabulary.pattern("relation");

    /** A relation only a company has (子公司, 集团成员 …): {@code relation.company} in reader-vocabulary.properties. */
    private static final Pattern COMPANY_RELATION = ReaderVocabulary.pattern("relation.company");

    /** A holding stated after its holder: "持股60%", "持股比例为0.58", "直接持股0.22", "持有公司72%的股份". */
    private static final Pattern HOLDING = Pattern.compile(
            "(?:持股|持有|占股|股权比例|持股比例|出资比例|股比|占(?:注册资本|总股本|股本|实收资本)|(?:出资|认缴|实缴)[^%;；。]{0,16}?[,，]\\s*占|(?i:holds|owns|holding))[^%\\d,，;；。]{0,8}?(?:(\\d+(?:\\.\\d+)?)%|(0\\.\\d{1,4})(?![\\d%]))");
    /** A clause of a relation and then a bare percentage: " — 控股股东, 70%". */
    private static final Pattern BARE_SHARE = Pattern.compile(
            "[^,，;；。%\\d]{0,12}?(?:股东|控股|持股|股权)[^,，;；。%\\d]{0,4}[,，]\\s*(\\d+(?:\\.\\d+)?)%\\s*(?:$|[,，;；。)）])");
    /** "由A、B分别持股60%和40%": holders before 分别, their shares after it, in order. */
    private static final Pattern RESPECTIVELY = Pattern.compile("分别(?:持股|持有|占股|出资|占)");

    void relatedClause(int s, int e, String label, int prio) {
        String text = x.t.substring(s, e);
        String borrower = x.borrowerName();
        List<Entity> ents = x.nameReader.parties(text);
        Matcher resp = RESPECTIVELY.matcher(text);
        if (resp.find()) {
            List<Entity> holders = ents.stream().filter(en -> en.end() <= resp.start()
                    && !(borrower != null && ExtractionState.sameName(NormalizedText.stripBlanks(en.name()), borrower))).toList();
            List<Double> shares = new ArrayList<>();
            Matcher pm = Values.PERCENT.matcher(text.substring(resp.end()));
            while (pm.find()) {
                shares.add(Values.round(Double.parseDouble(pm.group(1)) / 100.0));
            }
            if (!holders.isEmpty() && holders.size() == shares.size()) {
                for (int i = 0; i < holders.size(); i++) {
                    addRelated(NormalizedText.stripBlanks(holders.get(i).name()), "股东", shares.get(i), s, e, prio);
                }
                return;
            }
        }
        if (borrower != null) {
            // the borrower under a short name ("X持有湘江配件60%股权") is the object, not a party
            ents = ents.stream().filter(en -> !(en.type().equals("company") && x.nameReader.fullNames.containsKey(NormalizedText.stripBlanks(en.name()))
                    && ExtractionState.sameName(x.nameReader.canonical(NormalizedText.stripBlanks(en.name())), borrower))).toList();
        }
        for (int i = 0; i < ents.size(); i++) {
            Entity en = ents.get(i);
            String name = NormalizedText.stripBlanks(en.name());
            if (borrower != null && ExtractionState.sameName(name, borrower) || NameReader.isBank(name)) {
                continue;
            }
            int next = Math.min(i + 1 < ents.size() ? ents.get(i + 1).start() : text.length(), clauseBreak(text, en.end()));
            String around = text.substring(en.end(), next);
            Double share = null;
            Matcher pm = Values.PERCENT.matcher(around);
            if (pm.find() && pm.start() <= 20) {
                share = Values.round(Double.parseDouble(pm.group(1)) / 100.0);
            }
            if (share == null) {
                // "X — 控股股东, 70%": a bare percentage as the next clause
                Matcher bare = BARE_SHARE.matcher(text.substring(en.end(), i + 1 < ents.size() ? ents.get(i + 1).start() : text.length()));
                if (bare.lookingAt()) {
                    share = Values.round(Double.parseDouble(bare.group(1)) / 100.0);
                }
            }
            if (share == null) {
                // "X为控股股东，持股60%": the holding in the next clause, before the next party
                String wider = text.substring(en.end(), i + 1 < ents.size() ? ents.get(i + 1).start() : text.length());
                Matcher hm = HOLDING.matcher(wider);
                if (hm.find() && hm.start() <= 16) {
                    share = hm.group(1) != null ? Values.round(Double.parseDouble(hm.group(1)) / 100.0)
                            : Values.round(Double.parseDouble(hm.group(2)));
                }
            }
            String rel = null;
            Matcher rm = RELATION.matcher(around.length() > 30 ? around.substring(0, 30) : around);
            if (rm.find()) {
                rel = rm.group();
            } else {
                String before = text.substring(i > 0 ? ents.get(i - 1).end() : 0, en.start());
                Matcher rb = RELATION.matcher(before);
                while (rb.find()) {
                    rel = rb.group();
                }
            }
            if (rel == null && label != null) {
                Matcher lm = RELATION.matcher(label);
                if (lm.find()) {
                    rel = lm.group();
                }
            }
            if (rel == null && share == null && en.type().equals("company")) {
                // "X，…，为借款人的关联企业" / "X为梁某控制的关联企业": the relation later in the clause or sentence
                Matcher cm = COMPANY_RELATION.matcher(text.substring(en.end()));
                long companies = ents.stream().filter(o -> o.type().equals("company")
                        && !(borrower != null && ExtractionState.sameName(NormalizedText.stripBlanks(o.name()), borrower))).count();
                if (cm.find() && (companies == 1 || cm.start() < clauseBreak(text, en.end()) - en.end() + 12)) {
                    rel = cm.group().matches("集团成员|成员企业|.*的.*") ? "关联企业" : cm.group();
                }
            }
            if (rel == null && share == null) {
                continue;
            }
            if (rel == null) {
                rel = "股东";
            }
            if (en.type().equals("person") && COMPANY_RELATION.matcher(rel).matches()) {
                continue; // "X为梁某控制的关联企业": the company is related, the person controls it
            }
            if (rel.equals("实际控制人") || rel.equals("法定代表人")) {
                // a role, not a relation: a holder is a shareholder ("罗建国同时为实际控制人，持有90%"),
                // a controller without a holding is the borrower's controller field, not a related party
                if (!en.type().equals("person") || share == null) {
                    continue;
                }
                rel = "股东";
            }
            addRelated(name, rel, share, s, e, prio);
        }
    }

    /** The end of the clause that starts at {@code from}: the first ，。；, outside brackets, after some text. */
    private static int clauseBreak(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '（') {
                depth++;
            } else if ((c == ')' || c == '）') && depth > 0) {
                depth--;
            } else if (depth == 0 && i > from + 1 && "，,。;；".indexOf(c) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    void addRelated(String name, String rel, Double share, int s, int e, int prio) {
        name = x.nameReader.canonical(name);
        if (x.borrowerName() != null && ExtractionState.sameName(name, x.borrowerName())) {
            return;
        }
        for (Item<RelatedParty> r : x.related) {
            if (ExtractionState.sameName(r.value.name(), name)) {
                RelatedParty o = r.value;
                if (o.share() == null && share != null && rel != null) {
                    // "系鲁润集团的成员企业" then "鲁润集团持有75%股权，为其控股股东": the holding says more
                    r.value = new RelatedParty(o.name(), rel, share);
                    return;
                }
                r.value = new RelatedParty(o.name(), o.relation() != null ? o.relation() : rel,
                        o.share() != null ? o.share() : share);
                return;
            }
        }
        x.related.add(new Item<>(new RelatedParty(name, rel, share), s, e, prio));
    }

    /** A caption that announces a list of related companies ("集团内其他成员企业（均为X控制）："). */
    private static final Pattern RELATED_CAPTION = Pattern.compile(
            ".*(成员企业|成员单位|关联企业|关联公司|关联方|子公司|兄弟公司|(?:控制|控股)的(?:其他)?(?:企业|公司)).*[:：]\\s*$");

    /** Related companies listed one per numbered line under a caption that says what they are. */
    void relatedLists() {
        List<Line> lines = x.st.lines;
        for (int i = 0; i < lines.size(); i++) {
            Line cap = lines.get(i);
            if (cap.cells.size() >= 2 || !RELATED_CAPTION.matcher(cap.text.strip()).matches()) {
                continue;
            }
            String rel = cap.text.matches(".*(全资子公司|控股子公司|子公司).*") && !cap.text.contains("关联") ? "子公司" : "关联企业";
            for (int j = i + 1; j < lines.size(); j++) {
                Line l = lines.get(j);
                String text = l.text.strip();
                if (text.isEmpty() || !RiskStatementReader.ITEM_NUMBER.matcher(text).lookingAt()) {
                    break;
                }
                List<Entity> ents = x.nameReader.entities(l.text).stream().filter(en -> en.type().equals("company")).toList();
                if (ents.size() != 1) {
                    break;
                }
                Entity en = ents.get(0);
                addRelated(NormalizedText.stripBlanks(en.name()), rel, null, l.start + en.start(), l.start + en.end(), 1);
            }
        }
    }
}
