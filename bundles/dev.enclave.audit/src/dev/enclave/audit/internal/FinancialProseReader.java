package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.internal.SentenceReader.Sentence;
import dev.enclave.audit.internal.Structure.Line;

/**
 * Reads financial figures from prose: "2023年末总资产1.2亿元，负债…" and English "revenue of RMB 30 million in
 * FY2023", the year taken from the sentence, earlier on its line or from the heading (interim periods such as
 * 2024年6月末 left out) and the unit from the sentence or the caption above it ({@link FigureReader}). The
 * prose reader calls {@link #financialProse} on each sentence outside the guarantee, collateral,
 * related-party and counterparty sections.
 */
final class FinancialProseReader {
    private final ExtractionState x;

    FinancialProseReader(ExtractionState x) {
        this.x = x;
    }

    /**
     * A year in running text: 2023年, 2023年末, 2023年6月末 (interim), 2023.12.31 / 2023-12-31, FY2023 or "2023:" at
     * the head of a clause. Group 2 or 3 is the month where one is stated.
     */
    private static final Pattern CONTEXT_YEAR = Pattern.compile("(?<!\\d[,.]?)(?:FY\\s*)?((?:19|20)\\d{2})(?:\\s*(?:年|年度|年末|年底)(?:\\s*(?:1[-~至])?\\s*(\\d{1,2})\\s*月(?:末|份|底)?)?"
            + "|[.\\-/](\\d{1,2})[.\\-/]\\d{1,2}(?!\\d)|\\s*[:：](?!\\d)|(?<=FY\\s?\\d{4})(?![\\d,.]))");

    /** The year a {@link #CONTEXT_YEAR} match names, or -1 for an interim period. */
    private static int contextYearOf(Matcher y) {
        String month = y.group(2) != null ? y.group(2) : y.group(3);
        return month != null && !"12".equals(month) ? -1 : Integer.parseInt(y.group(1));
    }

    /** The unit a caption just above a sentence states ("财务数据（万元）", "单位：万元"), or 0. */
    private long proseUnit(Sentence s) {
        long own = FigureReader.tableUnit(x.t.substring(s.line.start, s.start)); // "主要财务数据（万元）<TAB>2023年：…"
        if (own > 0) {
            return own;
        }
        int idx = x.st.lines.indexOf(s.line);
        for (int i = idx - 1; i >= 0 && i >= idx - 4; i--) {
            Line l = x.st.lines.get(i);
            long u = FigureReader.tableUnit(l.text);
            if (u > 0) {
                return u;
            }
            if (l.isHeading) {
                break;
            }
        }
        return 0;
    }

