package dev.enclave.audit.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Counterparty;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Item;
import dev.enclave.audit.internal.SentenceReader.Sentence;
import dev.enclave.audit.internal.Structure.Kind;

/**
 * Reads the lists of prose sentences ({@link #proseLists}, a phase run after the tables): each sentence
 * in a guarantee, collateral, related-party, supplier or customer section, or carrying such a cue in another,
 * is cut into clauses with their own subject and each clause handed to {@link GuaranteeReader},
 * {@link CollateralReader}, {@link RelatedPartyReader} or {@link CounterpartyReader}; English shareholder
 * sentences ("X holds 60% of …") are read here.
 */
final class ProseListReader {
    private final ExtractionState x;

    private final EnglishClauseReader english;

    ProseListReader(ExtractionState x) {
        this.x = x;
        this.english = new EnglishClauseReader(x);
    }

    private static final Pattern EN_SUPPLIERS = Pattern.compile("(?i)\\b(?:suppliers?|vendors?)\\b");
    private static final Pattern EN_CUSTOMERS = Pattern.compile("(?i)\\b(?:customers?|buyers?|offtakers?)\\b");

    void proseLists(List<Sentence> sentences) {
        List<Item<Counterparty>> carried = null;
        Sentence prev = null;
        for (Sentence s : sentences) {
            String text = s.text(x.t);
            boolean sup = CounterpartyReader.SUPPLIER_CUE.matcher(text).matches() || EN_SUPPLIERS.matcher(text).find();
            boolean cus = CounterpartyReader.CUSTOMER_CUE.matcher(text).matches() || EN_CUSTOMERS.matcher(text).find();
            boolean continues = prev != null && prev.line == s.line && ";；".indexOf(x.t.charAt(prev.end - 1)) >= 0;
            if (continues && carried != null && !sup && !cus && Values.PERCENT.matcher(text).find()
                    && !text.matches(".*(股东|持股|担保|抵押|质押|子公司|关联|(?i:\\bowns\\b|\\bholds\\b|stake|shareholder|guarantee|mortgage|pledge)).*")) {
                // "下游客户A，占销售额38%；B，占销售额21%。": the items after a semicolon stay in the list
                List<Item<Counterparty>> into = carried;
                ExtractionState.phase(() -> x.counterpartyReader.counterparties(s.start, s.end, into, 1));
            } else {
                // one sentence that trips a rule must not cost the sentences after it
                ExtractionState.phase(() -> proseListsOf(s));
                carried = sup && !cus ? x.suppliers : cus && !sup ? x.customers : null;
            }
            prev = s;
        }
    }

    /** Where an English sentence passes from one clause to the next: ", and", ", while", ";", ":". */
    private static final Pattern ENGLISH_CLAUSE_BREAK = Pattern.compile(",\\s?(?:and|while|whereas)\\s|;\\s?|:\\s"
            // a sentence's full stop, not an abbreviation's ("… RMB 25 million. The company itself guarantees …")
            + "|(?<=[a-z0-9)])(?<![Ll]td|[Cc]o|[Ii]nc|[Cc]orp|Mr|Ms|Mrs|Dr|No|[Bb]hd)\\.\\s?(?=[A-Z])");

    /** Whether a clause opens with its own party ("C为A提供…", "闽江纸业亦为…"), not with a verb. */
    private boolean hasOwnSubject(String clause) {
        String c = clause.strip();
        if (c.matches("^(?:借款人|申请人|该公司|本公司|公司|企业" + x.nameReader.aliasAlternatives() + ").*")) {
            return true;
        }
        List<Entity> ents = x.nameReader.entities(c);
        return !ents.isEmpty() && ents.get(0).start() == 0;
    }

    /** "Zhou Ming owns 75% of the Client and is its controlling shareholder; Zhou Lan owns 25%". */
    private static final Pattern EN_HOLDER = Pattern.compile(
            "((?:[A-Z][A-Za-z&'\\-]*[.,]{0,2}\\s?(?:\\([A-Z][A-Za-z ]*\\)\\s?)?){1,8}?|\\b[Hh]e|\\b[Ss]he)\\s?(?:(?:personally|directly|indirectly|also)\\s?)?"
                    + "(?:owns|holds|has|(?:is|as)\\s?(?:the|its)\\s?(?:controlling|largest|majority|major)?\\s?shareholder\\s?(?:with|holding|owning))\\s?(?:the\\s(?:remaining|other|rest)\\s?)?"
                    + "(\\d{1,3}(?:\\.\\d+)?)\\s?%");
    private static final Pattern EN_HOLDER_LEAD = Pattern.compile(
            "^(?:(?:Shareholders?|Shareholding|Ownership|The|And|While|Its)[:.\\s]\\s?|(?:Mr|Mrs|Ms|Miss|Dr|Madam)\\.?\\s)+");

