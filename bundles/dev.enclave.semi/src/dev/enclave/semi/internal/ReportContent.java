package dev.enclave.semi.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.YieldSummary;

/**
 * What a lot or weekly report says, independent of the file format: the chosen maps,
 * the {@link YieldSummary} numbers, pattern counts, findings, notes and charts.
 * Every text is a pair (English, Chinese).
 */
final class ReportContent {
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    /** At most this many map images go into a report. */
    static final int MAX_IMAGES = 48;

    /** A text in English and Simplified Chinese. */
    record Text(String en, String zh) {
        String both() {
            return en + " / " + zh;
        }
    }

    /** A classifier finding on one wafer. */
    record Finding(String wafer, String lot, String predicted, float confidence, String label, Text reason) {
    }

    final Text title;
    final Text scope;
    final List<StoredMap> maps;
    final Map<String, Object> yield;
    final Map<String, Integer> patternCounts;
    final List<Finding> findings = new ArrayList<>();
    final List<Text> notes = new ArrayList<>();
    final byte[] trendPng;
    final byte[] paretoPng;

    @SuppressWarnings("unchecked")
    ReportContent(List<StoredMap> all, String lot, String week, List<String> userNotes) {
        if ((lot == null) == (week == null)) {
            throw EnclaveException.badInput("A report covers either one lot or one week (YYYY-Www), not "
                    + (lot == null ? "neither." : "both."));
        }
        List<StoredMap> chosen = new ArrayList<>();
        if (lot != null) {
            for (StoredMap s : all) {
                if (lot.equals(s.map().lot())) {
                    chosen.add(s);
                }
            }
            if (chosen.isEmpty()) {
                throw EnclaveException.badInput("No stored wafer map belongs to lot \"" + lot
                        + "\"; import the maps first (enclave wafer import --lot " + lot + " FILE).");
            }
            title = new Text("Lot report " + lot, "批次报告 " + lot);
            scope = new Text("Lot " + lot, "批次 " + lot);
        } else {
            Matcher m = WEEK.matcher(week.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 53) {
                throw EnclaveException.badInput("The week \"" + week + "\" is not an ISO week like 2026-W47.");
            }
            int y = Integer.parseInt(m.group(1)), w = Integer.parseInt(m.group(2));
            LocalDate monday = LocalDate.of(y, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, w)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (monday.get(IsoFields.WEEK_BASED_YEAR) != y) {
                throw EnclaveException.badInput("The year " + y + " has no ISO week " + w + " (" + week + ").");
            }
            LocalDate sunday = monday.plusDays(6);
            for (StoredMap s : all) {
                if (s.map().time() != null) {
                    LocalDate d = s.map().time().atOffset(ZoneOffset.UTC).toLocalDate();
                    if (!d.isBefore(monday) && !d.isAfter(sunday)) {
                        chosen.add(s);
                    }
                }
            }
            if (chosen.isEmpty()) {
                throw EnclaveException.badInput("No stored wafer map was measured in week " + week + " (" + monday
                        + " to " + sunday + ", UTC).");
            }
            String wk = String.format("%d-W%02d", y, w);
            title = new Text("Weekly yield report " + wk, "周良率报告 " + wk);
            scope = new Text(monday + " to " + sunday, monday + " 至 " + sunday);
        }
        this.maps = List.copyOf(chosen);
        this.yield = YieldSummary.of(maps).toJson();
        Map<String, Integer> counts = new TreeMap<>();
        for (StoredMap s : maps) {
            counts.merge(s.predicted(), 1, Integer::sum);
            String reason = null, reasonZh = null;
            if (s.confidence() < WaferReports.LOW_CONFIDENCE) {
                reason = String.format("low confidence %.2f: review the map", s.confidence());
                reasonZh = String.format("置信度低（%.2f）：请人工复核", s.confidence());
            } else if (s.map().label() != null && !s.map().label().equals(s.predicted())) {
                reason = "known label " + s.map().label() + " differs from the prediction";
                reasonZh = "已知标签 " + s.map().label() + " 与预测不一致";
            }
            if (reason != null) {
                findings.add(new Finding(s.map().waferId() != null ? s.map().waferId() : s.map().id(), s.map().lot(),
                        s.predicted(), s.confidence(), s.map().label(), new Text(reason, reasonZh)));
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        this.patternCounts = new LinkedHashMap<>();
        sorted.forEach(e -> patternCounts.put(e.getKey(), e.getValue()));

        // Notes: what the numbers say, then the user's own.
        double y = (double) yield.get("yield");
        notes.add(new Text(String.format("%d wafers, %d dies, pooled die yield %.2f%%.", maps.size(),
                (long) yield.get("dies"), 100 * y), String.format("共 %d 片晶圆、%d 个晶粒，合并良率 %.2f%%。",
                        maps.size(), (long) yield.get("dies"), 100 * y)));
        Map.Entry<String, Integer> top = sorted.stream().filter(e -> !"none".equals(e.getKey())).findFirst()
                .orElse(null);
        if (top != null) {
            notes.add(new Text(String.format("Most frequent defect pattern: %s on %d of %d wafers.", top.getKey(),
                    top.getValue(), maps.size()), String.format("最常见的缺陷模式：%s，%d/%d 片晶圆。", top.getKey(),
                            top.getValue(), maps.size())));
        }
        StoredMap worst = maps.stream().min(Comparator.comparingDouble(s -> s.map().yield())).orElseThrow();
        notes.add(new Text(String.format("Lowest wafer yield: %s (%s) at %.2f%%, pattern %s.", worst.map().id(),
                worst.map().lot() == null ? "-" : worst.map().lot(), 100 * worst.map().yield(), worst.predicted()),
                String.format("最低晶圆良率：%s（%s）%.2f%%，模式 %s。", worst.map().id(),
                        worst.map().lot() == null ? "-" : worst.map().lot(), 100 * worst.map().yield(),
                        worst.predicted())));
        if (!findings.isEmpty()) {
            notes.add(new Text(findings.size() + " map(s) need review (see the classifier's findings).",
                    findings.size() + " 张晶圆图需要复核（见分类器发现）。"));
        }
        for (String n : userNotes) {
            if (n != null && !n.isBlank()) {
                notes.add(new Text(n.strip(), n.strip()));
            }
        }

        // Trend: per day when the maps span several days, else per wafer in time order.
        List<Map<String, Object>> days = (List<Map<String, Object>>) yield.get("by_day");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        String trendTitle;
        if (days.size() >= 2) {
            trendTitle = "Yield by day";
            for (Map<String, Object> d : days) {
                labels.add(String.valueOf(d.get("day")).substring(5));
                values.add((double) d.get("yield"));
            }
        } else {
            trendTitle = "Yield by wafer";
            for (StoredMap s : maps) {
                labels.add(s.map().waferId() != null ? s.map().waferId() : s.map().id());
                values.add(s.map().yield());
            }
        }
        this.trendPng = ReportCharts.png(ReportCharts.trend(trendTitle, labels, values));
        this.paretoPng = ReportCharts.png(ReportCharts.pareto("Defect pattern Pareto (wafers)",
                new ArrayList<>(patternCounts.keySet()), new ArrayList<>(patternCounts.values())));
    }

    /** The header of the per-wafer table. */
    static final List<Text> WAFER_HEADER = List.of(new Text("Wafer", "晶圆"), new Text("Lot", "批次"),
            new Text("Time (UTC)", "时间"), new Text("Dies", "晶粒数"), new Text("Good", "良品"),
            new Text("Yield", "良率"), new Text("Pattern", "模式"), new Text("Confidence", "置信度"));

    /** The rows of the per-wafer table, in the order of {@code wafer yield}. */
    List<List<String>> waferRows() {
        List<List<String>> rows = new ArrayList<>();
        for (StoredMap s : maps) {
            WaferMap m = s.map();
            rows.add(List.of(m.id(), m.lot() == null ? "" : m.lot(),
                    m.time() == null ? "" : m.time().toString().replace('T', ' ').replace("Z", ""),
                    String.valueOf(m.dies()), String.valueOf(m.dies() - m.fails()), percent(m.yield()),
                    s.predicted(), String.format("%.2f", s.confidence())));
        }
        return rows;
    }

    static final List<Text> LOT_HEADER = List.of(new Text("Lot", "批次"), new Text("Wafers", "晶圆数"),
            new Text("Dies", "晶粒数"), new Text("Good", "良品"), new Text("Yield", "良率"));

    @SuppressWarnings("unchecked")
    List<List<String>> lotRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> l : (List<Map<String, Object>>) yield.get("lots")) {
            rows.add(List.of(l.get("lot") == null ? "(no lot)" : (String) l.get("lot"), String.valueOf(l.get("wafers")),
                    String.valueOf(l.get("dies")), String.valueOf(l.get("good")), percent((double) l.get("yield"))));
        }
        rows.add(List.of("Total", String.valueOf(maps.size()), String.valueOf(yield.get("dies")),
                String.valueOf(yield.get("good")), percent((double) yield.get("yield"))));
        return rows;
    }