    void financialProse(Sentence s) {
        String text = s.text(x.t);
        long unit = proseUnit(s);
        Matcher m = FigureReader.METRIC.matcher(text);
        if (unit == 0 && m.find()) {
            unit = FigureReader.tableUnit(text.substring(0, m.start())); // "主要财务数据（万元）2023年：资产1,860，…"
        }
        m.reset();
        int lastYear = contextYear(s);
        int scanned = 0;
        while (m.find()) {
            // the year in force: the last year token before the metric
            Matcher y = CONTEXT_YEAR.matcher(text.substring(0, m.start()));
            List<Integer> years = new ArrayList<>();
            int yPos = 0;
            while (y.find(yPos)) {
                yPos = y.end();
                years.add(contextYearOf(y));
            }
            String metric = FigureReader.metricOf(m.group());
            if (metric == null) {
                continue;
            }
            int after = m.end();
            String rest = text.substring(after);
            Matcher resp = Pattern.compile("^[^,，。;；]{0,12}?分别(?:为|是|达|达到)?").matcher(rest);
            List<Integer> yearList = distinctYears(text.substring(Math.max(scanned, 0), m.start()));
            if (yearList.size() < 2) {
                yearList = distinctYears(text.substring(0, m.start()));
            }
            if (resp.find() && yearList.size() >= 2) {
                int pos = after + resp.end();
                for (int yr : yearList) {
                    Number v = null;
                    int vs = -1;
                    int ve = -1;
                    if (Financial.isRatio(metric)) {
                        Values.Hit<Double> h = Values.ratio(text, pos, true, metric.equals("debt_to_asset_ratio"));
                        if (h != null) {
                            v = h.value();
                            vs = h.start();
                            ve = h.end();
                        }
                    } else {
                        Values.Hit<Long> h = Values.amount(text, pos, unit);
                        if (h != null) {
                            v = FigureReader.negative(text, h.start()) ? -h.value() : h.value();
                            vs = h.start();
                            ve = h.end();
                        }
                    }
                    if (v == null || vs - pos > 6) {
                        break;
                    }
                    if (yr > 0) {
                        x.putFinancial(yr, metric, v, s.start + m.start(), s.start + ve, 2);
                    }
                    pos = ve;
                }
                scanned = m.end();
                continue;
            }
            int year = years.isEmpty() ? lastYear : years.get(years.size() - 1);
            if (year <= 0) {
                continue;
            }
            Matcher gap = Pattern.compile("^(?:[(（][^)）]{0,8}[)）])?\\s*(?:为|达到|达|实现|约|合计|共计|是|:|人民币|总计|净额|仅|只有|高达|降至|升至|下降至|上升至|增至|减至|分别为|\\s"
                    + "|(?i:of|was|were|is|at|reached|amounted to|stood at|totall?ed|came to|of about|of around|RMB|CNY)(?![a-z]))*").matcher(rest);
            int vpos = gap.find() ? after + gap.end() : after;
            Number v;
            int ve;
            if (Financial.isRatio(metric)) {
                Values.Hit<Double> h = Values.ratio(text, vpos, true, metric.equals("debt_to_asset_ratio"));
                if (h == null || h.start() > vpos + 1) {
                    continue;
                }
                v = h.value();
                ve = h.end();
            } else {
                Values.Hit<Long> h = Values.amount(text, vpos, unit);
                int signed = vpos < text.length() && (text.charAt(vpos) == '-' || text.charAt(vpos) == '负') ? 1 : 0;
                if (h == null || h.start() > vpos + signed + 3) {
                    continue;
                }
                v = FigureReader.negative(text, h.start()) ? -h.value() : h.value();
                ve = h.end();
            }
            x.putFinancial(year, metric, v, s.start + m.start(), s.start + ve, 2);
            // "较上年52,300万元下降": the previous year's figure
            // "较2022年的3.05亿元": the year named
            // "2023年实现净利润1,420万元，2022年为1,260万元": another year's figure of the same metric
            Matcher other = Pattern.compile("^[,，]\\s*((?:19|20)\\d{2})\\s*年(?:度|末)?(?:则|同期)?(?:为|是|仅为|达)").matcher(text.substring(ve));
            if (other.find() && !Financial.isRatio(metric)) {
                int oy = Integer.parseInt(other.group(1));
                Values.Hit<Long> oh = Values.amount(text, ve + other.end(), unit);
                if (oh != null && oh.start() == ve + other.end() && oy != year) {
                    x.putFinancial(oy, metric, FigureReader.negative(text, oh.start()) ? -oh.value() : oh.value(), s.start + ve,
                            s.start + oh.end(), 1);
                }
            }
            Matcher prev = Pattern.compile("^[,，]?(?:较|比)(?:上年|去年|上年同期|前一年|((?:19|20)\\d{2})\\s*年度?)(?:的|同期)?(?:为)?").matcher(text.substring(ve));
            if (prev.find() && !Financial.isRatio(metric)) {
                int prevYear = prev.group(1) != null ? Integer.parseInt(prev.group(1)) : year - 1;
                Values.Hit<Long> ph = Values.amount(text, ve + prev.end(), unit);
                if (ph != null && ph.start() == ve + prev.end() && prevYear < year) {
                    x.putFinancial(prevYear, metric, ph.value(), s.start + ve, s.start + ph.end(), 1);
                }
            }
        }
    }

    private List<Integer> distinctYears(String s) {
        List<Integer> out = new ArrayList<>();
        Matcher y = CONTEXT_YEAR.matcher(s);
        while (y.find()) {
            int yr = contextYearOf(y);
            if (!out.contains(yr)) {
                out.add(yr);
            }
        }
        return out;
    }

    /** A year stated earlier on the same line or in the heading (e.g. "2023年末，资产总额…。负债总额…"). */
    private int contextYear(Sentence s) {
        String before = x.t.substring(s.line.start, s.start);
        Matcher y = CONTEXT_YEAR.matcher(before);
        int year = 0;
        while (y.find()) {
            year = contextYearOf(y);
        }
        if (year != 0) {
            return year;
        }
        int idx = x.st.lines.indexOf(s.line);
        for (int i = idx - 1; i >= 0 && i >= idx - 3; i--) {
            Line l = x.st.lines.get(i);
            if (l.isHeading || l.text.isBlank()) {
                Matcher h = CONTEXT_YEAR.matcher(l.text);
                while (h.find()) {
                    year = contextYearOf(h);
                }
                if (year != 0) {
                    return year;
                }
                if (l.isHeading) {
                    break;
                }
            }
        }
        return 0;
    }
}
