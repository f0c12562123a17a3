package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.audit.CreditReport.Financial;
import dev.enclave.audit.internal.Structure.Cell;
import dev.enclave.audit.internal.Structure.Kind;
import dev.enclave.audit.internal.Structure.Line;

/**
 * Reads the tables of a report ({@link #tables}, a phase of its own): financial tables with years as
 * columns, as rows or as label-year pairs, and transposed ones, each cell's metric, year and unit read by
 * {@link FigureReader}; tables that list entities go to {@link EntityTableReader}, headerless shareholder
 * rows to {@link RelatedPartyReader#relatedClause}; grids of label-value pairs are left to {@link PairReader}.
 */
final class FinancialTableReader {
    private final ExtractionState x;

    FinancialTableReader(ExtractionState x) {
        this.x = x;
    }

    void tables() {
        for (List<Line> rows : x.st.tables) {
            Line header = rows.get(0);
            Kind k = header.kind;
            long unit = 0;
            int first = x.st.lines.indexOf(header);
            for (int i = Math.max(0, first - 3); i <= first; i++) {
                long u = FigureReader.tableUnit(x.st.lines.get(i).text);
                if (u > 0) {
                    unit = u;
                }
            }
            String headerText = String.join("|", header.cells.stream().map(Cell::text).toList());
            int yearCols = 0;
            for (Cell c : header.cells) {
                if (FigureReader.yearOf(c.text()) != 0) {
                    yearCols++;
                }
            }
            if (yearRows(rows)) {
                yearRowPairs(rows, unit); // "2023年  总资产 960  总负债 520  营业收入 2,180"
                continue;
            }
            // a table of figures is read as one whatever section it stands in: its rows are
            // metrics ("Revenue | 512,400 | 468,900") or its columns are ("年度 | 资产总额 | 负债总额")
            long metricRows = rows.stream().skip(1).filter(r -> !r.cells.isEmpty() && FigureReader.cellMetric(r.cells.get(0).text()) != null).count();
            long metricCols = header.cells.stream().filter(c -> FigureReader.cellMetric(c.text()) != null).count();
            boolean figures = metricRows >= 2 && metricRows * 2 >= rows.size() - 1 || metricCols >= 2 && metricCols * 2 >= header.cells.size() - 1;
            if (yearCols >= 1 && (figures || k != Kind.GUARANTEES && k != Kind.COLLATERAL && k != Kind.RELATED)) {
                financialTable(rows, unit);
                continue;
            }
            if (FigureReader.cellMetric(header.cells.size() > 1 ? header.cells.get(1).text() : "") != null
                    && (k != Kind.GUARANTEES || figures)) {
                transposedFinancialTable(rows, unit);
                continue;
            }
            long labelled = rows.stream().filter(r -> r.cells.size() % 2 == 0
                    && LabelMap.isKnown(Structure.cleanLabel(r.cells.get(0).text()))).count();
            // a form of "label  value" lines (most first cells are field labels; the rest are
            // labels the map does not know, such as 上下游 or 财务摘要, or continuation lines)
            if (rows.size() > 1 && labelled * 10 >= rows.size() * 6
                    && LabelMap.isKnown(Structure.cleanLabel(rows.get(0).cells.get(0).text()))
                    && LabelMap.isKnown(Structure.cleanLabel(rows.get(1).cells.get(0).text()))
                    && !headerText.matches(".*(占比|比例|金额|方式|关系|评估|价值).*")) {
                continue; // a key/value grid, read as pairs
            }
            if (k == Kind.RELATED && rows.stream().allMatch(r -> Values.PERCENT.matcher(r.text).find())) {
                // no header row (a header never holds a percentage): "林志强   持股比例 90%" lines, each
                // read like a clause of the shareholders section
                for (Line r : rows) {
                    x.relatedPartyReader.relatedClause(r.start, r.end, null, 1);
                }
                continue;
            }
            x.entityTableReader.entityTable(rows, headerText, k, unit);
        }
    }

    /**
     * Rows that each start with a year and go on in metrics with their values, as pairs of
     * cells ("2023年 | 总资产 | 960") or one cell each ("2023年 | 总资产 960 | 总负债 520").
     */
    private boolean yearRows(List<Line> rows) {
        for (Line r : rows) {
            List<Cell> c = r.cells;
            if (c.size() < 2 || FigureReader.yearOf(c.get(0).text()) <= 0 || FigureReader.cellMetric(c.get(1).text()) == null) {
                return false;
            }
        }
        return true;
    }

    private void yearRowPairs(List<Line> rows, long unit) {
        for (Line r : rows) {
            List<Cell> c = r.cells;
            int year = FigureReader.yearOf(c.get(0).text());
            for (int i = 1; i < c.size(); i++) {
                String label = c.get(i).text();
                String metric = FigureReader.cellMetric(label);
                if (metric == null) {
                    continue;
                }
                long u = LabelMap.unitOf(label) > 0 ? LabelMap.unitOf(label) : unit > 0 ? unit : 1;
                boolean own = label.matches(".*\\d.*") && !label.matches(".*[(（].*\\d.*[)）]\\s*$");
                String valueText = own ? label : i + 1 < c.size() ? c.get(i + 1).text() : "";
                Number v = metricValue(metric, valueText, u, true);
                if (v != null) {
                    x.putFinancial(year, metric, v, r.start, r.end, 3);
                }
                if (!own) {
                    i++;
                }
            }
        }
    }