    static final List<Text> PATTERN_HEADER = List.of(new Text("Pattern", "模式"), new Text("Wafers", "晶圆数"),
            new Text("Share", "占比"), new Text("Mean yield", "平均良率"));

    @SuppressWarnings("unchecked")
    List<List<String>> patternRows() {
        Map<String, Double> mean = new LinkedHashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) yield.get("by_pattern")) {
            mean.put((String) p.get("pattern"), (double) p.get("mean_yield"));
        }
        List<List<String>> rows = new ArrayList<>();
        patternCounts.forEach((k, v) -> rows.add(List.of(k, String.valueOf(v), percent(v / (double) maps.size()),
                percent(mean.getOrDefault(k, 0.0)))));
        return rows;
    }

    static final List<Text> FINDING_HEADER = List.of(new Text("Wafer", "晶圆"), new Text("Lot", "批次"),
            new Text("Predicted", "预测"), new Text("Confidence", "置信度"), new Text("Finding", "发现"));

    /** Yield as a percentage with two decimals, as {@code wafer yield} prints it. */
    static String percent(double v) {
        return String.format("%.2f%%", 100 * (Math.round(v * 1e6) / 1e6));
    }

    /** The maps whose images go into the report: the findings' first, then the lowest yields. */
    List<StoredMap> imageMaps() {
        if (maps.size() <= MAX_IMAGES) {
            return maps;
        }
        List<StoredMap> sorted = new ArrayList<>(maps);
        java.util.Set<String> flagged = new java.util.HashSet<>();
        findings.forEach(f -> flagged.add(f.wafer()));
        sorted.sort(Comparator.comparing((StoredMap s) -> !flagged.contains(s.map().waferId() != null
                ? s.map().waferId() : s.map().id())).thenComparingDouble(s -> s.map().yield()));
        return sorted.subList(0, Math.min(MAX_IMAGES, sorted.size()));
    }
}
