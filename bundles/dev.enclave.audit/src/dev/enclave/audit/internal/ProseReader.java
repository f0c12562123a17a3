package dev.enclave.audit.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.internal.ExtractionState.Cand;
import dev.enclave.audit.internal.SentenceReader.Sentence;
import dev.enclave.audit.internal.Structure.Kind;

/**
 * Reads the borrower's and the facility's scalar fields from prose sentences ({@link #proseScalars}, the
 * phase after the form pairs): a cue ("借款人为", "法定代表人", "注册资本", "用途", "期限", "利率", "registered
 * capital of" …) and the value that follows it or stands before it, each at the priority of the section the
 * sentence is in; English role and facility sentences; the financial figures of each sentence go to
 * {@link FinancialProseReader}.
 */
final class ProseReader {
    private final ExtractionState x;

    ProseReader(ExtractionState x) {
        this.x = x;
    }

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
    /** An English name before its role: "Ms. Shen Li is the legal representative", "张伟 is also the actual controller". */
    private static final Pattern P_EN_PERSON_BEFORE = Pattern.compile(
            "(?:\\b(?:Mr|Ms|Mrs|Miss|Dr)\\.?\\s)?([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}|[\\u4e00-\\u9fa5·]{2,4})\\s?"
                    // "Mr. Xu Jianping, the founder, serves as …", "her husband, Mr. Lin Haitao, is …"
                    + "(?:,\\s?(?:the\\s?[a-z][a-z ]{0,30},\\s?)?)?"
                    + "(?:is|was|serves as|acts as)\\s(?:also\\s|both\\s)?(?:the\\s|its\\s|our\\s|the company's\\s)?"
                    + "(legal representative|(?:actual|ultimate|de facto|de-facto) controller)\\b");
    /** The second role of the same person: "… is the legal representative and (is) the actual controller". */
    private static final Pattern P_EN_AND_ROLE = Pattern.compile(
            "^\\s?(?:and|&)\\s?(?:is\\s)?(?:also\\s)?(?:the\\s|its\\s)?(legal representative|(?:actual|ultimate|de facto|de-facto) controller)\\b");
    /** "The group is ultimately controlled by Mr. Sun Qingshan": the controller after the verb. */
    private static final Pattern P_EN_CONTROLLED_BY = Pattern.compile(
            "\\b(?:is|are)\\s(?:ultimately|actually|effectively)\\s?controlled\\s?by\\s?(?:(?:Mr|Ms|Mrs|Miss|Dr)\\.?\\s)?([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})");
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
    static final Pattern RATE_EXPR = Pattern.compile(
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
                int[] span = x.nameReader.personSpan(base + role.end(), base + text.length());
                if (span == null) {
                    continue;
                }
                Matcher also = P_EN_ALSO.matcher(x.t.substring(span[1], base + text.length()));
                if (also.lookingAt()) {
                    String other = also.group(1).toLowerCase(java.util.Locale.ROOT).contains("controller") ? "borrower.controller"
                            : "borrower.legal_rep";
                    x.offer(other, x.nt.surface(span[0], span[1]), span[0], span[1], prio);
                }
            }
        }
    }

    /**
     * A person named just before a role ({@code role}: group 1 the name, group 2 the role — 实际控制人, 法定代表人,
     * "legal representative", "actual controller"), offered for that role when group 1 is exactly a person's name.
     */
    private void personBeforeRole(Pattern role, String text, int base, int prio) {
        Matcher m = role.matcher(text);
        while (m.find()) {
            String r = m.group(2);
            String field = r.startsWith("实际") || r.startsWith("实控") || r.endsWith("controller") ? "borrower.controller"
                    : "borrower.legal_rep";
            int[] span = x.nameReader.personSpan(base + m.start(1), base + m.end(1));
            if (span != null && span[1] == base + m.end(1)) {
                x.offer(field, x.nt.surface(span[0], span[1]), span[0], span[1], prio);
                Matcher and = role == P_EN_PERSON_BEFORE ? P_EN_AND_ROLE.matcher(text.substring(m.end())) : null;
                if (and != null && and.find()) {
                    // "… is the legal representative and the actual controller": the second role too
                    String second = and.group(1).startsWith("legal") ? "borrower.legal_rep" : "borrower.controller";
                    x.offer(second, x.nt.surface(span[0], span[1]), span[0], span[1], prio);
                }
            }
        }
    }

    /** An English facility sentence ("Proposed facility: …, amount RMB 30 million, tenor 12 months"). */
    private static final Pattern FACILITY_EN = Pattern.compile("(?i).*\\b(proposed facility|facility amount|loan amount|tenor|we propose)\\b.*");

    void proseScalars(List<Sentence> sentences) {
        for (Sentence s : sentences) {
            // one sentence that trips a rule must not cost the sentences after it
            ExtractionState.phase(() -> proseScalarsOf(s));
        }
    }

    private void proseScalarsOf(Sentence s) {
        String text = s.text(x.t);
        Kind k = s.kind;
        int bp = ExtractionState.borrowerPrio(k);
        if (bp >= 0) {
            x.cue(text, s.start, P_BORROWER, "borrower.name", bp, x.nameReader::companyAfter);
            x.cue(text, s.start, P_LEGAL, "borrower.legal_rep", bp, x.nameReader::personAfter);
            x.cue(text, s.start, P_CONTROLLER, "borrower.controller", bp, x.nameReader::personAfter);
            x.cue(text, s.start, P_CONTROLLER, "borrower.controller", bp - 1, x.nameReader::controllingBodyAfter);
            englishSecondRole(text, s.start, bp);
            x.cue(text, s.start, P_LEGAL_AND_CONTROLLER, "borrower.legal_rep", bp + 1, x.nameReader::personAfter);
            x.cue(text, s.start, P_LEGAL_AND_CONTROLLER, "borrower.controller", bp + 1, x.nameReader::personAfter);
            x.cue(text, s.start, P_CAPITAL, "borrower.registered_capital_yuan", bp, (a, b) -> x.sentenceReader.amountAt(a, b, 1));
            x.cue(text, s.start, P_EST, "borrower.established", bp, x.sentenceReader::dateAt);
            if (!x.scalars.containsKey("borrower.established")) {
                Matcher m = P_EST_AFTER.matcher(text);
                if (m.find()) {
                    Values.Hit<String> d = Values.date(text, Math.max(0, m.start() - 14));
                    if (d != null && d.end() <= m.start() + 1) {
                        x.offer("borrower.established", d.value(), s.start + d.start(), s.start + d.end(), bp);
                    }
                }
            }
            x.cue(text, s.start, P_INDUSTRY, "borrower.industry", bp, x.sentenceReader::industryAt);
            personBeforeRole(P_PERSON_BEFORE, text, s.start, bp);
            personBeforeRole(P_EN_PERSON_BEFORE, text, s.start, bp);
            personBeforeRole(P_PRONOUN_ROLE, text, s.start, bp);
            Matcher cb = P_EN_CONTROLLED_BY.matcher(text);
            if (cb.find()) {
                int[] span = x.nameReader.personSpan(s.start + cb.start(1), s.start + cb.end(1));
                if (span != null && span[1] == s.start + cb.end(1)) {
                    x.offer("borrower.controller", x.nt.surface(span[0], span[1]), span[0], span[1], bp);
                }
            }
            Matcher ey = P_EST_YU.matcher(text);
            if (ey.find()) {
                Values.Hit<String> d = Values.date(text, ey.end());
                if (d != null && d.start() == ey.end()) {
                    x.offer("borrower.established", d.value(), s.start + d.start(), s.start + d.end(), bp);
                }
            }
            x.cue(text, s.start, P_ADDRESS, "borrower.address", bp, (a, b) -> x.sentenceReader.phraseAt(a, b, false));
            Matcher cc = SentenceReader.CREDIT_CODE.matcher(text);
            if (cc.find()) {
                x.offer("borrower.credit_code", cc.group(), s.start + cc.start(), s.start + cc.end(), bp - 1);
            }
        }
        if (k == Kind.RELATED) {
            x.cue(text, s.start, P_CONTROLLER, "borrower.controller", 2, x.nameReader::personAfter);
        }
        if (bp < 0) {
            // "本次授信申请人为X" names the borrower in whatever section it stands
            x.cue(text, s.start, P_APPLICANT, "borrower.name", 1, x.nameReader::companyAfter);
        }
        int fp = ExtractionState.facilityPrio(k);
        boolean facilitySentence = k == Kind.FACILITY || text.matches(".*(申请|本次|拟|本笔|授信方案|发放|向(?:该|借款)?(?:公司|企业|客户|借款人)提供|同意(?:给予|向|为|核定|办理)|给予|核定|批复).*(授信|贷款|额度|融资).*")
                || text.contains("承贷") || FACILITY_EN.matcher(text).matches();
        if (fp >= 0 && facilitySentence) {
            int[] ps = SentenceReader.product(text);
            if (ps != null && text.substring(ps[0], ps[1]).matches("综合授信|授信额度")) {
                // "申请综合授信，其中流动资金贷款4,000万元": without an amount of its own the umbrella
                // stands for the line drawn under it (with one, "综合授信额度6,000万元，其中…", it stays)
                Matcher within = Pattern.compile("其中[,，:：]?").matcher(text);
                if (within.find(ps[1])) {
                    int[] inner = SentenceReader.product(text.substring(within.end()));
                    boolean own = inner != null && OWN_SHARE.matcher(text.substring(within.end(), within.end() + inner[0])).matches();
                    if (inner != null && (inner[0] == 0 && Values.amount(text.substring(ps[1], within.start()), 0, 0) == null || own)) {
                        // "…，其中申请人本部流动资金贷款2亿元": the borrower's own line under a group umbrella
                        ps = new int[] { within.end() + inner[0], within.end() + inner[1] };
                    }
                }
            }
            if (ps != null) {
                x.offer("facility.product", x.nt.surface(s.start + ps[0], s.start + ps[1]), s.start + ps[0],
                        s.start + ps[1], fp);
            }
            Matcher kindCue = P_PRODUCT_CUE.matcher(text);
            if (kindCue.find()) {
                // "品种为综合授信（含…）": the product the report names as such beats one mentioned in passing
                int[] named = SentenceReader.product(text.substring(kindCue.end()));
                if (named != null && named[0] == 0) {
                    x.offer("facility.product", x.nt.surface(s.start + kindCue.end(), s.start + kindCue.end() + named[1]),
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
                        x.offer("facility.amount_yuan", a.value(), s.start + a.start(), s.start + a.end(), fp - 1);
                        continue;
                    }
                    boolean own = OWN_SHARE.matcher(clause).find();
                    x.offer("facility.amount_yuan", a.value(), s.start + a.start(), s.start + a.end(), own ? fp + 1 : fp);
                    break;
                }
            }
            x.cue(text, s.start, P_TERM, "facility.term_months", fp, (a, b) -> {
                Values.Hit<Integer> h = Values.termMonths(x.t.substring(a, b), 0);
                return h != null && h.start() <= 4 ? new Cand(h.value(), a + h.start(), a + h.end(), 0) : null;
            });
            x.cue(text, s.start, P_RATE, "facility.rate", fp, (a, b) -> x.sentenceReader.phraseAt(a, b, false));
            Matcher rx = RATE_EXPR.matcher(text);
            if (rx.find()) {
                // "… for a tenor of 60 months at 3Y LPR+50BP": a benchmark spread without a label
                x.offer("facility.rate", x.nt.surface(s.start + rx.start(), s.start + rx.end()), s.start + rx.start(),
                        s.start + rx.end(), fp - 1);
            }
            x.cue(text, s.start, P_PURPOSE, "facility.purpose", fp, (a, b) -> x.sentenceReader.phraseAt(a, b, false));
            x.cue(text, s.start, P_REPAY, "facility.repayment_source", fp, (a, b) -> x.sentenceReader.phraseAt(a, b, false));
            Matcher rb = P_REPAY_BEFORE.matcher(text);
            if (rb.find()) {
                x.offer("facility.repayment_source", x.nt.surface(s.start + rb.start(1), s.start + rb.end(1)),
                        s.start + rb.start(1), s.start + rb.end(1), fp);
            }
        }
        if (fp >= 0 && !text.matches("(?s).*[\\u4e00-\\u9fa5].*")) {
            x.sentenceReader.englishFacility(text, s.start, fp - 1);
        }
        if (k != Kind.GUARANTEES && k != Kind.COLLATERAL && k != Kind.RELATED && k != Kind.SUPPLIERS
                && k != Kind.CUSTOMERS) {
            x.financialProseReader.financialProse(s);
            if (EnglishProseReader.isEnglish(text)) {
                for (int[] e : EnglishProseReader.sentences(text)) {
                    String one = text.substring(e[0], e[1]);
                    for (EnglishProseReader.Figure f : x.english.figures(one, s.start + e[0])) {
                        x.putFinancial(f.year(), f.metric(), f.value(), f.start(), f.end(), 2);
                    }
                    for (EnglishProseReader.Fact f : x.english.facts(one, s.start + e[0])) {
                        x.offer(f.field(), f.value(), f.start(), f.end(), 1);
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
}
