package dev.enclave.semi;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One wafer map: a grid of dies, row-major, each {@link #OFF} (no die: outside the
 * wafer), {@link #GOOD} or {@link #FAIL}. Grids are 20 to 300 cells on each side and
 * need not be square (dies are often not square).
 *
 * @param id the map's identifier (unique within a file)
 * @param label the known WM-811K pattern, or {@code null} when unknown
 * @param rows grid rows
 * @param cols grid columns
 * @param cells {@code rows * cols} values 0, 1 or 2; not copied, do not change
 * @param lot the lot the wafer belongs to, or {@code null}
 * @param waferId the wafer's number or name within its lot, or {@code null}
 * @param time when the wafer was tested, or {@code null}
 */
public record WaferMap(String id, String label, int rows, int cols, byte[] cells, String lot, String waferId,
        Instant time) {

    /** No die at this position. */
    public static final byte OFF = 0;
    /** A die that passed. */
    public static final byte GOOD = 1;
    /** A die that failed. */
    public static final byte FAIL = 2;
    /** Smallest number of rows or columns accepted. */
    public static final int MIN_SIZE = 20;
    /** Largest number of rows or columns accepted. */
    public static final int MAX_SIZE = 300;
    /** The WM-811K pattern classes, in the classifier's order. */
    public static final List<String> PATTERNS = List.of("Center", "Donut", "Edge-Loc", "Edge-Ring", "Loc",
            "Near-full", "Random", "Scratch", "none");

    /** Checks the shape. */
    public WaferMap {
        if (rows < 1 || cols < 1 || cells.length != rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " map needs " + rows * cols
                    + " cells, got " + cells.length);
        }
    }

    /** A map without lot, wafer and time. */
    public WaferMap(String id, String label, int rows, int cols, byte[] cells) {
        this(id, label, rows, cols, cells, null, null, null);
    }

    /** The cell at row {@code r}, column {@code c}. */
    public byte at(int r, int c) {
        return cells[r * cols + c];
    }

    /** Number of dies (good or failing). */
    public int dies() {
        int n = 0;
        for (byte b : cells) {
            if (b != OFF) {
                n++;
            }
        }
        return n;
    }

    /** Number of failing dies. */
    public int fails() {
        int n = 0;
        for (byte b : cells) {
            if (b == FAIL) {
                n++;
            }
        }
        return n;
    }

    /** Die yield: good dies ÷ dies; 0 for a map without dies. */
    public double yield() {
        int dies = dies();
        return dies == 0 ? 0 : (dies - fails()) / (double) dies;
    }

    /** The same map with lot, wafer id and time set. */
    public WaferMap withOrigin(String lot, String waferId, Instant time) {
        return new WaferMap(id, label, rows, cols, cells, lot, waferId, time);
    }

    /** The cells as the contract's digit string. */
    public String data() {
        char[] c = new char[cells.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('0' + cells[i]);
        }
        return new String(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaferMap m && m.id.equals(id) && java.util.Objects.equals(m.label, label)
                && m.rows == rows && m.cols == cols && Arrays.equals(m.cells, cells)
                && java.util.Objects.equals(m.lot, lot) && java.util.Objects.equals(m.waferId, waferId)
                && java.util.Objects.equals(m.time, time);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "WaferMap[" + id + ", " + rows + "x" + cols + (label == null ? "" : ", " + label) + "]";
    }
}
