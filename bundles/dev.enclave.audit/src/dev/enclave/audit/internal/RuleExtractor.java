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
final class RuleExtractor extends ProseListReader {
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

    private static final Pattern P_BORROWER = Pattern.compile("(?:借款人|申请人|授信申请人|借款企业|授信客户|申请企业|授信主体|(?<![\\u4e00-\\u9fa5])我公司|(?:公司|企业)全称)(?:为|是|系|:)?");
    private static final Pattern P_APPLICANT = Pattern.compile("(?:授信申请人|借款申请人|本次授信的?申请人)(?:为|是|系)");
    private static final Pattern P_LEGAL = Pattern.compile(
            "(?:法定代表人|法人代表)(?:为|是|系|:)?|(?i:legal\\s?representative)(?:\\s*(?i:is|was|:))?\\s*");
    private static final Pattern P_CONTROLLER = Pattern.compile(
            "(?:实际控制人|实控人)(?:为|是|系|:)?|(?i:(?:actual|ultimate|de\\s?facto)\\s?controller)(?:\\s*(?i:is|was|:))\\s*");
    /** "…is 张伟, who is also the ultimate controller": the person just named has the second role. */
    private static final Pattern P_EN_ALSO = Pattern.compile(
            "(?i)\\s*,?\\s*(?:who|and|he|she)\\s?(?:is|was)\\s?also\\s?(?:the|its|our)?\\s?"
                    + "((?:actual|ultimate|de\\s?facto)\\s?controller|legal\\s?representative)");
    private static final Pattern P_CAPITAL = Pattern.compile("(?:注册资本|注册资金)(?:为|:|人民币)*|(?i:registered capital)(?:\\s*(?i:of|is|was|:))?\\s*");
    private static final Pattern P_EST = Pattern.compile(
            "(?:成立于|成立时间为?|成立日期为?|设立于|注册成立于|创立于)[:]?|(?i:(?:established|incorporated|founded|registered)\\s?(?:on|in))\\s*");
    private static final Pattern P_EST_AFTER = Pattern.compile("(?:注册)?成立|(?<=\\d日)设立");
    private static final Pattern P_INDUSTRY = Pattern.compile("(?:所属行业|所处行业|行业分类|行业类别|行业归类|行业归属|行业划分)(?:为|是|属于|:)?|(?:(?<=[,;:。；\\s]|公司|企业|^)行业(?:为|是|属于|:))|(?<=公司|企业|借款人|[,，])(?:属于|属|隶属于?)(?=[\\u4e00-\\u9fa5、]{2,20}业[，,。；;]|[\\u4e00-\\u9fa5、]{2,20}行业)");
    private static final Pattern P_PERSON_BEFORE = Pattern.compile(
            "((?!同时|其|并|且|亦|也|兼|他|她|该|本)[\\u4e00-\\u9fa5·]{2,4}?)(?:先生|女士)?(?:同时|亦|也|还|兼)?(?:为|是|系|担任|兼任)(?:公司|企业|该公司|借款人|本公司)?(?:的)?(实际控制人|实控人|法定代表人)");
    /** A pronoun that gives the person just named a second role: "法定代表人是黄振宇，他也是实际控制人". */
    private static final Pattern P_PRONOUN_ROLE = Pattern.compile(
            "([\\u4e00-\\u9fa5·]{2,4})\\s*[,，]\\s*(?:他|她)(?:也|亦|同时|还)?(?:是|为|系|担任)(?:公司|企业)?的?(实际控制人|实控人|法定代表人)");
    /** Both roles named at once: "法定代表人和实际控制人为杨春华", "法定代表人、实际控制人均为X". */
    private static final Pattern P_LEGAL_AND_CONTROLLER = Pattern.compile(
            "(?:法定代表人|法人代表)(?:和|及|与|、|兼|暨|/)(?:实际控制人|实控人)(?:均|同|都)?(?:为|是|系|:)?|(?:实际控制人|实控人)(?:和|及|与|、|兼|暨|/)(?:法定代表人|法人代表)(?:均|同|都)?(?:为|是|系|:)?");
    private static final Pattern P_EST_YU = Pattern.compile("(?<![\\u4e00-\\u9fa5])于(?=[\\d一二〇零]{4}[年.\\-/].{0,40}成立)|(?<=公司|企业)于(?=[\\d一二〇零]{4}[年.\\-/].{0,40}成立)");
    private static final Pattern P_ADDRESS = Pattern.compile(
            "(?:注册地址|注册地|住所|公司地址|经营地址|办公地址|经营场所)(?:位于|为|在|是|:)?|(?<=^|[,，])地址(?:为|是|:)|(?<=^|[,，]|公司|企业|借款人)(?:位于|坐落于|地处)(?=[\\u4e00-\\u9fa5]{2,}(?:省|市|区|县))");
    private static final Pattern P_PURPOSE = Pattern.compile("(?:贷款|借款|资金|授信)?用途(?:为|是|:|主要为|主要用于|用于)?|用于");
    private static final Pattern P_REPAY = Pattern.compile("(?:第一)?还款来源(?:主要)?(?:为|是|:|系|来自|来源于)?");
    /** The source named before the cue: "以公司药品销售收入作为还款来源", "以租金收入为第一还款来源". */
    private static final Pattern P_REPAY_BEFORE = Pattern.compile(
            "(?:^|[,，;；]|(?<=并|且))\\s*(?:拟|主要|将)?以([^,，;；。]{2,30}?)(?:作为|为|作)(?:其)?(?:第一|主要)?还款来源");
    /** A benchmark rate and spread: "LPR+85BP", "3Y LPR-20BP", "5年期LPR+110BP". */
    private static final Pattern RATE_EXPR = Pattern.compile(
            "(?:\\d{1,2}\\s?(?:Y|年期?)\\s?)?LPR\\s?[+\\-－]\\s?\\d{1,3}(?:\\.\\d+)?\\s?(?:BP|bp|bps|个基点)");
    private static final Pattern P_RATE = Pattern.compile(
            "(?:执行|贷款|借款)?利率(?:为|按|执行|:|拟定为|定为)?|(?i:pricing|interest rate)(?:\\s?(?i:of|at|is|:))?\\s*");
    private static final Pattern P_TERM = Pattern.compile("(?:授信|贷款|借款|申请)?期限(?:为|:)?|(?i:tenor|term)(?:\\s?(?i:of|is|:))?\\s*");
    private static final Pattern P_AMOUNT = Pattern.compile("(?:我行)?拟?承贷(?:份额|金额)?(?:为)?|(?:申请|授信|额度|金额|敞口|贷款|借款)|(?i:amount|limit)(?:\\s?(?i:of|is|:))?");
    /** An English role sentence: "Its legal representative is 张伟, who is also the ultimate controller." */
    private void englishSecondRole(String text, int base, int prio) {
        Matcher m = P_LEGAL.matcher(text);
        Matcher c = P_CONTROLLER.matcher(text);
        for (Matcher role : List.of(m, c)) {
            while (role.find()) {
                if (!role.group().matches("(?s).*[A-Za-z].*")) {
                    continue;
                }
                int[] span = personSpan(base + role.end(), base + text.length());
                if (span == null) {
                    continue;
                }
                Matcher also = P_EN_ALSO.matcher(t.substring(span[1], base + text.length()));
                if (also.lookingAt()) {
                    String other = also.group(1).toLowerCase(java.util.Locale.ROOT).contains("controller") ? "borrower.controller"
                            : "borrower.legal_rep";
                    offer(other, nt.surface(span[0], span[1]), span[0], span[1], prio);
                }
            }
        }
    }

