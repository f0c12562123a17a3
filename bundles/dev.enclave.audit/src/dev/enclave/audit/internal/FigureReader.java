package dev.enclave.audit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a financial figure is: the metric its label names ({@code METRICS}: 总资产, 营业收入,
 * 资产负债率 … and their English forms, from reader-vocabulary.properties), the year a cell or heading names, the unit a table or caption states
 * (元, 万元, 亿元, thousands …) and whether an amount is negative. Shared by the financial-table and
 * financial-prose readers; stateless, so its members are static.
 */
final class FigureReader {
    private FigureReader() {
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

    /** The metrics and their labels in the order they are tried: {@code metric.N.name} in reader-vocabulary.properties. */
    static final String[][] METRICS = ReaderVocabulary.numbered("metric");
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
