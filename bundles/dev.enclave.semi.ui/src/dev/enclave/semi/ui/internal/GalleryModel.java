package dev.enclave.semi.ui.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPrediction;

/**
 * What the Wafer Maps part shows, without widgets: the maps in the gallery (the stored ones
 * or a file opened for a look) with their verdicts, the maps passing the filters, and the
 * texts of the summary, captions and map view. UI thread only.
 */
final class GalleryModel {
    private List<StoredMap> entries = List.of();
    private List<StoredMap> shown = List.of();
    private boolean fromLibrary;

    /** Replaces the maps; {@code fromLibrary} tells whether they are the stored maps. */
    void set(List<StoredMap> maps, boolean library) {
        entries = List.copyOf(maps);
        shown = entries;
        fromLibrary = library;
    }

    List<StoredMap> entries() {
        return entries;
    }

    List<StoredMap> shown() {
        return shown;
    }

    boolean fromLibrary() {
        return fromLibrary;
    }

    /** The lots of the maps, sorted. */
    List<String> lots() {
        TreeSet<String> lots = new TreeSet<>();
        for (StoredMap e : entries) {
            if (e.map().lot() != null) {
                lots.add(e.map().lot());
            }
        }
        return List.copyOf(lots);
    }

    /** Keeps the maps of a lot and a class ({@code null}: any) at or above a confidence (0–1). */
    void filter(String lot, String pattern, float minConfidence) {
        List<StoredMap> list = new ArrayList<>();
        for (StoredMap e : entries) {
            if ((lot == null || lot.equals(e.map().lot())) && (pattern == null || pattern.equals(e.predicted()))
                    && e.confidence() >= minConfidence) {
                list.add(e);
            }
        }
        shown = List.copyOf(list);
    }

    /** The summary line: maps shown of all, their pooled die yield and their classes. */
    String summary(int maxDrawn) {
        long dies = 0, good = 0;
        Map<String, Integer> counts = new TreeMap<>();
        for (StoredMap e : shown) {
            dies += e.map().dies();
            good += e.map().dies() - e.map().fails();
            counts.merge(e.predicted(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(Messages.get("maps.summary", shown.size(), entries.size(),
                String.format("%.2f", dies == 0 ? 0 : 100.0 * good / dies)));
        counts.forEach((k, v) -> sb.append("  ").append(k).append(' ').append(v));
        if (shown.size() > maxDrawn) {
            sb.append("  ").append(Messages.get("maps.firstShown", maxDrawn));
        }
        return sb.toString();
    }

    /** A gallery caption: lot, id, verdict and die yield. */
    static String caption(StoredMap e) {
        WaferMap m = e.map();
        return String.format("%s%s\n%s %.2f · %s %.1f%%", m.lot() == null ? "" : m.lot() + " · ", m.id(),
                e.predicted(), e.confidence(), Messages.get("maps.yield"), 100 * m.yield());
    }

    /** The map view's text: origin, grid and yield, the verdict, and the three most likely classes. */
    static String detail(StoredMap e, WaferPrediction p) {
        WaferMap m = e.map();
        StringBuilder sb = new StringBuilder();
        sb.append(m.id());
        if (m.lot() != null) {
            sb.append("   ").append(Messages.get("maps.lotLabel", m.lot()));
        }
        if (m.waferId() != null) {
            sb.append("   ").append(Messages.get("maps.waferLabel", m.waferId()));
        }
        if (m.time() != null) {
            sb.append("   ").append(m.time());
        }
        sb.append('\n').append(Messages.get("maps.detailLine", m.rows(), m.cols(), m.dies(), m.fails(),
                String.format("%.2f", 100 * m.yield())));
        sb.append('\n').append(Messages.get("maps.prediction", e.predicted(), String.format("%.3f", e.confidence())));
        if (m.label() != null) {
            sb.append("   ").append(Messages.get("maps.labelled", m.label()));
        }
        float[] probabilities = p.probabilities();
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b], probabilities[a]));
        Map<String, Float> top = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(3, order.length); i++) {
            top.put(WaferMap.PATTERNS.get(order[i]), probabilities[order[i]]);
        }
        sb.append('\n').append(Messages.get("maps.top"));
        top.forEach((k, v) -> sb.append("  ").append(k).append(String.format(" %.3f", v)));
        return sb.toString();
    }

    /** The key of a map in the library: lot and id. */
    static String key(String lot, String id) {
        return (lot == null ? "" : lot) + "\u0000" + id;
    }
}