    /** An English facility sentence ("Proposed facility: …, amount RMB 30 million, tenor 12 months"). */
    private static final Pattern FACILITY_EN = Pattern.compile("(?i).*\\b(proposed facility|facility amount|loan amount|tenor|we propose)\\b.*");

    private void proseScalars(List<Sentence> sentences) {
        for (Sentence s : sentences) {
            // one sentence that trips a rule must not cost the sentences after it
            phase(() -> proseScalarsOf(s));
        }
    }

    private void proseScalarsOf(Sentence s) {
        String text = s.text(t);
        Kind k = s.kind;
        int bp = borrowerPrio(k);
        if (bp >= 0) {
            cue(text, s.start, P_BORROWER, "borrower.name", bp, this::companyAfter);
            cue(text, s.start, P_LEGAL, "borrower.legal_rep", bp, this::personAfter);
            cue(text, s.start, P_CONTROLLER, "borrower.controller", bp, this::personAfter);
            cue(text, s.start, P_CONTROLLER, "borrower.controller", bp - 1, this::controllingBodyAfter);
            englishSecondRole(text, s.start, bp);
            cue(text, s.start, P_LEGAL_AND_CONTROLLER, "borrower.legal_rep", bp + 1, this::personAfter);
            cue(text, s.start, P_LEGAL_AND_CONTROLLER, "borrower.controller", bp + 1, this::personAfter);
            cue(text, s.start, P_CAPITAL, "borrower.registered_capital_yuan", bp, (a, b) -> amountAt(a, b, 1));
            cue(text, s.start, P_EST, "borrower.established", bp, this::dateAt);
            if (!scalars.containsKey("borrower.established")) {
                Matcher m = P_EST_AFTER.matcher(text);
                if (m.find()) {
                    Values.Hit<String> d = Values.date(text, Math.max(0, m.start() - 14));
                    if (d != null && d.end() <= m.start() + 1) {
                        offer("borrower.established", d.value(), s.start + d.start(), s.start + d.end(), bp);
                    }
                }
            }
            cue(text, s.start, P_INDUSTRY, "borrower.industry", bp, this::industryAt);
            Matcher pb = P_PERSON_BEFORE.matcher(text);
            while (pb.find()) {
                String field = pb.group(2).startsWith("实际") || pb.group(2).startsWith("实控") ? "borrower.controller"
                        : "borrower.legal_rep";
                int[] span = personSpan(s.start + pb.start(1), s.start + pb.end(1));
                if (span != null && span[1] == s.start + pb.end(1)) {
                    offer(field, nt.surface(span[0], span[1]), span[0], span[1], bp);
                }
            }
            Matcher pr = P_PRONOUN_ROLE.matcher(text);
            while (pr.find()) {
                String field = pr.group(2).startsWith("法") ? "borrower.legal_rep" : "borrower.controller";
                int[] span = personSpan(s.start + pr.start(1), s.start + pr.end(1));
                if (span != null && span[1] == s.start + pr.end(1)) {
                    offer(field, nt.surface(span[0], span[1]), span[0], span[1], bp);
                }
            }
            Matcher ey = P_EST_YU.matcher(text);
            if (ey.find()) {
                Values.Hit<String> d = Values.date(text, ey.end());
                if (d != null && d.start() == ey.end()) {
                    offer("borrower.established", d.value(), s.start + d.start(), s.start + d.end(), bp);
                }
            }
            cue(text, s.start, P_ADDRESS, "borrower.address", bp, (a, b) -> phraseAt(a, b, false));
            Matcher cc = CREDIT_CODE.matcher(text);
            if (cc.find()) {
                offer("borrower.credit_code", cc.group(), s.start + cc.start(), s.start + cc.end(), bp - 1);
            }
        }
        if (k == Kind.RELATED) {
            cue(text, s.start, P_CONTROLLER, "borrower.controller", 2, this::personAfter);
        }
        if (bp < 0) {
            // "本次授信申请人为X" names the borrower in whatever section it stands
            cue(text, s.start, P_APPLICANT, "borrower.name", 1, this::companyAfter);
        }
        int fp = facilityPrio(k);
        boolean facilitySentence = k == Kind.FACILITY || text.matches(".*(申请|本次|拟|本笔|授信方案|发放|向(?:该|借款)?(?:公司|企业|客户|借款人)提供|同意(?:给予|向|为|核定|办理)|给予|核定|批复).*(授信|贷款|额度|融资).*")
                || text.contains("承贷") || FACILITY_EN.matcher(text).matches();
        if (fp >= 0 && facilitySentence) {
            int[] ps = product(text);
            if (ps != null && text.substring(ps[0], ps[1]).matches("综合授信|授信额度")) {
                // "申请综合授信，其中流动资金贷款4,000万元": without an amount of its own the umbrella
                // stands for the line drawn under it (with one, "综合授信额度6,000万元，其中…", it stays)
                Matcher within = Pattern.compile("其中[,，:：]?").matcher(text);
                if (within.find(ps[1])) {
                    int[] inner = product(text.substring(within.end()));
                    boolean own = inner != null && OWN_SHARE.matcher(text.substring(within.end(), within.end() + inner[0])).matches();
                    if (inner != null && (inner[0] == 0 && Values.amount(text.substring(ps[1], within.start()), 0, 0) == null || own)) {
                        // "…，其中申请人本部流动资金贷款2亿元": the borrower's own line under a group umbrella
                        ps = new int[] { within.end() + inner[0], within.end() + inner[1] };
                    }
                }
            }
            if (ps != null) {
                offer("facility.product", nt.surface(s.start + ps[0], s.start + ps[1]), s.start + ps[0],
                        s.start + ps[1], fp);
            }
            Matcher kindCue = P_PRODUCT_CUE.matcher(text);
            if (kindCue.find()) {
                // "品种为综合授信（含…）": the product the report names as such beats one mentioned in passing
                int[] named = product(text.substring(kindCue.end()));
                if (named != null && named[0] == 0) {
                    offer("facility.product", nt.surface(s.start + kindCue.end(), s.start + kindCue.end() + named[1]),
                            s.start + kindCue.end(), s.start + kindCue.end() + named[1], fp + 1);
                }
            }
            Matcher am = P_AMOUNT.matcher(text);
            while (am.find()) {
                Values.Hit<Long> a = Values.amount(text, am.end(), 0);
                if (a != null && a.start() - am.end() <= 16 && !text.substring(am.end(), a.start()).matches(".*(注册|资产|收入|利润|评估|担保金额).*")) {
                    int cs = a.start();
                    while (cs > 0 && ",，;；。".indexOf(text.charAt(cs - 1)) < 0) {
                        cs--;
                    }
                    String clause = text.substring(cs, a.start());
                    if (GROUP_LINE.matcher(clause).find()) {
                        // "集团统一授信额度6亿元，本次申报授信主体额度2.5亿元": the group's umbrella is not the borrower's line
                        offer("facility.amount_yuan", a.value(), s.start + a.start(), s.start + a.end(), fp - 1);
                        continue;
                    }
                    boolean own = OWN_SHARE.matcher(clause).find();
                    offer("facility.amount_yuan", a.value(), s.start + a.start(), s.start + a.end(), own ? fp + 1 : fp);
                    break;
                }
            }
            cue(text, s.start, P_TERM, "facility.term_months", fp, (a, b) -> {
                Values.Hit<Integer> h = Values.termMonths(t.substring(a, b), 0);
                return h != null && h.start() <= 4 ? new Cand(h.value(), a + h.start(), a + h.end(), 0) : null;
            });
            cue(text, s.start, P_RATE, "facility.rate", fp, (a, b) -> phraseAt(a, b, false));
            Matcher rx = RATE_EXPR.matcher(text);
            if (rx.find()) {
                // "… for a tenor of 60 months at 3Y LPR+50BP": a benchmark spread without a label
                offer("facility.rate", nt.surface(s.start + rx.start(), s.start + rx.end()), s.start + rx.start(),
                        s.start + rx.end(), fp - 1);
            }
            cue(text, s.start, P_PURPOSE, "facility.purpose", fp, (a, b) -> phraseAt(a, b, false));
            cue(text, s.start, P_REPAY, "facility.repayment_source", fp, (a, b) -> phraseAt(a, b, false));
            Matcher rb = P_REPAY_BEFORE.matcher(text);
            if (rb.find()) {
                offer("facility.repayment_source", nt.surface(s.start + rb.start(1), s.start + rb.end(1)),
                        s.start + rb.start(1), s.start + rb.end(1), fp);
            }
        }
        if (fp >= 0 && !text.matches("(?s).*[\\u4e00-\\u9fa5].*")) {
            englishFacility(text, s.start, fp - 1);
        }
        if (k != Kind.GUARANTEES && k != Kind.COLLATERAL && k != Kind.RELATED && k != Kind.SUPPLIERS
                && k != Kind.CUSTOMERS) {
            financialProse(s);
            if (EnglishProseReader.isEnglish(text)) {
                for (int[] e : EnglishProseReader.sentences(text)) {
                    String one = text.substring(e[0], e[1]);
                    for (EnglishProseReader.Figure f : english.figures(one, s.start + e[0])) {
                        putFinancial(f.year(), f.metric(), f.value(), f.start(), f.end(), 2);
                    }
                    for (EnglishProseReader.Fact f : english.facts(one, s.start + e[0])) {
                        offer(f.field(), f.value(), f.start(), f.end(), 1);
                    }
                }
            }
        }
    }

    /** The product named by its caption in prose: "品种为", "贷款种类是". */
    private static final Pattern P_PRODUCT_CUE = Pattern.compile("(?:授信|贷款|业务|融资)?(?:品种|种类)(?:为|是|:)");
    /** A group's umbrella line, shared by its members. */
    private static final Pattern GROUP_LINE = Pattern.compile("集团(?:统一|本次申请|整体|合计)|统一授信|集团授信总?额度");
    /** The borrower's own share of a group or syndicated line. */
    private static final Pattern OWN_SHARE = Pattern.compile(".*(?:授信主体|(?:申请人|借款人|公司)?本部|我行(?:拟)?承贷).*");

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
