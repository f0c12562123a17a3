package dev.enclave.assistant.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What kind of statement answers a question, and how well a sentence (or table row) has that
 * shape: a quantity with its unit when the question asks 多少 / 几 / how many / how long, a
 * procedure step when it asks how to do something. The shape only reorders sentences that hold
 * the question's key terms; it never makes an answer out of a sentence that does not.
 */
final class AnswerShape {
    enum Kind {
        QUANTITY, PROCEDURE, OTHER
    }

    private static final Pattern QUANTITY_Q = Pattern.compile(
            "多少|几[个次片天小分秒年月周台项号]|多久|多长|多大|多高|多低|多厚|多快|多重|多远|多宽|上限|下限|阈值|"
                    + "(?i)\\bhow (many|much|long|often|far|high|low|large|thick|fast|hot|cold)\\b|"
                    + "\\bwhat (is|are) the (value|limit|threshold|number|count|temperature|pressure|time|"
                    + "duration|rate|flow|speed|life|lifetime|thickness|size)\\b");
    private static final Pattern PROCEDURE_Q = Pattern.compile(
            "如何|怎么|怎样|步骤|流程|处理方法|处置|(?i)\\bhow (to|do|does|should|can|is|are)\\b|\\bwhat steps\\b|\\bprocedure\\b");
    /** A number with a unit after it: 350 h, 65 °C, 5 lbf, 12 秒, 2.5%, 200 ml/min, 500 片. */
    static final Pattern QUANTITY = Pattern.compile(
            "\\d+(?:[.,]\\d+)?\\s*(?:%|‰|°\\s?[CF]|℃|小时|分钟|秒|天|周|个月|月|年|次|片|个|台|度|倍|毫米|微米|纳米|"
                    + "[A-Za-zµμΩ][A-Za-zµμΩ/²³]*)");
    private static final Pattern STEP = Pattern.compile(
            "^\\s*(?:\\d{1,2}[.)、]|[-*•]\\s|第[一二三四五六七八九十\\d]+步|步骤\\s*\\d|step\\s*\\d)|"
                    + "(?i)\\b(then|first|next|finally|afterwards|after that)\\b|然后|首先|其次|最后|之后|再[将把用]");
    /** A short qualifier between a number and its unit: 3,000 RF hours, 2 working days, 10 个工作日. */
    private static final String QUALIFIER = "(?:(?:[A-Za-z]{1,10}\\s+){1,2}|个?\\p{IsHan}{0,2})?";
    /** Units a question may name, with the ways documents write them. */
    private static final Map<String, Pattern> UNITS = Map.of(
            "hour", Pattern.compile("(?i)\\d\\s*" + QUALIFIER + "(?:小时|h\\b|hrs?\\b|hours?\\b)"),
            "minute", Pattern.compile("(?i)\\d\\s*" + QUALIFIER + "(?:分钟|min\\b|minutes?\\b)"),
            "second", Pattern.compile("(?i)\\d\\s*" + QUALIFIER + "(?:秒|s\\b|sec\\b|seconds?\\b)"),
            "day", Pattern.compile("(?i)\\d\\s*" + QUALIFIER + "(?:天|日|days?\\b)"),
            "temperature", Pattern.compile("(?i)\\d\\s*(?:°\\s?[CF]|℃|度|degrees?\\b)"),
            "wafer", Pattern.compile("(?i)\\d\\s*(?:片|wafers?\\b|pcs\\b)"),
            "percent", Pattern.compile("\\d\\s*(?:%|‰)"));
    private static final Map<String, Pattern> UNIT_WORDS = inOrder(
            "hour", Pattern.compile("(?i)小时|\\bhours?\\b|多久|how long"),
            "minute", Pattern.compile("(?i)分钟|\\bminutes?\\b"),
            "second", Pattern.compile("(?i)秒|\\bseconds?\\b"),
            "day", Pattern.compile("(?i)天数|几天|多少天|\\bdays?\\b"),
            "temperature", Pattern.compile("(?i)温度|\\btemperature\\b|how hot|how cold"),
            "wafer", Pattern.compile("(?i)几片|多少片|\\bhow many wafers\\b"),
            "percent", Pattern.compile("(?i)百分比|比例|良率|\\bpercent(age)?\\b|\\byield\\b|\\brate\\b"));

