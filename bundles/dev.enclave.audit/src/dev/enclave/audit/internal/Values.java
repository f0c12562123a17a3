package dev.enclave.audit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses amounts, ratios, dates and terms as reports write them, on normalised text
 * (half-width digits, no stray spaces). Each parse returns the value and the span it used.
 */
final class Values {
    private Values() {
    }

    /** A parsed value with its span in the searched string. */
    record Hit<T>(T value, int start, int end) {
    }

    private static final String CN_DIGITS = "零〇壹贰叁肆伍陆柒捌玖一二三四五六七八九两貳參";
    private static final String CN_UNITS = "拾佰仟十百千万萬亿億";
    static final Pattern AMOUNT = Pattern.compile(
            "(?<cur>人民币|RMB|CNY|¥|￥)?\\s*(?:(?<num>(?<![\\d.])\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?<![\\d.])\\d{1,3}(?: \\d{3})+(?![\\d.])|(?<![\\d.])\\d+(?:\\.\\d+)?)"
                    + "\\s*(?<unit>亿元|亿|万元|万|千元|元|圆|(?i:million|billion|thousand|mn|bn)(?![A-Za-z]))?"
                    + "|(?<cn>[" + CN_DIGITS + CN_UNITS + "点]{1,20})(?<cnunit>亿元|万元|元|圆))(?:整)?");

    /**
     * Finds the first amount in {@code s} from {@code from}; numbers without a unit take
     * {@code defaultUnit} (1 for yuan, 10000 for 万元) when it is positive, else are skipped.
     */
    static Hit<Long> amount(String s, int from, long defaultUnit) {
        Matcher m = AMOUNT.matcher(s);
        int pos = from;
        while (pos <= s.length() && m.find(pos)) {
            pos = m.end() > m.start() ? m.end() : m.start() + 1;
            if (m.end() == m.start()) {
                continue;
            }
            if (m.group("num") != null) {
                String unit = m.group("unit");
                int after = m.end();
                if (unit == null) {
                    if (m.group("cur") != null && defaultUnit <= 0 && !followsNonAmount(s, after)) {
                        // "RMB 3,000,000": the currency makes a bare number an amount in yuan
                        double v = Double.parseDouble(m.group("num").replace(",", "").replace(" ", ""));
                        return new Hit<>(Math.round(v), m.start(), m.end());
                    }
                    if (defaultUnit <= 0 || followsNonAmount(s, after)) {
                        continue;
                    }
                    if (isYearLike(s, m.start("num"), m.end("num"))) {
                        continue;
                    }
                }
                double v = Double.parseDouble(m.group("num").replace(",", "").replace(" ", ""));
                long mult = unit == null ? defaultUnit : multiplier(unit);
                int foreign = m.group("cur") == null ? foreignStart(s, m.start(), m.end()) : -1;
                if (foreign >= 0) {
                    // "HK$50,000,000（折合人民币4,550万元）": the yuan are the stated equivalent, when there is one
                    Matcher eq = RMB_EQUIVALENT.matcher(s).region(m.end(), Math.min(s.length(), m.end() + 24));
                    if (eq.find()) {
                        Hit<Long> rmb = amount(s, eq.start(), defaultUnit);
                        if (rmb != null) {
                            return new Hit<>(rmb.value(), foreign, rmb.end()); // the evidence shows both
                        }
                    }
                }
                return new Hit<>(Math.round(v * mult), m.start(), m.end());
            }
            String cn = m.group("cn");
            Long v = chineseNumber(cn);
            if (v == null || (cn.length() < 2 && !s.startsWith("人民币", Math.max(0, m.start())))) {
                continue;
            }
            return new Hit<>(v * multiplier(m.group("cnunit")), m.start(), m.end());
        }
        return null;
    }

    /** A currency other than the yuan written before or after an amount. */
    private static final Pattern FOREIGN_BEFORE = Pattern.compile("(?:HK\\$|US\\$|S\\$|A\\$|HKD|USD|EUR|GBP|JPY|€|£|港币|港元|美元|欧元|日元)\\s*$");
    private static final Pattern FOREIGN_AFTER = Pattern.compile("(?:港币|港元|美元|欧元|日元|英镑)");
    /** Where a stated yuan equivalent begins: "折合人民币", "(RMB equivalent", "约合 RMB". */
    private static final Pattern RMB_EQUIVALENT = Pattern.compile("(?:折合|约合|相当于|(?i:equivalent\\s?to|equiv\\.?|approx\\.?))?\\s*(?:人民币|RMB|CNY)");

