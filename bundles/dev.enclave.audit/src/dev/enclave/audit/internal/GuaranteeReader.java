package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.Structure.Kind;

/**
 * Reads guarantees from a clause: who guarantees whom (the borrower named, referred to or implied), of
 * what kind (连带责任, 一般保证 … from {@link GuaranteeLexicon}) and for how much, mutual guarantees (互保) in
 * either order, negated statements (无对外担保) skipped. The pair, table and prose readers call
 * {@link #guaranteeClause} on the clauses they find under a guarantee label or section.
 */
final class GuaranteeReader {
    private final ExtractionState x;

    GuaranteeReader(ExtractionState x) {
        this.x = x;
    }

    String typeOf(String name) {
        return Entities.isCompany(name) ? "company" : "person";
    }

    static String guaranteeKind(String s) {
        return GuaranteeLexicon.kindOf(s);
    }

    private static final Pattern BORROWER_REF = Pattern.compile("借款人|申请人|本公司|该公司|公司|企业|客户");
    private static final Pattern NEGATED = Pattern.compile("(无|没有|未|不存在|暂无)[^，。,]{0,6}(对外担保|担保)");

    void guaranteeClause(int s, int e, Kind kind, int prio) {
        String text = x.t.substring(s, e);
        if (NEGATED.matcher(text).find() && !text.matches(".*(提供|为).*(担保|保证).*")) {
            return;
        }
        String borrower = x.borrowerName();
        List<Entity> ents = x.nameReader.entities(text);
        String controller = x.scalars.containsKey("borrower.controller") ? (String) x.scalars.get("borrower.controller").value : null;
        List<Entity> parties = new ArrayList<>();
        for (Entity en : ents) {
            String n = NormalizedText.stripBlanks(en.name());
            if (NameReader.isBank(n)) {
                continue;
            }
            parties.add(en);
        }
        for (Entity known : x.nameReader.knownPersons(text)) {
            if (parties.stream().noneMatch(p -> p.start() < known.end() && known.start() < p.end())) {
                parties.add(known);
            }
        }
        if (controller != null && text.contains("实际控制人") && !text.contains(controller)
                && parties.stream().noneMatch(p -> p.name().equals(controller))) {
            int at = text.indexOf("实际控制人");
            parties.add(new Entity(controller, "person", at, at + 5));
        }
        // "…提供连带责任保证，同时X以其名下房产提供抵押": a party of a pledge or mortgage clause is not a guarantor
        parties.removeIf(p -> {
            int cs = p.start();
            while (cs > 0 && ",，;；".indexOf(text.charAt(cs - 1)) < 0) {
                cs--;
            }
            int ce = p.end();
            while (ce < text.length() && ",，;；".indexOf(text.charAt(ce)) < 0) {
                ce++;
            }
            String clause = text.substring(cs, ce);
            return clause.matches(".*(抵押|质押|(?i:mortgage|pledge)).*") && !clause.matches(".*(保证|担保人|保证人|(?i:guarantee|guarantor)).*");
        });
        parties.sort(java.util.Comparator.comparingInt(Entity::start));
        parties = new ArrayList<>(NameReader.withoutNotes(text, parties));
        String kindText = guaranteeKind(text);
        if (mutualClauses(text, s, e, parties, borrower, kindText, prio)) {
            return;
        }
        boolean outward = text.matches(".*对外(?:提供)?(?:担保|保证).*")
                || kind == Kind.GUARANTEES && x.st.lineAt(s).heading.contains("对外担保");
        // "<borrower, its short name or 公司> 为 X 提供 … 担保": outward
        Matcher ob = Pattern.compile("(?:借款人|申请人|本公司|该公司|公司|企业" + x.nameReader.aliasAlternatives()
                + ")\\s*(?:曾|已|目前|现|还|另|亦)?(?:于[^，,。；;为]{0,14}?)?\\s*(?:为|对|向)").matcher(text);
        boolean borrowerSubject = ob.find();
        if (!borrowerSubject) {
            Matcher en = GuaranteeLexicon.OUTWARD.matcher(text);
            if (en.find()) {
                // "the Client guarantees X's RMB 8 million loan": the borrower is the guarantor
                ob = en;
                borrowerSubject = true;
            }
        }
        Entity subject = null;
        for (Entity en : parties) {
            String after = text.substring(en.end());
            if (after.matches("^\\s*(?:为|对|向)[^，,。]*(提供|担保|保证).*") ) {
                subject = en;
                break;
            }
        }
        if (borrowerSubject && text.matches(".*(借款人|申请人|本公司|该公司|公司|企业)\\s*(为|对|向)\\s*(其|对方|该公司|上述公司|上述企业).*")) {
            outward = true;
        }
        if (!borrowerSubject && subject == null && borrower != null
                && text.matches("^\\s*(?:另|还|并|同时|以及)?(?:为|向)[^，,。]*(提供|担保|保证).*")) {
            // "鲁润化工对集团成员的担保：为A提供…；为B提供…": a clause without a subject keeps the
            // borrower that the line's earlier clause made the guarantor
            String before = x.t.substring(x.st.lineAt(s).start, s);
            if (before.matches("(?s).*[;；,，]\\s*$") && Pattern.compile("(?:借款人|申请人|本公司|该公司|公司|企业|"
                    + Pattern.quote(borrower) + x.nameReader.aliasAlternatives() + ")\\s*(?:对|为|向)").matcher(before).find()) {
                outward = true;
            }
        }
        if (subject != null && borrower != null && ExtractionState.sameName(subject.name(), borrower)) {
            borrowerSubject = true;
            outward = true;
        } else if (borrowerSubject) {
            int pos = ob.start();
            boolean beforeAll = parties.stream().noneMatch(p -> p.start() < pos);
            outward = outward || beforeAll;
        }
        List<Values.Hit<Long>> amounts = new ArrayList<>();
        int pos = 0;
        Values.Hit<Long> h;
        while ((h = Values.amount(text, pos, 0)) != null) {
            amounts.add(h);
            pos = h.end();
        }
        if (outward) {
            if (borrower == null) {
                return;
            }
            List<Entity> bens = parties.stream().filter(p -> !ExtractionState.sameName(x.nameReader.canonical(NormalizedText.stripBlanks(p.name())), borrower)).toList();
            for (int i = 0; i < bens.size(); i++) {
                Entity b = bens.get(i);
                Long amount = amountFor(text, amounts, bens, i);
                addGuarantee(borrower, "company", NormalizedText.stripBlanks(b.name()), kindText, amount, s, e, prio);
            }
            return;
        }
        if (!GuaranteeLexicon.ACT.matcher(text).find()) {
            return;
        }
        List<Entity> gs = parties.stream().filter(p -> borrower == null || !ExtractionState.sameName(x.nameReader.canonical(NormalizedText.stripBlanks(p.name())), borrower)).toList();
        if (subject != null && !ExtractionState.sameName(subject.name(), borrower == null ? "" : borrower)) {
            // "X 为 Y 提供担保" with Y not the borrower: X guarantees Y only when Y is the borrower
            String after = text.substring(subject.end());
            String aliasAlt = x.nameReader.aliasAlternatives();
            boolean forBorrower = borrower != null && after.contains(borrower)
                    || after.matches("^\\s*(?:为|对|向)\\s*(?:借款人|申请人|本笔|本次|该笔|上述|此笔|本项|该|本" + aliasAlt + ").*");
            if (!forBorrower) {
                gs = List.of();
            }
        }
        for (int i = 0; i < gs.size(); i++) {
            Entity g = gs.get(i);
            Long amount = amountFor(text, amounts, gs, i);
            addGuarantee(NormalizedText.stripBlanks(g.name()), g.type(), borrower, kindText, amount, s, e, prio);
        }
    }

