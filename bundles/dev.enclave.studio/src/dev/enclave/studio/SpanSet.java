package dev.enclave.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Non-overlapping {@code [start, end)} ranges of a text, with an overlap test in logarithmic time,
 * so that finding many items in a long text stays near-linear. Not thread-safe.
 */
final class SpanSet {
    private final TreeMap<Integer, Integer> byStart = new TreeMap<>();
    private final List<int[]> added = new ArrayList<>();

    /** Whether {@code [start, end)} overlaps a range already held. */
    boolean overlaps(int start, int end) {
        Map.Entry<Integer, Integer> before = byStart.lowerEntry(end);
        return before != null && before.getValue() > start;
    }

    /** Adds {@code [start, end)} unless it overlaps; returns whether it was added. */
    boolean add(int start, int end) {
        if (start >= end || overlaps(start, end)) {
            return false;
        }
        byStart.put(start, end);
        added.add(new int[] { start, end });
        return true;
    }

    /** The ranges in the order they were added. */
    List<int[]> added() {
        return added;
    }
}