    private void financialTable(List<Line> rows, long unit) {
        List<Cell> head = rows.get(0).cells;
        int widest = rows.stream().mapToInt(r -> r.cells.size()).max().orElse(0);
        int shift = 0;
        if (!head.isEmpty() && FigureReader.yearOf(head.get(0).text()) != 0 && widest == head.size() + 1) {
            // "          2023年   2022年" over "总资产   41.6   28.3": the header leaves the label column blank
            shift = 1;
        }
        int[] years = new int[head.size() + shift];
        for (int i = 0; i < head.size(); i++) {
            years[i + shift] = FigureReader.yearOf(head.get(i).text());
        }
        int unitCol = unitColumn(rows, shift);
        for (int r = 1; r < rows.size(); r++) {
            List<Cell> cells = rows.get(r).cells;
            if (cells.isEmpty()) {
                continue;
            }
            Matcher glued = GLUED_FIGURE.matcher(cells.get(0).text());
            if (cells.size() < years.length && glued.matches()) {
                // "经营活动现金流净额 1,820<gap>-650<gap>-1,230": one blank kept the first figure in the label cell
                Cell c0 = cells.get(0);
                List<Cell> split = new ArrayList<>();
                split.add(new Cell(glued.group(1), c0.start(), c0.start() + glued.end(1)));
                split.add(new Cell(glued.group(2), c0.start() + glued.start(2), c0.end()));
                split.addAll(cells.subList(1, cells.size()));
                cells = split;
            }
            String label = cells.get(0).text();
            String metric = FigureReader.cellMetric(label);
            if (metric == null) {
                continue;
            }
            long u = LabelMap.unitOf(label) > 0 ? LabelMap.unitOf(label) : unit > 0 ? unit : 1;
            if (unitCol > 0 && unitCol < cells.size() && unitWord(cells.get(unitCol).text()) > 0) {
                u = unitWord(cells.get(unitCol).text()); // "资产总额 | 亿元 | 5.46 | 5.92": a unit per row
            }
            for (int c = 1; c < cells.size() && c < years.length; c++) {
                if (years[c] <= 0) {
                    continue;
                }
                Cell cell = cells.get(c);
                Number v = metricValue(metric, cell.text(), u, true);
                if (v != null) {
                    x.putFinancial(years[c], metric, v, rows.get(r).start, rows.get(r).end, 3);
                }
            }
        }
    }

    /**
     * The column of a figures table that states each row's unit ("项目 | 单位 | 2022年 | 2023年"
     * over "资产总额 | 亿元 | 5.46 | 5.92"): headed 单位 / unit, or holding only unit words; -1 when none.
     */
    private static int unitColumn(List<Line> rows, int shift) {
        List<Cell> head = rows.get(0).cells;
        for (int i = 0; i < head.size(); i++) {
            if (head.get(i).text().strip().matches("(计量)?单位|(?i:units?)")) {
                return i + shift;
            }
        }
        int width = rows.stream().mapToInt(r -> r.cells.size()).max().orElse(0);
        for (int c = 1; c < width; c++) {
            int units = 0;
            int others = 0;
            for (int r = 1; r < rows.size(); r++) {
                List<Cell> cells = rows.get(r).cells;
                if (c >= cells.size()) {
                    continue;
                }
                String t = cells.get(c).text().strip();
                if (unitWord(t) > 0 || t.matches("%|％|倍|次")) {
                    units++;
                } else {
                    others++;
                }
            }
            if (units >= 2 && others == 0) {
                return c;
            }
        }
        return -1;
    }

    /** The multiplier a unit cell states (亿元, 万元, 千元, 元, RMB '000 …); 0 when it states none. */
    private static long unitWord(String t) {
        String s = t.strip().replace("人民币", "").replace("RMB", "").strip();
        return switch (s) {
            case "亿元", "亿" -> 100_000_000L;
            case "万元", "万" -> 10_000L;
            case "千元", "'000", "千" -> 1_000L;
            case "元" -> 1L;
            default -> 0L;
        };
    }

    /** A label cell that kept its row's first figure: "经营活动现金流净额 1,820". */
    private static final Pattern GLUED_FIGURE = Pattern.compile("(.*?[\\u4e00-\\u9fa5A-Za-z)）])\\s*([-−(]?\\d[\\d,]*(?:\\.\\d+)?%?\\)?)");

    private void transposedFinancialTable(List<Line> rows, long unit) {
        List<Cell> head = rows.get(0).cells;
        for (int r = 1; r < rows.size(); r++) {
            List<Cell> cells = rows.get(r).cells;
            if (cells.isEmpty()) {
                continue;
            }
            int year = FigureReader.yearOf(cells.get(0).text());
            if (year <= 0) {
                continue;
            }
            for (int c = 1; c < cells.size() && c < head.size(); c++) {
                String metric = FigureReader.cellMetric(head.get(c).text());
                if (metric == null) {
                    continue;
                }
                long u = LabelMap.unitOf(head.get(c).text()) > 0 ? LabelMap.unitOf(head.get(c).text())
                        : unit > 0 ? unit : 1;
                Number v = metricValue(metric, cells.get(c).text(), u, true);
                if (v != null) {
                    x.putFinancial(year, metric, v, rows.get(r).start, rows.get(r).end, 3);
                }
            }
        }
    }

    private Number metricValue(String metric, String s, long unit, boolean plain) {
        if (Financial.isRatio(metric)) {
            Values.Hit<Double> h = Values.ratio(s, 0, plain, metric.equals("debt_to_asset_ratio"));
            return h == null ? null : h.value();
        }
        Values.Hit<Long> h = Values.amount(s, 0, unit);
        if (h == null) {
            return null;
        }
        return FigureReader.negative(s, h.start()) ? -h.value() : h.value();
    }
}