    /** The borrower as one side of a mutual guarantee: 我方, 本公司, 借款人, 授信主体. */
    private static final String OUR_SIDE = "(?:我方|我公司|本公司|借款人|申请人|授信主体|公司|企业)";
    /** The other side, named before: 其, 对方, 该公司. */
    private static final String THEIR_SIDE = "(?:其|对方|该公司|该企业)";
    private static final Pattern OURS_FOR_THEM = Pattern.compile("^\\s*" + OUR_SIDE + "\\s*(?:为|对|向)\\s*" + THEIR_SIDE);
    private static final Pattern THEIRS_FOR_US = Pattern.compile("^\\s*" + THEIR_SIDE + "\\s*(?:为|对|向)\\s*" + OUR_SIDE);

    /**
     * A mutual guarantee told in prose with one named partner ("与X存在互保关系：我方为其…5,000万元
     * 借款提供连带责任保证，对方为我方…4,000万元借款提供连带责任保证"): an edge each way, each with the
     * amount of its own clause. False when the text is not such a statement.
     */
    private boolean mutualClauses(String text, int s, int e, List<Entity> parties, String borrower, String kindText, int prio) {
        if (borrower == null || !text.matches(".*(互保|相互担保|互相担保|互为担保).*")) {
            return false;
        }
        List<Entity> others = parties.stream().filter(p -> p.type().equals("company")
                && !ExtractionState.sameName(x.nameReader.canonical(NormalizedText.stripBlanks(p.name())), borrower)).toList();
        if (others.size() != 1) {
            return false;
        }
        String other = NormalizedText.stripBlanks(others.get(0).name());
        boolean found = false;
        int cs = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && (",，;；:：。".indexOf(text.charAt(i)) < 0 || text.charAt(i) == ',' && i > 0
                    && i + 1 < text.length() && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1)))) {
                continue; // (not the separator of "2,500")
            }
            String clause = text.substring(cs, i);
            Values.Hit<Long> a = Values.amount(clause, 0, 0);
            Long amount = a == null ? null : a.value();
            if (OURS_FOR_THEM.matcher(clause).find()) {
                addGuarantee(borrower, "company", other, kindText, amount, s, e, prio);
                found = true;
            } else if (THEIRS_FOR_US.matcher(clause).find()) {
                addGuarantee(other, "company", borrower, kindText, amount, s, e, prio);
                found = true;
            }
            cs = i + 1;
        }
        return found;
    }

    /** The amount that belongs to the i-th party: its own amount after it, or the one amount of a single party. */
    private Long amountFor(String text, List<Values.Hit<Long>> amounts, List<Entity> parties, int i) {
        if (amounts.isEmpty()) {
            return null;
        }
        Entity p = parties.get(i);
        int next = i + 1 < parties.size() ? parties.get(i + 1).start() : text.length();
        for (Values.Hit<Long> a : amounts) {
            if (a.start() >= p.end() && a.start() < next) {
                String between = text.substring(p.end(), a.start());
                if (!between.matches("(?s).*(注册资本|资产|收入|评估|[;；。]|(?i:apprais|valued|mortgage|pledge)).*")) {
                    return a.value();
                }
            }
        }
        if (text.contains("分别") && amounts.size() == parties.size()) {
            return amounts.get(i).value();
        }
        int last = i;
        while (last + 1 < parties.size()
                && text.substring(parties.get(last).end(), parties.get(last + 1).start()).matches("\\s*[、和及与]\\s*")) {
            last++;
        }
        if (last > i) {
            // "谭志文、黄美玲夫妇 连带责任保证 1,500万元": the guarantors of one list share its amount
            return amountFor(text, amounts, parties, last);
        }
        if (parties.size() == 1 && text.matches(".*(担保金额|保证金额|担保额度|最高额|担保本金|金额).*")) {
            return amounts.get(amounts.size() - 1).value();
        }
        return null;
    }

    void addGuarantee(String guarantor, String type, String beneficiary, String kind, Long amount, int s, int e,
            int prio) {
        guarantor = x.nameReader.canonical(guarantor);
        beneficiary = x.nameReader.canonical(beneficiary);
        if (guarantor != null && beneficiary != null && ExtractionState.sameName(guarantor, beneficiary)) {
            return;
        }
        if (guarantor == null || guarantor.isBlank() || guarantor.matches("无|/|-|—")) {
            return;
        }
        String ben = beneficiary == null ? x.borrowerName() : beneficiary;
        for (Item<Guarantee> g : x.guarantees) {
            if (ExtractionState.sameName(g.value.guarantor(), guarantor) && (g.value.beneficiary() == null || ben == null
                    || ExtractionState.sameName(g.value.beneficiary(), ben))) {
                Guarantee o = g.value;
                g.value = new Guarantee(o.guarantor(), o.guarantorType(), o.beneficiary() != null ? o.beneficiary() : ben,
                        o.kind() != null && (kind == null || prio <= g.prio) ? o.kind() : kind,
                        o.amountYuan() != null ? o.amountYuan() : amount);
                return;
            }
        }
        x.guarantees.add(new Item<>(new Guarantee(guarantor, type, ben, kind, amount), s, e, prio));
    }
}