    /**
     * Units a question names outright (小时, hours, 温度 …), for {@link #valueHeld}: a question that asks
     * "多少秒" is answered only by a passage with a number of seconds. Broader hints (多久, yield, rate)
     * only reorder sentences and are not here.
     */
    private static final Map<String, Pattern> NAMED_UNITS = inOrder(
            "hour", Pattern.compile("(?i)小时|\\bhours?\\b"),
            "minute", Pattern.compile("(?i)分钟|\\bminutes?\\b"),
            "second", Pattern.compile("(?i)多少秒|几秒|\\bseconds?\\b"),
            "day", Pattern.compile("(?i)几天|多少天|\\bdays?\\b"),
            "temperature", Pattern.compile("(?i)温度|\\btemperature\\b|how hot|how cold"),
            "wafer", Pattern.compile("(?i)几片|多少片|\\bhow many wafers\\b"),
            "percent", Pattern.compile("(?i)百分比|\\bpercent(age)?\\b"));
    /** A question that asks for a price, a cost or an amount of money. */
    private static final Pattern MONEY_Q = Pattern.compile(
            "价格|单价|价钱|金额|费用|成本|多少钱|售价|报价|预算|(?i)\\b(price|prices|cost|costs|fee|fees|budget|amount paid)\\b");
    private static final Pattern PRICE_Q = Pattern.compile("价格|单价|金额|价钱|(?i)\\bprices?\\b");
    /** An amount of money: a number with a currency before or after it. */
    private static final Pattern MONEY = Pattern.compile(
            "(?i)(?:[$¥￥€£]|\\b(?:usd|rmb|cny|eur)\\s?)\\s?\\d|\\d(?:[.,]\\d+)?\\s*(?:万|亿|千)?\\s*(?:元|美元|欧元|人民币|"
                    + "\\b(?:usd|rmb|cny|eur|dollars?|yuan)\\b)");
    /** A question that asks for a count or an amount (not how often or how long: "every Monday" answers those). */
    private static final Pattern COUNT_Q = Pattern.compile("多少|几[个次片天小分秒年月周台项号颗批根]|(?i)\\bhow (many|much)\\b");
    /** "how many operators", "多少颗芯片": the thing counted (Chinese only after a measure word). */
    private static final Pattern COUNTED = Pattern.compile(
            "(?i)\\bhow many ([a-z][a-z-]+)|(?:多少|几)[个名颗片台批根条位块张](\\p{IsHan}{2})");
    private static final java.util.Set<String> NOT_COUNTED = java.util.Set.of("times", "hours", "minutes", "seconds",
            "days", "weeks", "months", "years", "more", "of", "other", "different", "such", "cycles");
    /** A number standing on its own, not the digits of a code (CMP-03, L24187). */
    private static final Pattern COUNT_NUMBER = Pattern.compile("(?<![A-Za-z\\d-])\\d+(?:[.,]\\d+)*(?![A-Za-z\\d-])");
    /** A question that asks how often something is done (an interval or frequency answers it, not any quantity). */
    private static final Pattern FREQUENCY_Q = Pattern.compile(
            "(?i)\\bhow (often|frequently)\\b|\\bat what intervals?\\b|\\bwhat is the frequency\\b|"
                    + "(多久|多长时间|几天|几个月|几周)[^？?。]{0,8}(一次|1 ?次)|每隔多久|频率|频次");
    /**
     * A frequency or interval: every 12 months, once a year, weekly, per shift, after 2,000 hours, 每 3 个月,
     * 每周二, 一次, 累计 20,000 片, 满 500 小时.
     */
    private static final Pattern FREQUENCY = Pattern.compile(
            "(?i)\\b(every|each|once|twice|daily|weekly|monthly|quarterly|annually|yearly|hourly|fortnightly|"
                    + "biweekly|semi-?annually)\\b|\\bper (day|week|month|year|quarter|shift|lot|hour)\\b|"
                    + "\\b(after|at) [\\d,.]+\\s*\\p{L}|每|[一两二三四五六七八九十\\d]\\s*次|累计|满\\s*[\\d一二三四五六七八九十]|"
                    + "\\d\\s*个?(?:小时|天|周|月|年|片|批)\\s*(?:后|以后|之后)|(?i:周期|间隔|interval|frequency|频率)\\D{0,8}\\d");
    /** A question that asks which company supplies something: the supplier, vendor or maker by name. */
    private static final Pattern SUPPLIER_Q = Pattern.compile(
            "(?i)(供应商|供货商|厂商|厂家|制造商|生产商|\\bvendors?\\b|\\bsuppliers?\\b|\\bmanufacturers?\\b|\\bmakers?\\b)");
    private static final Pattern WHO_Q = Pattern.compile(
            "(?i)谁|哪家|哪一家|哪个|什么名字|叫什么|名称|名字|\\bwho\\b|\\bwhich\\b|\\bname\\b|\\bwhat company\\b");
    /** A word for the company that supplies or makes something. */
    private static final Pattern SUPPLIER_WORD = Pattern.compile(
            "(?i)供应商|供货商|厂商|厂家|制造商|生产商|品牌|\\bvendors?\\b|\\bsuppliers?\\b|\\bmanufacturers?\\b|\\bmakers?\\b|\\bbrand\\b");
    /** A company's name: a Chinese name ending as companies' do (…有限公司, …科技, …电子), a Latin one with a company suffix. */
    private static final Pattern ORGANIZATION = Pattern.compile(
            "\\p{IsHan}{2,}(有限公司|公司|集团|股份|科技|电子|材料|化学|化工|半导体|精密|仪器|气体|工业|实业)|"
                    + "\\b[A-Z][\\w&.-]*(?:\\s+[A-Z][\\w&.-]*)*\\s+(Inc|Ltd|LLC|Corp|Corporation|Co|GmbH|AG|SA|KK|"
                    + "Company|Technologies|Technology|Materials|Electronics|Semiconductor|Chemicals?|Systems)\\b");
    /** A name a supplier word or a verb of supplying introduces: 供应商：…, Vendor: …, 由…提供, supplied by Entegris. */
    private static final Pattern SUPPLIER_NAMED = Pattern.compile(
            "(?i:供应商|供货商|厂商|厂家|制造商|生产商|vendor|supplier|manufacturer|maker)\\s*[:：为是]\\s*[^\\s，。,；;：:]|"
                    + "由\\s*\\S{2,20}?\\s*(提供|供应|供货|生产|制造)|"
                    + "(?i:supplied|provided|made|manufactured|sold|serviced) by\\s+[A-Z]");
    /** A month a question names: 6 月, 6 月份, 九月, June, in May (May alone is a verb). */
    private static final Pattern MONTH_Q = Pattern.compile(
            "(?<![\\d.])(1[0-2]|0?[1-9])\\s*月|(?<![一二三四五六七八九十])(十[一二]?|[一二三四五六七八九])月|"
                    + "\\b(January|February|March|April|June|July|August|September|October|November|December)\\b|"
                    + "\\b(?:in|of|since|until|by) May\\b|\\bMay(?= \\d)");
    private static final String[] MONTHS = { "jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may",
            "june?", "july?", "aug(?:ust)?", "sep(?:t|tember)?", "oct(?:ober)?", "nov(?:ember)?", "dec(?:ember)?" };
    private static final String[] ZH_MONTHS = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二" };
    /** A number in digits or in Chinese numerals. */
    private static final Pattern NUMBER = Pattern.compile("\\d|[一二两三四五六七八九十百千万]");