    /** Where the foreign currency of the amount at {@code start..end} is written, or -1 when it is in yuan. */
    private static int foreignStart(String s, int start, int end) {
        Matcher before = FOREIGN_BEFORE.matcher(s).region(Math.max(0, start - 5), start);
        if (before.find()) {
            return before.start();
        }
        return FOREIGN_AFTER.matcher(s).region(end, s.length()).lookingAt() ? start : -1;
    }

    private static boolean isYearLike(String s, int start, int end) {
        return end < s.length() && (s.charAt(end) == '年' || s.charAt(end) == '月' || s.charAt(end) == '日'
                || s.charAt(end) == '个' || s.charAt(end) == '%' || s.charAt(end) == '倍');
    }

    private static boolean followsNonAmount(String s, int after) {
        if (after >= s.length()) {
            return false;
        }
        char c = s.charAt(after);
        return c == '%' || c == '年' || c == '月' || c == '日' || c == '个' || c == '倍' || c == '家' || c == '人'
                || c == '名' || c == '平' || c == '亩' || c == '层' || c == '户' || c == '次' || c == '号' || c == '.'
                || c == '-';
    }

    static long multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "million", "mn" -> {
                return 1_000_000L;
            }
            case "billion", "bn" -> {
                return 1_000_000_000L;
            }
            case "thousand" -> {
                return 1_000L;
            }
            default -> {
            }
        }
        if (unit.startsWith("亿")) {
            return 100_000_000L;
        }
        if (unit.startsWith("万")) {
            return 10_000L;
        }
        if (unit.startsWith("千")) {
            return 1_000L;
        }
        return 1;
    }

    /** Parses 叁仟伍佰万 / 三千五百万 / 1.2亿-free Chinese numerals; {@code null} when not a number. */
    static Long chineseNumber(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        long total = 0;
        long section = 0;
        long digit = -1;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = digitOf(c);
            if (d >= 0) {
                if (digit >= 0) {
                    // consecutive digits (一二三 as positional digits)
                    digit = digit * 10 + d;
                } else {
                    digit = d;
                }
                any = true;
                continue;
            }
            long unit = switch (c) {
                case '拾', '十' -> 10;
                case '佰', '百' -> 100;
                case '仟', '千' -> 1000;
                case '万', '萬' -> 10_000;
                case '亿', '億' -> 100_000_000;
                default -> -1;
            };
            if (unit < 0) {
                return null;
            }
            any = true;
            if (unit >= 10_000) {
                section += Math.max(digit, 0);
                if (section == 0) {
                    section = 1;
                }
                if (unit == 100_000_000) {
                    total = (total + section) * unit;
                } else {
                    total += section * unit;
                }
                section = 0;
            } else {
                section += (digit < 0 ? 1 : digit) * unit;
            }
            digit = -1;
        }
        if (!any) {
            return null;
        }
        return total + section + Math.max(digit, 0);
    }

    private static int digitOf(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '壹', '一' -> 1;
            case '贰', '二', '两', '貳' -> 2;
            case '叁', '三', '參' -> 3;
            case '肆', '四' -> 4;
            case '伍', '五' -> 5;
            case '陆', '六' -> 6;
            case '柒', '七' -> 7;
            case '捌', '八' -> 8;
            case '玖', '九' -> 9;
            default -> -1;
        };
    }

    static final Pattern PERCENT = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)%");
    static final Pattern DECIMAL = Pattern.compile("(?<![\\d.,])(\\d+\\.\\d+|\\d+)(?!\\d|,\\d|\\.\\d)(?!%)");

    /**
     * First ratio in {@code s} from {@code from}: {@code 68.5%} or a plain decimal; a plain
     * number is read as a decimal when {@code plainAllowed}, as a percentage when above 1.5
     * and {@code percentWhenLarge}.
     */
    static Hit<Double> ratio(String s, int from, boolean plainAllowed, boolean percentWhenLarge) {
        Matcher p = PERCENT.matcher(s);
        Hit<Double> pct = p.find(from) ? new Hit<>(round(Double.parseDouble(p.group(1)) / 100.0), p.start(),
                p.end()) : null;
        if (!plainAllowed) {
            return pct;
        }
        Matcher d = DECIMAL.matcher(s);
        while (d.find(from)) {
            from = d.end();
            if (pct != null && d.start() >= pct.start()) {
                break;
            }
            int e = d.end();
            if (e < s.length() && "年月日个万亿元".indexOf(s.charAt(e)) >= 0) {
                continue;
            }
            double v = Double.parseDouble(d.group(1));
            int end = e < s.length() && s.charAt(e) == '倍' ? e + 1 : e;
            if (percentWhenLarge && v > 1.5) {
                v = v / 100.0;
            }
            return new Hit<>(round(v), d.start(), end);
        }
        return pct;
    }

    static double round(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }

    static final Pattern DATE = Pattern.compile(
            "(?<![\\d])((?:19|20)\\d{2})\\s*(?:年|-|/|\\.)\\s*(\\d{1,2})\\s*(?:月|-|/|\\.)\\s*(\\d{1,2})(?![\\d])\\s*日?");
    private static final Pattern CN_DATE = Pattern.compile(
            "([一二〇零○三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日");

    private static final String MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
    /** "12 March 2016", "March 12, 2016", "12-Mar-2016" (blanks may be gone after normalisation). */
    private static final Pattern EN_DATE = Pattern.compile("(?i)(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?[\\s\\-]*(" + MONTHS
            + ")[a-z]*\\.?[\\s\\-,]*((?:19|20)\\d{2})(?!\\d)|(?<![a-z])(" + MONTHS
            + ")[a-z]*\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*((?:19|20)\\d{2})(?!\\d)");

    /** First date from {@code from}, as {@code yyyy-mm-dd}. */
    static Hit<String> date(String s, int from) {
        Hit<String> cjk = dateCjk(s, from);
        Matcher e = EN_DATE.matcher(s);
        if (e.find(from) && (cjk == null || e.start() < cjk.start())) {
            boolean dayFirst = e.group(1) != null;
            int d = Integer.parseInt(dayFirst ? e.group(1) : e.group(5));
            String mon = (dayFirst ? e.group(2) : e.group(4)).toLowerCase(java.util.Locale.ROOT);
            int mo = MONTHS.indexOf(mon) / 4 + 1;
            String y = dayFirst ? e.group(3) : e.group(6);
            if (d >= 1 && d <= 31) {
                return new Hit<>(String.format("%s-%02d-%02d", y, mo, d), e.start(), e.end());
            }
        }
        return cjk;
    }

    private static Hit<String> dateCjk(String s, int from) {
        Matcher m = DATE.matcher(s);
        Hit<String> best = null;
        if (m.find(from)) {
            int mo = Integer.parseInt(m.group(2));
            int d = Integer.parseInt(m.group(3));
            if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
                best = new Hit<>(String.format("%s-%02d-%02d", m.group(1), mo, d), m.start(), m.end());
            }
        }
        Matcher c = CN_DATE.matcher(s);
        if (c.find(from) && (best == null || c.start() < best.start())) {
            StringBuilder y = new StringBuilder();
            for (char ch : c.group(1).toCharArray()) {
                y.append(ch == '〇' || ch == '零' || ch == '○' ? 0 : digitOf(ch));
            }
            Long mo = chineseNumber(c.group(2));
            Long d = chineseNumber(c.group(3));
            if (mo != null && d != null) {
                best = new Hit<>(String.format("%s-%02d-%02d", y, mo, d), c.start(), c.end());
            }
        }
        return best;
    }

    private static final Pattern TERM = Pattern.compile(
            "(\\d+|[一二三四五六七八九十两壹贰叁肆伍陆柒捌玖拾]{1,3})\\s*(个月|個月|月|年|期|months?\\b|years?\\b)");

    /** First term from {@code from}, in months. */
    static Hit<Integer> termMonths(String s, int from) {
        Matcher m = TERM.matcher(s);
        while (m.find(from)) {
            from = m.end();
            String n = m.group(1);
            Long v = Character.isDigit(n.charAt(0)) ? Long.valueOf(n) : chineseNumber(n);
            if (v == null || v <= 0) {
                continue;
            }
            String u = m.group(2).startsWith("month") ? "个月" : m.group(2).startsWith("year") ? "年" : m.group(2);
            if (u.equals("期")) {
                continue;
            }
            if (u.equals("月")) {
                // a calendar month (2024年3月至…), not a term of months
                boolean afterYear = m.start() > 0 && s.charAt(m.start() - 1) == '年';
                boolean dateLike = m.end() < s.length() && "至日底末份-~".indexOf(s.charAt(m.end())) >= 0;
                if (afterYear || dateLike) {
                    continue;
                }
            }
            if (u.equals("年")) {
                if (v > 50) {
                    continue; // a calendar year, not a term
                }
                return new Hit<>((int) (v * 12), m.start(), m.end());
            }
            if (v > 600) {
                continue;
            }
            return new Hit<>(v.intValue(), m.start(), m.end());
        }
        return null;
    }
}