    /** Shareholders in English prose, one clause each (up to ";" or the sentence end). */
    private void englishHolders(Sentence s, String text) {
        if (text.matches("(?s).*[\\u4e00-\\u9fa5].*")) {
            return;
        }
        Matcher m = EN_HOLDER.matcher(text);
        while (m.find()) {
            int ns = m.start(1);
            Matcher lead = EN_HOLDER_LEAD.matcher(m.group(1));
            if (lead.find()) {
                ns += lead.end();
            }
            String name = x.original(s.start + ns, s.start + m.end(1)).replaceAll("[,;:]$", "").strip();
            if (name.matches("[Hh]e|[Ss]he")) {
                // "…actual controller; he owns 80% of the company": the person named last before
                List<Entity> before = x.nameReader.entities(x.t.substring(s.line.start, s.start + ns)).stream()
                        .filter(en -> en.type().equals("person")).toList();
                if (before.isEmpty()) {
                    continue;
                }
                name = NormalizedText.stripBlanks(before.get(before.size() - 1).name());
            }
            if (name.length() < 4) {
                continue;
            }
            int ce = text.indexOf(';', m.end());
            String clause = text.substring(m.end(), ce < 0 ? text.length() : ce);
            String rel = (clause + m.group()).matches("(?i).*controlling\\s?shareholder.*") ? "控股股东" : "股东";
            x.relatedPartyReader.addRelated(name, rel, Double.parseDouble(m.group(2)) / 100, s.start + ns, s.start + m.end(), 1);
        }
    }

    private void proseListsOf(Sentence s) {
        String text = s.text(x.t);
        englishHolders(s, text);
        if (GuaranteeLexicon.CUE.matcher(text).find() && !(text.matches(".*(抵押|质押).*") && !text.matches(".*(保证|担保人).*"))) {
            // "A为B提供连带责任保证5,000万元，C为A提供…": each run of clauses up to its own guarantee
            int from = s.start;
            boolean provided = false;
            int i = s.start;
            while (i < s.end) {
                int j = i;
                while (j < s.end && ",，".indexOf(x.t.charAt(j)) < 0) {
                    j++;
                }
                String clause = x.t.substring(i, j);
                boolean gives = clause.matches(".*提供.*(保证|担保).*");
                if (gives && provided && i > from && hasOwnSubject(clause)) {
                    x.guaranteeReader.guaranteeClause(from, i, s.kind, 1);
                    from = i;
                }
                provided |= gives;
                i = j + 1;
            }
            if (!ENGLISH_CLAUSE_BREAK.matcher(text).find() || text.matches(".*[\\u4e00-\\u9fa5].*")) {
                x.guaranteeReader.guaranteeClause(from, s.end, s.kind, 1);
            } else {
                // English prose: "X guarantees this loan …, and the Client guarantees X's loan …": each
                // clause its own guarantee (a comma alone does not break one: "Co., Ltd.")
                Matcher br = ENGLISH_CLAUSE_BREAK.matcher(text);
                int at = 0;
                while (br.find()) {
                    if (GuaranteeLexicon.CUE.matcher(text.substring(at, br.start())).find()) {
                        x.guaranteeReader.guaranteeClause(s.start + at, s.start + br.start(), s.kind, 1);
                    }
                    at = br.end();
                }
                if (GuaranteeLexicon.CUE.matcher(text.substring(at)).find()) {
                    x.guaranteeReader.guaranteeClause(s.start + at, s.end, s.kind, 1);
                }
            }
        }
        english.collateral(s.start, s.end);
        if ((s.kind == Kind.COLLATERAL || text.matches(".*(抵押|质押|押品|(?i:mortgage|pledge|collateral)).*")) && CollateralReader.collateralType(text) != null) {
            x.collateralReader.collateralClause(s.start, s.end, 1);
        }
        // a customer or supplier sentence under a shareholders heading names counterparties, not holders
        boolean tradeOnly = (CounterpartyReader.SUPPLIER_CUE.matcher(text).matches() || CounterpartyReader.CUSTOMER_CUE.matcher(text).matches())
                && !text.matches(".*(股东|持股|股权|出资|控股|控制|关联|子公司|母公司|(?i:holds|owns|stake|shareholder)).*");
        if (s.kind == Kind.RELATED && !tradeOnly || text.matches(".*(控股股东|持股|股权比例|持有.*(股权|股份)|出资比例|占股|股比|占注册资本|(?i:holds|owns|holding of|stake)|子公司|母公司|关联企业|关联方|关联公司|(?:控制|控股)的(?:其他)?(?:企业|公司)).*")) {
            x.relatedPartyReader.relatedClause(s.start, s.end, null, 1);
        }
        if (english.counterparties(s.start, s.end)) {
            return; // an English sentence whose shares say what they are of
        }
        boolean suppliesTo = CounterpartyReader.SUPPLIES_TO.matcher(text).matches();
        boolean supplierCue = CounterpartyReader.SUPPLIER_CUE.matcher(text).matches() && !(suppliesTo && !text.matches(".*(主要供应商|大供应商|供应商[为:：]).*"));
        boolean customerCue = CounterpartyReader.CUSTOMER_CUE.matcher(text).matches() || suppliesTo;
        boolean otherCue = text.matches(".*(股东|持股|担保|抵押|质押|子公司|关联).*");
        if (supplierCue && customerCue) {
            // "前两大客户为A和B，…；前两大供应商为C（…）和D": each run of clauses after its own cue
            x.counterpartyReader.counterpartyRuns(s.start, s.end);
            return;
        }
        if (supplierCue && !customerCue || s.kind == Kind.SUPPLIERS && !customerCue && !otherCue) {
            x.counterpartyReader.counterparties(s.start, s.end, x.suppliers, 1);
        } else if (customerCue && !supplierCue || s.kind == Kind.CUSTOMERS && !supplierCue && !otherCue) {
            x.counterpartyReader.counterparties(s.start, s.end, x.customers, 1);
        }
    }
}