    final Kind kind;
    private final String unit;
    private final String namedUnit;
    private final boolean money;
    private final boolean count;
    /** A month the question names, as a pattern of the ways documents write it; null when it names none. */
    private final Pattern month;
    /** Whether the question asks how often (see {@link #valueHeld}). */
    private final boolean frequency;
    /** Whether the question asks which supplier, vendor or maker (see {@link #valueHeld}). */
    private final boolean supplier;
    /** The counted thing, singular and lower case for English; null when the question counts none. */
    private final String counted;

    /**
     * A map that keeps the order its entries are written in ({@code key, pattern, key, pattern, …}): the first
     * unit found decides, so the order must not change from one run to the next as {@code Map.of}'s may.
     */
    private static Map<String, Pattern> inOrder(Object... keysAndPatterns) {
        Map<String, Pattern> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndPatterns.length; i += 2) {
            m.put((String) keysAndPatterns[i], (Pattern) keysAndPatterns[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The key of the first pattern (in the map's order) found in {@code q}, or null. */
    private static String firstFound(Map<String, Pattern> patterns, String q) {
        for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
            if (e.getValue().matcher(q).find()) {
                return e.getKey();
            }
        }
        return null;
    }

    AnswerShape(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        kind = QUANTITY_Q.matcher(q).find() ? Kind.QUANTITY : PROCEDURE_Q.matcher(q).find() ? Kind.PROCEDURE
                : Kind.OTHER;
        unit = kind == Kind.QUANTITY ? firstFound(UNIT_WORDS, q) : null;
        namedUnit = kind == Kind.QUANTITY ? firstFound(NAMED_UNITS, q) : null;
        count = COUNT_Q.matcher(q).find();
        java.util.regex.Matcher c = COUNTED.matcher(q);
        String thing = null;
        if (c.find()) {
            thing = c.group(1) != null ? c.group(1) : c.group(2);
            if (c.group(1) != null) {
                thing = NOT_COUNTED.contains(thing) ? null
                        : thing.endsWith("ies") ? thing.substring(0, thing.length() - 3)
                        : thing.endsWith("s") ? thing.substring(0, thing.length() - 1) : thing;
            }
        }
        counted = thing;
        month = month(question);
        frequency = FREQUENCY_Q.matcher(q).find();
        supplier = SUPPLIER_Q.matcher(q).find() && WHO_Q.matcher(q).find();
        // "费用由谁承担" asks who, not how much: a money word counts with a quantity question or a price.
        money = MONEY_Q.matcher(q).find() && (kind == Kind.QUANTITY || PRICE_Q.matcher(q).find());
    }

    /**
     * Whether a passage holds a value of the kind the question asks for: for a quantity question
     * that names its unit (多少小时, what temperature), a number with that unit; for another question
     * of a count or amount (多少, 几次, how many), a number; for a question about a price or cost (价格,
     * 金额, how much does … cost), an amount with its currency; for "how many X" (多少颗X), a number in a
     * sentence that names X; for a question of how often (多久一次, 频率, how often), a frequency or
     * interval (every 12 months, 每 3 个月, once a year, after 2,000 hours, 2000 小时后, an interval of
     * 6 months); for a question of which supplier or vendor (供应商是谁, the vendor's name), a company's
     * name; and for any question that names a month (6 月份, in September), that month (9 月末, 2025-09,
     * Sep); true for questions of other shapes. A passage that shares a question's words but not the
     * value it asks for does not answer it.
     */
    boolean valueHeld(String passage) {
        if (month != null && !month.matcher(passage).find()) {
            return false;
        }
        if (money && !MONEY.matcher(passage).find()) {
            return false;
        }
        if (frequency && !FREQUENCY.matcher(passage).find()) {
            return false;
        }
        if (supplier && !supplierNamed(passage)) {
            return false;
        }
        if (kind != Kind.QUANTITY) {
            return true;
        }
        if (counted != null && !countNear(passage)) {
            return false;
        }
        return namedUnit != null ? UNITS.get(namedUnit).matcher(passage).find()
                : !count || NUMBER.matcher(passage).find();
    }

    /**
     * The month a question names (6 月份, 九月, September), as the ways a document of either language writes it
     * (9 月, 9月末, 2025-09, 2025年9月, 九月, Sep, September); null when the question names no month.
     */
    private static Pattern month(String question) {
        java.util.regex.Matcher m = MONTH_Q.matcher(question);
        if (!m.find()) {
            return null;
        }
        int n;
        if (m.group(1) != null) {
            n = Integer.parseInt(m.group(1));
        } else if (m.group(2) != null) {
            n = java.util.Arrays.asList(ZH_MONTHS).indexOf(m.group(2)) + 1;
        } else {
            String name = m.group(3) != null ? m.group(3) : "may";  // the last two alternatives: May
            n = 0;
            for (int i = 0; i < MONTHS.length; i++) {
                if (name.toLowerCase(Locale.ROOT).matches(MONTHS[i])) {
                    n = i + 1;
                    break;
                }
            }
        }
        if (n < 1 || n > 12) {
            return null;
        }
        return Pattern.compile("(?<![\\d.])0?" + n + "\\s*月|\\d{4}\\s*[-/.年]\\s*0?" + n + "(?!\\d)"
                + "|(?<![一二三四五六七八九十])" + ZH_MONTHS[n - 1] + "月|(?i)\\b" + MONTHS[n - 1] + "\\b");
    }

    /**
     * Whether one sentence or line of the passage names a supplier: a name a supplier word or a verb of
     * supplying introduces, or a company's name beside a supplier word. A company's name elsewhere (the fab's
     * own, in a title) or a supplier word without a name (送外部厂商清洗) does not say who supplies.
     */
    private static boolean supplierNamed(String passage) {
        for (String sentence : passage.split("[。！？；;\\n]|\\.\\s")) {
            if (SUPPLIER_NAMED.matcher(sentence).find()
                    || (SUPPLIER_WORD.matcher(sentence).find() && ORGANIZATION.matcher(sentence).find())) {
                return true;
            }
        }
        return false;
    }

    private static boolean han(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** Whether one sentence or line of the passage holds both a number and the thing the question counts. */
    private boolean countNear(String passage) {
        // A passage in the other language names the thing in translation: the key-term check judges it there.
        if (han(counted) != han(passage)) {
            return true;
        }
        for (String sentence : passage.toLowerCase(Locale.ROOT).split("[。！？；;\\n]|\\.\\s")) {
            if (sentence.contains(counted) && COUNT_NUMBER.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How much better a sentence answers by its shape: for a quantity question, one with a number
     * and unit (more when it is the unit the question names, less when none is there); for a
     * procedure question, a step. Zero for other questions.
     */
    double bonus(String sentence) {
        return switch (kind) {
            case QUANTITY -> {
                if (!QUANTITY.matcher(sentence).find()) {
                    yield -0.25;
                }
                yield unit != null && UNITS.get(unit).matcher(sentence).find() ? 0.35 : unit == null ? 0.25 : 0.1;
            }
            case PROCEDURE -> STEP.matcher(sentence).find() ? 0.2 : 0;
            case OTHER -> 0;
        };
    }

    /** Whether a line is a table row: cells separated by '|' or tabs, two or more of them. */
    static boolean tableRow(String line) {
        String t = line.strip();
        long bars = t.chars().filter(c -> c == '|').count();
        long tabs = t.chars().filter(c -> c == '\t').count();
        return bars >= 2 || tabs >= 1 || (t.startsWith("|") && bars >= 1);
    }
}
