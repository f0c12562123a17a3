package dev.enclave.semi.internal;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferMap;

/**
 * Die yield from wafer maps: per wafer, per lot (dies pooled), per day (the trend over
 * time) and per pattern (mean wafer yield by predicted WM-811K class).
 */
public final class YieldReport {
    private YieldReport() {
    }

    /** The report as the JSON object printed by {@code wafer yield --json}. */
    public static Map<String, Object> of(List<StoredMap> rows) {
        List<Map<String, Object>> wafers = new ArrayList<>();
        Map<String, long[]> lots = new TreeMap<>();
        Map<String, long[]> days = new TreeMap<>();
        Map<String, double[]> patterns = new TreeMap<>();
        long dies = 0, good = 0;
        for (StoredMap s : rows) {
            WaferMap m = s.map();
            int d = m.dies(), g = d - m.fails();
            dies += d;
            good += g;
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", m.id());
            w.put("lot", m.lot());
            w.put("wafer", m.waferId());
            w.put("time", m.time() == null ? null : m.time().toString());
            w.put("dies", d);
            w.put("good", g);
            w.put("yield", round(m.yield()));
            w.put("pattern", s.predicted());
            w.put("label", m.label());
            wafers.add(w);
            long[] lot = lots.computeIfAbsent(m.lot() == null ? "" : m.lot(), k -> new long[3]);
            lot[0]++;
            lot[1] += d;
            lot[2] += g;
            if (m.time() != null) {
                long[] day = days.computeIfAbsent(m.time().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                        k -> new long[3]);
                day[0]++;
                day[1] += d;
                day[2] += g;
            }
            double[] p = patterns.computeIfAbsent(s.predicted(), k -> new double[2]);
            p[0]++;
            p[1] += m.yield();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wafers", wafers);
        out.put("lots", groups(lots, "lot"));
        out.put("by_day", groups(days, "day"));
        List<Map<String, Object>> byPattern = new ArrayList<>();
        patterns.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pattern", k);
            m.put("wafers", (int) v[0]);
            m.put("mean_yield", round(v[1] / v[0]));
            byPattern.add(m);
        });
        out.put("by_pattern", byPattern);
        out.put("dies", dies);
        out.put("good", good);
        out.put("yield", round(dies == 0 ? 0 : good / (double) dies));
        return out;
    }

    private static List<Map<String, Object>> groups(Map<String, long[]> groups, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        groups.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, k.isEmpty() ? null : k);
            m.put("wafers", (int) v[0]);
            m.put("dies", v[1]);
            m.put("good", v[2]);
            m.put("yield", round(v[1] == 0 ? 0 : v[2] / (double) v[1]));
            out.add(m);
        });
        return out;
    }

    /** Human-readable form of a report from {@link #of}. */
    @SuppressWarnings("unchecked")
    public static String toText(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d wafers, %d dies, yield %.2f%%%n", ((List<?>) report.get("wafers")).size(),
                report.get("dies"), 100 * (double) report.get("yield")));
        sb.append("\nper lot:\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) report.get("lots")) {
            sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", m.get("lot") == null ? "(no lot)" : m.get("lot"),
                    m.get("wafers"), 100 * (double) m.get("yield")));
        }
        List<Map<String, Object>> days = (List<Map<String, Object>>) report.get("by_day");
        if (!days.isEmpty()) {
            sb.append("\nper day:\n");
            for (Map<String, Object> m : days) {
                sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", m.get("day"), m.get("wafers"),
                        100 * (double) m.get("yield")));
            }
        }
        sb.append("\nby pattern (mean wafer yield):\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) report.get("by_pattern")) {
            sb.append(String.format("  %-16s %4d wafers  yield %6.2f%%%n", m.get("pattern"), m.get("wafers"),
                    100 * (double) m.get("mean_yield")));
        }
        sb.append("\nper wafer:\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) report.get("wafers")) {
            sb.append(String.format("  %-16s %-12s %-10s yield %6.2f%%%n", m.get("id"), m.get("lot") == null ? "" : m.get("lot"),
                    m.get("pattern"), 100 * (double) m.get("yield")));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
