package dev.enclave.audit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Collateral;
import dev.enclave.audit.internal.Entities.Entity;
import dev.enclave.audit.internal.ExtractionState.Cand;
import dev.enclave.audit.internal.ExtractionState.Item;

/**
 * Reads collateral from a clause: the type of each pledge or mortgage (房产, 土地使用权, 应收账款 …), its owner
 * (the borrower unless a company or person is named, or the pledge is stated as ownerless) and its value. The
 * pair, entity-table and prose readers call {@link #collateralClause} on the clauses they find under a
 * collateral label or section.
 */
final class CollateralReader {
    private final ExtractionState x;

    CollateralReader(ExtractionState x) {
        this.x = x;
    }

    /** The kinds of collateral (房产, 土地使用权, 应收账款 …): {@code collateral.type} in reader-vocabulary.properties. */
    private static final Pattern COLLATERAL_TYPE = ReaderVocabulary.pattern("collateral.type");

    static String collateralType(String s) {
        Matcher m = COLLATERAL_TYPE.matcher(s);
        if (!m.find()) {
            return null;
        }
        String type = m.group();
        int end = m.end();
        // "厂房及土地使用权": one item of two kinds
        while (end + 1 < s.length() && "及和、与".indexOf(s.charAt(end)) >= 0 && m.find(end + 1) && m.start() == end + 1) {
            type = type + s.charAt(end) + m.group();
            end = m.end();
        }
        return type;
    }

    /** A pledge clause without a subject ("（二）以项目建成后的收费权提供质押"): the borrower's own asset. */
    private static final Pattern OWNERLESS_PLEDGE = Pattern.compile(
            "^\\s*(?:[(（][一二三四五六七八九十\\d]{1,2}[)）]|\\d{1,2}[.、])?\\s*(?:同时|另|并|再|此外[,，]?)?以(?!其)[^,，;；。]{0,40}(?:提供)?(?:抵押|质押|出质)");

    /** The borrower pledging its own asset: "公司以位于…的土地使用权提供抵押", "借款人以设备抵押". */
    private static final Pattern OWN_PLEDGE = Pattern.compile(
            "(?:^|(?<![\\u4e00-\\u9fa5])|(?<=同时|另|并|且|再|还))(?:借款人|本公司|该公司|公司|企业|申请人|融资主体|融资人|借款主体|授信主体)(?:拟|将|同意)?以[^,，;；。]{0,60}(?:抵押|质押|出质)");

    void collateralClause(int s, int e, int prio) {
        String text = x.t.substring(s, e);
        String type = collateralType(text);
        if (type == null) {
            return;
        }
        Long value = null;
        Matcher vm = Pattern.compile("(?:评估价值|评估值|评估价|评估总价|价值|作价|(?<=应收账款|存单|票据|仓单)(?:余额|金额|面额)|票面金额|(?i:appraised (?:value|at)|appraisal value|valued at|market value)(?:\\s?(?i:of|at|is))?)").matcher(text);
        if (vm.find()) {
            Values.Hit<Long> a = Values.amount(text, vm.end(), 0);
            if (a != null && a.start() - vm.end() <= 10) {
                value = a.value();
            }
        }
        Double ltv = null;
        Matcher lm = Pattern.compile("(?:抵押率|质押率|LTV|抵质押率)").matcher(text);
        if (lm.find()) {
            Values.Hit<Double> r = Values.ratio(text, lm.end(), true, true);
            if (r != null && r.start() - lm.end() <= 6) {
                ltv = r.value();
            }
        }
        if (value == null && ltv == null) {
            return;
        }
        String owner = null;
        Matcher om = Pattern.compile(
                "(?:(?i:owned\\s?by|owner)\\s*)?(?:所有权人|权属人|产权人|抵押人|出质人|所有人)(?:为|是|:)?\\s*|(?i:owned\\s?by|owner)\\s*:?\\s*").matcher(text);
        if (om.find() && text.substring(om.end()).matches("^(?:借款人|申请人|本公司|该公司|公司|企业|(?i:the\\s?(?:borrower|obligor|applicant|company)|borrower|obligor))(?![\\u4e00-\\u9fa5]{0,20}(?:有限|公司|集团)).*")) {
            owner = x.borrowerName(); // "所有权人：借款人", "owned by 借款人"
        } else if (om.find(0)) {
            Cand c = x.nameReader.companyAfter(s + om.end(), e);
            if (c == null) {
                c = x.nameReader.personAfter(s + om.end(), e);
            }
            if (c != null) {
                owner = (String) c.value;
            } else if (text.startsWith("借款人", om.end())) {
                owner = x.borrowerName();
            }
        } else {
            // "X以其名下…提供抵押": the named party first, then 借款人/公司 for the borrower
            for (Entity en : x.nameReader.entities(text)) {
                if (text.substring(en.end()).matches("^\\s*(?:名下|所有|自有|拥有|持有|以其|提供).*")) {
                    owner = NormalizedText.stripBlanks(en.name());
                    break;
                }
            }
            if (owner == null && (text.matches(".*(借款人|申请人|承租人|本公司|该公司|公司|企业)((以其|以)?(自有|名下|拥有|所有|持有)|以其).*")
                    || OWNERLESS_PLEDGE.matcher(text).lookingAt()
                    || text.matches("(?i).*(the )?(client|borrower|obligor|company)'s own.*")
                    || OWN_PLEDGE.matcher(text).find())) {
                owner = x.borrowerName();
            }
        }
        String location = null;
        Matcher loc = Pattern.compile("(?:位于|坐落于|坐落在|坐落|地址为|地址:|位置:|(?i:located (?:at|in)|situated (?:at|in)|location:?)"
                + "|(?<=[a-z ])at\\s?(?=[\\u4e00-\\u9fa5]{2,9}?[省市区县]))\\s*").matcher(text); // "owned by the Borrower at 深圳市…"
        if (loc.find()) {
            int ls = loc.end();
            int le = ls;
            while (le < text.length() && ",，。;；(（".indexOf(text.charAt(le)) < 0 && !text.startsWith("的", le)) {
                le++;
            }
            if (le - ls >= 2 && le - ls <= 60) {
                location = x.nt.surface(s + ls, s + le);
            }
        }
        for (Item<Collateral> c : x.collateral) {
            if (c.value.type() != null && c.value.type().equals(type) && java.util.Objects.equals(c.value.appraisedValueYuan(), value)) {
                return;
            }
        }
        x.collateral.add(new Item<>(new Collateral(type, owner, value, ltv, location), s, e, prio));
    }
}
