package dev.enclave.semi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Die yield of classified wafer maps: per wafer, per lot (dies pooled), per UTC day (the
 * trend over time) and per predicted WM-811K pattern (mean wafer yield). Yields are
 * fractions from 0 to 1, rounded to six decimals; these are the numbers of
 * {@code wafer yield}, of the Yield part's charts and of the reports. Immutable.
 *
 * @param wafers   one row per map, in the order given
 * @param lots     one row per lot, sorted by lot; the maps without a lot form one group with a {@code null} key
 * @param days     one row per UTC day of the maps that carry a time, oldest first
 * @param patterns one row per predicted pattern, sorted by name
 * @param dies     dies on all the wafers
 * @param good     good dies on all the wafers
 * @param yield    pooled die yield ({@code good / dies}; 0 without dies)
 */
public record YieldSummary(List<Wafer> wafers, List<Group> lots, List<Group> days, List<PatternYield> patterns,
        long dies, long good, double yield) {

    /** One wafer: its map's origin, dies, good dies, die yield, predicted pattern and known label (may be null). */
    public record Wafer(String id, String lot, String waferId, Instant time, int dies, int good, double yield,
            String pattern, String label) {
    }

    /** Wafers pooled by a key (a lot, {@code null} for no lot; or a day {@code YYYY-MM-DD}). */
    public record Group(String key, int wafers, long dies, long good, double yield) {
    }

    /** The mean die yield of the wafers predicted to show a pattern. */
    public record PatternYield(String pattern, int wafers, double meanYield) {
    }

    public YieldSummary {
        wafers = List.copyOf(wafers);
        lots = List.copyOf(lots);
        days = List.copyOf(days);
        patterns = List.copyOf(patterns);
    }

    /** The summary of stored (or freshly classified) maps. */
    public static YieldSummary of(List<WaferLibrary.StoredMap> rows) {
        List<Wafer> wafers = new ArrayList<>();
        Map<String, long[]> lots = new TreeMap<>();
        Map<String, long[]> days = new TreeMap<>();
        Map<String, double[]> patterns = new TreeMap<>();
        long dies = 0, good = 0;
        for (WaferLibrary.StoredMap s : rows) {
            WaferMap m = s.map();
            int d = m.dies(), g = d - m.fails();
            dies += d;
            good += g;
            wafers.add(new Wafer(m.id(), m.lot(), m.waferId(), m.time(), d, g, round(m.yield()), s.predicted(),
                    m.label()));
            add(lots.computeIfAbsent(m.lot() == null ? "" : m.lot(), k -> new long[3]), d, g);
            if (m.time() != null) {
                add(days.computeIfAbsent(m.time().atOffset(ZoneOffset.UTC).toLocalDate().toString(), k -> new long[3]),
                        d, g);
            }
            double[] p = patterns.computeIfAbsent(s.predicted(), k -> new double[2]);
            p[0]++;
            p[1] += m.yield();
        }
        List<PatternYield> byPattern = new ArrayList<>();
        patterns.forEach((k, v) -> byPattern.add(new PatternYield(k, (int) v[0], round(v[1] / v[0]))));
        return new YieldSummary(wafers, groups(lots), groups(days), byPattern, dies, good,
                round(dies == 0 ? 0 : good / (double) dies));
    }

    private static void add(long[] group, int dies, int good) {
        group[0]++;
        group[1] += dies;
        group[2] += good;
    }

    private static List<Group> groups(Map<String, long[]> groups) {
        List<Group> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(new Group(k.isEmpty() ? null : k, (int) v[0], v[1], v[2],
                round(v[1] == 0 ? 0 : v[2] / (double) v[1]))));
        return out;
    }

    /** The lots named by the wafers, sorted. */
    public List<String> lotNames() {
        TreeSet<String> out = new TreeSet<>();
        wafers.forEach(w -> {
            if (w.lot() != null) {
                out.add(w.lot());
            }
        });
        return List.copyOf(out);
    }

    /** The ISO weeks ({@code YYYY-Www}, UTC) of the wafers that carry a time, oldest first. */
    public List<String> weeks() {
        TreeSet<String> out = new TreeSet<>();
        for (Wafer w : wafers) {
            if (w.time() != null) {
                ZonedDateTime t = w.time().atZone(ZoneOffset.UTC);
                out.add(String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                        t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
            }
        }
        return List.copyOf(out);
    }

    /** The JSON object printed by {@code wafer yield --json}. */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Wafer w : wafers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("lot", w.lot());
            m.put("wafer", w.waferId());
            m.put("time", w.time() == null ? null : w.time().toString());
            m.put("dies", w.dies());
            m.put("good", w.good());
            m.put("yield", w.yield());
            m.put("pattern", w.pattern());
            m.put("label", w.label());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wafers", rows);
        out.put("lots", groupsJson(lots, "lot"));
        out.put("by_day", groupsJson(days, "day"));
        List<Map<String, Object>> byPattern = new ArrayList<>();
        for (PatternYield p : patterns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pattern", p.pattern());
            m.put("wafers", p.wafers());
            m.put("mean_yield", p.meanYield());
            byPattern.add(m);
        }
        out.put("by_pattern", byPattern);
        out.put("dies", dies);
        out.put("good", good);
        out.put("yield", yield);
        return out;
    }

    private static List<Map<String, Object>> groupsJson(List<Group> groups, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, g.key());
            m.put("wafers", g.wafers());
            m.put("dies", g.dies());
            m.put("good", g.good());
            m.put("yield", g.yield());
            out.add(m);
        }
        return out;
    }

    /** The human-readable form printed by {@code wafer yield}. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d wafers, %d dies, yield %.2f%%%n", wafers.size(), dies, 100 * yield));
        sb.append("\nper lot:\n");
        for (Group g : lots) {
            sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", g.key() == null ? "(no lot)" : g.key(),
                    g.wafers(), 100 * g.yield()));
        }
        if (!days.isEmpty()) {
            sb.append("\nper day:\n");
            for (Group g : days) {
                sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", g.key(), g.wafers(), 100 * g.yield()));
            }
        }
        sb.append("\nby pattern (mean wafer yield):\n");
        for (PatternYield p : patterns) {
            sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", p.pattern(), p.wafers(),
                    100 * p.meanYield()));
        }
        sb.append("\nper wafer:\n");
        for (Wafer w : wafers) {
            sb.append(String.format("  %-16s %-12s %-10s yield %6.2f%%%n", w.id(), w.lot() == null ? "" : w.lot(),
                    w.pattern(), 100 * w.yield()));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
