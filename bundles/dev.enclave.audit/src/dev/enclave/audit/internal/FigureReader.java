package dev.enclave.audit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a financial figure is: the metric its label names ({@code METRICS}: 总资产, 营业收入,
 * 资产负债率 … and their English forms), the year a cell or heading names, the unit a table or caption states
 * (元, 万元, 亿元, thousands …) and whether an amount is negative. Shared by the financial-table and
 * financial-prose readers above it.
 */
abstract class FigureReader extends EntityTableReader {
    FigureReader(String original, String source) {
        super(original, source);
    }

    private static final Pattern YEAR = Pattern.compile("(?<!\\d[,.]?)((?:19|20)\\d{2})(?![\\d,])\\s*(?:年|年度|年末|年底|-12-31|\\.12\\.31|/12/31)?"
            + "(\\s*(?:1[-~至]\\s*)?(\\d{1,2})\\s*月(?:末|份)?)?");

    /** The year a header or context token names; -1 for an interim period (e.g. 2024年6月末), 0 for none. */
    static int yearOf(String s) {
        Matcher m = YEAR.matcher(s);
        if (!m.find()) {
            return 0;
        }
        if (m.group(2) != null && !"12".equals(m.group(3))) {
            return -1;
        }
        if (s.matches(".*\\d{4}[./-](0?[1-9]|1[01])([./-]\\d{1,2})?(?!\\d).*") && !s.contains("12")) {
            return -1;
        }
        return Integer.parseInt(m.group(1));
    }

    static long tableUnit(String s) {
        Matcher m = Pattern.compile("单位\\s*[:：;；]?\\s*(人民币)?\\s*(亿元|万元|千元|元)").matcher(s);
        if (m.find()) {
            return Values.multiplier(m.group(2));
        }
        if (s.matches(".*[(（]\\s*(人民币|RMB)?\\s*(万元|10,?000)\\s*[)）].*")) {
            return 10_000;
        }
        Matcher listed = Pattern.compile("[(（][^()（）]{0,16}[,，、;；]\\s*(?:人民币)?\\s*(亿元|万元|千元|元)\\s*[)）]").matcher(s);
        if (listed.find()) {
            return Values.multiplier(listed.group(1)); // "经营数据（2023年，万元）"
        }
        if (s.matches("(?i).*[(（]\\s*(?:in\\s)?(?:RMB|CNY)?\\s*(?:million|mn|millions)\\s*[)）].*")) {
            return 1_000_000; // "Financial summary (RMB million)"
        }
        if (s.matches("(?i).*[(（]\\s*(?:in\\s)?(?:RMB|CNY)?\\s*(?:billion|bn)\\s*[)）].*")) {
            return 1_000_000_000;
        }
        if (s.matches("(?i).*[(（]\\s*(?:in\\s)?(?:RMB|CNY)?\\s*(?:thousand|'000|千元)\\s*[)）].*")) {
            return 1_000;
        }
        if (s.matches(".*[(（]\\s*(人民币|RMB)?\\s*(亿元|100,?000,?000)\\s*[)）].*")) {
            return 100_000_000;
        }
        return 0;
    }

    static boolean negative(String s, int start) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i >= 0 && (s.charAt(i) == '-' || s.charAt(i) == '−' || s.charAt(i) == '负' || s.charAt(i) == '(');
    }

    static final String[][] METRICS = {
            { "经营活动(?:产生的)?(?:现金流量净额|净现金流量?|现金净流量|现金流净额|现金流量?)|经营性(?:现金流量?净额|净现金流量?|现金净流量)|经营现金流(?:量)?(?:净额)?"
                    + "|(?i:(?:net )?operating cash flows?|cash flows? from operati(?:ons|ng activities)|net cash from operating activities)", "operating_cash_flow" },
            { "资产负债率|(?i:debt[- ]?to[- ]?assets? ratio|liabilit(?:y|ies)[- ]?to[- ]?assets? ratio|gearing ratio)", "debt_to_asset_ratio" },
            { "(?<!速)流动比率|(?i:current ratio)", "current_ratio" },
            { "(?<![动定产净形])(?:资产总额|资产合计|资产总计)|(?<![动定])总资产(?!周转|收益|报酬)|(?i:total assets)|(?<=[:：,，;；])资产(?=\\s*[\\d-])", "total_assets" },
            { "(?<![动期])(?:负债总额|负债合计|负债总计)|总负债|(?i:total liabilities)|(?<=[:：,，;；])负债(?=\\s*[\\d-])", "total_liabilities" },
            { "营业总收入|营业收入|主营业务收入|销售收入|营收|(?i:(?<![a-z])(?:revenues?|turnover|net sales)(?![a-z]))", "revenue" },
            { "(?<![非母])净利润(?!率)|(?<![非母])净利(?![润率])|(?i:net (?:profits?|income))", "net_profit" }, };
    static final Pattern METRIC;

    static {
        StringBuilder sb = new StringBuilder();
        for (String[] m : METRICS) {
            sb.append(sb.length() == 0 ? "" : "|").append("(").append(m[0]).append(")");
        }
        METRIC = Pattern.compile(sb.toString());
    }

    /** A table column or row headed by a bare 资产 / 负债 / 收入 (short captions of small-business forms). */
    static String cellMetric(String label) {
        String m = metricOf(label);
        if (m != null) {
            return m;
        }
        return switch (label.replaceAll("[\\s(（].*$", "")) {
            case "资产", "总资产" -> "total_assets";
            case "负债", "总负债" -> "total_liabilities";
            case "收入", "营收" -> "revenue";
            default -> null;
        };
    }

    static String metricOf(String label) {
        Matcher m = METRIC.matcher(label);
        if (!m.find()) {
            // a bare 资产 / 负债 matched in context (after a separator and before a figure)
            m = METRIC.matcher(":" + label + "0");
            if (!m.find()) {
                return null;
            }
        }
        for (int g = 1; g <= METRICS.length; g++) {
            if (m.group(g) != null) {
                return METRICS[g - 1][1];
            }
        }
        return null;
    }
}
