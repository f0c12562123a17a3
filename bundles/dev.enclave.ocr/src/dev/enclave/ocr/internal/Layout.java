package dev.enclave.ocr.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.enclave.ocr.OcrBlock;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;

/**
 * Reading order: lines are placed on a level page (turned back by the page's median tilt), a page set in two
 * columns is read column by column (see {@link #columns}), lines are gathered into visual rows (lines whose
 * vertical extents overlap), split into cells where a row has a gap of about a character's width or a narrower
 * one under a column that starts cells in the rows around it (a label ending in a colon keeps its value), and rows
 * grouped into paragraphs (close rows of one cell) and tables (two or more consecutive rows of two or more cells).
 */
public final class Layout {
    /** A row that starts with a short label and a colon (检验员：, Tenor:) starts a line of its own. */
    private static final java.util.regex.Pattern LABEL_START = java.util.regex.Pattern
            .compile("^[\\p{IsHan}A-Za-z ]{1,10}[：:]");

    private Layout() {
    }

    private record Placed(OcrLine line, double x0, double x1, double y, double h) {
    }

    /**
     * The page of {@code w × h} pixels that {@code lines} (in any order, boxes in page pixels) make: lines in reading
     * order, paragraphs and tables.
     */
    public static OcrPage page(int w, int h, List<OcrLine> lines) {
        double skew = skew(lines);
        double cos = Math.cos(-skew);
        double sin = Math.sin(-skew);
        List<Placed> placed = new ArrayList<>();
        for (OcrLine l : lines) {
            double[] b = l.box();
            double cx = (b[0] + b[2] + b[4] + b[6]) / 4;
            double cy = (b[1] + b[3] + b[5] + b[7]) / 4;
            double len = Math.hypot(b[2] - b[0], b[3] - b[1]);
            double x = cx * cos - cy * sin;
            double y = cx * sin + cy * cos;
            placed.add(new Placed(l, x - len / 2, x + len / 2, y, Math.max(1, l.height())));
        }
        List<OcrLine> ordered = new ArrayList<>();
        List<OcrBlock> blocks = new ArrayList<>();
        for (List<Placed> group : columns(placed)) {
            layout(group, ordered, blocks);
        }
        return new OcrPage(w, h, Math.toDegrees(skew), ordered, blocks);
    }

    /**
     * The page's lines in the groups that are read one after the other: the whole page, or on a page set in two
     * columns, the lines across both columns (headings, a full-width paragraph) each in place, and between them
     * first the left column's lines, then the right column's. Two columns are taken where a vertical gutter in the
     * middle of the text divides at least {@link #MIN_COLUMN_LINES} lines on each side, side by side, that fill
     * their column as wrapped prose does (their mean length at least half the column's width, and at least half of
     * them ending at the column's right edge): the cells of a table or the values of a form are short or ragged,
     * and stay rows of cells.
     */
    private static List<List<Placed>> columns(List<Placed> placed) {
        placed.sort(Comparator.comparingDouble(Placed::y));
        double gutter = gutter(placed);
        if (Double.isNaN(gutter)) {
            return List.of(placed);
        }
        List<List<Placed>> groups = new ArrayList<>();
        List<Placed> left = new ArrayList<>();
        List<Placed> right = new ArrayList<>();
        for (Placed p : placed) {
            if (p.x1() <= gutter) {
                left.add(p);
            } else if (p.x0() >= gutter) {
                right.add(p);
            } else {
                // A line across the gutter ends the columns above it.
                addColumns(groups, left, right);
                left = new ArrayList<>();
                right = new ArrayList<>();
                groups.add(new ArrayList<>(List.of(p)));
            }
        }
        addColumns(groups, left, right);
        // Consecutive single full-width lines read as one group (a paragraph across both columns).
        List<List<Placed>> merged = new ArrayList<>();
        for (List<Placed> g : groups) {
            List<Placed> last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && g.size() == 1 && spans(last.get(0), gutter) && spans(g.get(0), gutter)) {
                last.add(g.get(0));
            } else {
                merged.add(g);
            }
        }
        return merged;
    }

    private static boolean spans(Placed p, double gutter) {
        return p.x0() < gutter && p.x1() > gutter;
    }

    private static void addColumns(List<List<Placed>> groups, List<Placed> left, List<Placed> right) {
        if (!left.isEmpty()) {
            groups.add(left);
        }
        if (!right.isEmpty()) {
            groups.add(right);
        }
    }

    /** Lines a column must hold on each side of a gutter for a page to be read as two columns. */
    static final int MIN_COLUMN_LINES = 4;

    /** The x of the gutter between two columns of text, or NaN when the page is not set in two columns. */
    private static double gutter(List<Placed> placed) {
        if (placed.size() < 2 * MIN_COLUMN_LINES) {
            return Double.NaN;
        }
        double minX = placed.stream().mapToDouble(Placed::x0).min().orElse(0);
        double maxX = placed.stream().mapToDouble(Placed::x1).max().orElse(0);
        double span = maxX - minX;
        if (span <= 0) {
            return Double.NaN;
        }
        // Lines covering each 1/200 of the text's width, in the middle 40 %: the gutter is the emptiest run there.
        int bins = 200;
        int[] cover = new int[bins];
        for (Placed p : placed) {
            int a = (int) Math.max(0, Math.floor((p.x0() - minX) / span * bins));
            int b = (int) Math.min(bins - 1, Math.floor((p.x1() - minX) / span * bins));
            for (int i = a; i <= b; i++) {
                cover[i]++;
            }
        }
        int lo = bins * 3 / 10;
        int hi = bins * 7 / 10;
        int least = Integer.MAX_VALUE;
        for (int i = lo; i < hi; i++) {
            least = Math.min(least, cover[i]);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = lo; i < hi; i++) {
            if (cover[i] != least) {
                continue;
            }
            int j = i;
            while (j + 1 < hi && cover[j + 1] == least) {
                j++;
            }
            if (j - i + 1 > bestLen) {
                bestLen = j - i + 1;
                bestStart = i;
            }
            i = j;
        }
        double gutter = minX + (bestStart + bestLen / 2.0) / bins * span;
        List<Placed> left = new ArrayList<>();
        List<Placed> right = new ArrayList<>();
        int across = 0;
        for (Placed p : placed) {
            if (p.x1() <= gutter) {
                left.add(p);
            } else if (p.x0() >= gutter) {
                right.add(p);
            } else {
                across++;
            }
        }
        if (left.size() < MIN_COLUMN_LINES || right.size() < MIN_COLUMN_LINES || across > placed.size() / 4) {
            return Double.NaN;
        }
        // Prose fills its column; a table's cells, a form's values do not.
        double leftWidth = gutter - left.stream().mapToDouble(Placed::x0).min().orElse(gutter);
        double rightWidth = right.stream().mapToDouble(Placed::x1).max().orElse(gutter) - gutter;
        if (left.stream().mapToDouble(p -> p.x1() - p.x0()).average().orElse(0) < 0.5 * leftWidth
                || right.stream().mapToDouble(p -> p.x1() - p.x0()).average().orElse(0) < 0.5 * rightWidth) {
            return Double.NaN;
        }
        if (!filled(left) || !filled(right)) {
            return Double.NaN;
        }
        // Side by side: most right-column lines share their height on the page with a left-column line.
        int beside = 0;
        for (Placed r : right) {
            for (Placed l : left) {
                if (Math.abs(l.y() - r.y()) < 0.5 * Math.min(l.h(), r.h())) {
                    beside++;
                    break;
                }
            }
        }
        return beside * 2 >= right.size() ? gutter : Double.NaN;
    }

    /** Whether at least half of a column's lines end within two line heights of its right edge (wrapped prose). */
    private static boolean filled(List<Placed> column) {
        double edge = column.stream().mapToDouble(Placed::x1).max().orElse(0);
        long atEdge = column.stream().filter(p -> edge - p.x1() < 2 * p.h()).count();
        return atEdge * 2 >= column.size();
    }

    /**
     * Gap between two lines of one visual row, in line heights, from which they are separate cells: the detector
     * already joins the characters and words of one phrase into one box, so two boxes on one row stand apart by
     * at least about a character's width (a CJK character is about as wide as the line is high).
     */
    static final double CELL_GAP = 0.8;
    /**
     * Narrower gaps still separate cells where the right-hand line starts, within half a line height, where a
     * cell starts in a row close above or below (a column of a ruled or aligned table).
     */
    static final double ALIGNED_CELL_GAP = 0.4;
    /** Rows above and below a row that are looked at for the columns of a table. */
    private static final int COLUMN_ROWS = 3;
    /** A label ending in a colon keeps its value in its cell up to this gap, in line heights (a form's row). */
    static final double LABEL_GAP = 6;

    /** Rows, cells, paragraphs and tables of one group of lines (sorted by y), appended to the page's. */
    private static void layout(List<Placed> placed, List<OcrLine> ordered, List<OcrBlock> blocks) {
        // Visual rows: a line joins the row its vertical extent overlaps by at least half the smaller height (on
        // the page turned level, lines of one row share a baseline; residual tilt and boxes of different heights
        // move their centres, not their overlap).
        List<List<Placed>> rows = new ArrayList<>();
        for (Placed p : placed) {
            List<Placed> row = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (row != null && overlap(p, row) >= 0.5 * Math.min(p.h(), meanH(row))) {
                row.add(p);
            } else {
                row = new ArrayList<>();
                row.add(p);
                rows.add(row);
            }
        }
        // Where cells start in each row: after a gap of CELL_GAP line heights (a label's colon aside).
        List<List<Double>> starts = new ArrayList<>();
        for (List<Placed> row : rows) {
            row.sort(Comparator.comparingDouble(Placed::x0));
            List<Double> s = new ArrayList<>();
            double rh = meanH(row);
            for (int k = 1; k < row.size(); k++) {
                if (splits(row.get(k - 1), row.get(k), rh, false)) {
                    s.add(row.get(k).x0());
                }
            }
            starts.add(s);
        }
        List<List<List<OcrLine>>> cellsPerRow = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<Placed> row = rows.get(r);
            List<List<OcrLine>> cells = new ArrayList<>();
            List<OcrLine> cell = new ArrayList<>();
            double rh = meanH(row);
            for (int k = 0; k < row.size(); k++) {
                Placed p = row.get(k);
                ordered.add(p.line());
                if (k > 0 && (splits(row.get(k - 1), p, rh, false)
                        || splits(row.get(k - 1), p, rh, true) && column(starts, r, p.x0(), rh))) {
                    cells.add(cell);
                    cell = new ArrayList<>();
                }
                cell.add(p.line());
            }
            cells.add(cell);
            cellsPerRow.add(cells);
        }
        double pageRight = placed.stream().mapToDouble(Placed::x1).max().orElse(0);
        // A margin is where several rows end: the widest line of a page alone does not make one.
        long atMargin = rows.stream().filter(r -> r.get(r.size() - 1).x1() >= pageRight - 2 * meanH(r)).count();
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            if (cellsPerRow.get(i).size() >= 2) {
                while (j + 1 < rows.size() && cellsPerRow.get(j + 1).size() >= 2 && gap(rows, j) < 1.5 * meanH(rows.get(j))) {
                    j++;
                }
                if (j > i) {
                    List<List<OcrLine>> table = new ArrayList<>();
                    List<Boolean> continued = new ArrayList<>();
                    for (int k = i; k <= j; k++) {
                        table.add(joinCells(cellsPerRow.get(k)));
                        continued.add(false);
                    }
                    blocks.add(new OcrBlock(true, table, continued));
                    i = j + 1;
                    continue;
                }
            }
            List<List<OcrLine>> para = new ArrayList<>();
            List<Boolean> continued = new ArrayList<>();
            para.add(joinCells(cellsPerRow.get(i)));
            continued.add(false);
            while (j + 1 < rows.size() && (cellsPerRow.get(j + 1).size() < 2 || !tableStarts(cellsPerRow, rows, j + 1))
                    && gap(rows, j) < 0.8 * meanH(rows.get(j))) {
                j++;
                para.add(joinCells(cellsPerRow.get(j)));
                // A row that ran to the right margin wrapped: the next row goes on with its text.
                List<Placed> prev = rows.get(j - 1);
                String prevText = prev.get(prev.size() - 1).line().text();
                continued.add(atMargin >= 2 && cellsPerRow.get(j - 1).size() == 1 && cellsPerRow.get(j).size() == 1
                        && prev.get(prev.size() - 1).x1() >= pageRight - 2 * meanH(prev)
                        && "。.；;：:！!？?）)".indexOf(prevText.charAt(prevText.length() - 1)) < 0
                        && !LABEL_START.matcher(rows.get(j).get(0).line().text()).find());
            }
            blocks.add(new OcrBlock(false, para, continued));
            i = j + 1;
        }
    }

    /** How far a line's vertical extent overlaps a row's (the row's mean centre and height). */
    private static double overlap(Placed p, List<Placed> row) {
        double y = meanY(row);
        double h = meanH(row);
        return Math.min(p.y() + p.h() / 2, y + h / 2) - Math.max(p.y() - p.h() / 2, y - h / 2);
    }

    /**
     * Whether {@code b} starts a new cell after {@code a} on one row of height {@code rh}: a gap wider than
     * {@link #CELL_GAP} line heights ({@link #ALIGNED_CELL_GAP} when {@code aligned}), except after a label that
     * ends in a colon, whose value stays with it on its line up to {@link #LABEL_GAP}.
     */
    private static boolean splits(Placed a, Placed b, double rh, boolean aligned) {
        double gap = b.x0() - a.x1();
        String t = a.line().text();
        if (!t.isEmpty() && "：:".indexOf(t.charAt(t.length() - 1)) >= 0 && gap < LABEL_GAP * rh) {
            return false;
        }
        return gap > (aligned ? ALIGNED_CELL_GAP : CELL_GAP) * rh;
    }

    /** Whether a cell starts within half a line height of {@code x} in a row close to row {@code r}. */
    private static boolean column(List<List<Double>> starts, int r, double x, double rh) {
        for (int k = Math.max(0, r - COLUMN_ROWS); k <= Math.min(starts.size() - 1, r + COLUMN_ROWS); k++) {
            if (k == r) {
                continue;
            }
            for (double s : starts.get(k)) {
                if (Math.abs(s - x) < 0.5 * rh) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean tableStarts(List<List<List<OcrLine>>> cells, List<List<Placed>> rows, int k) {
        return k + 1 < rows.size() && cells.get(k + 1).size() >= 2 && gap(rows, k) < 1.5 * meanH(rows.get(k));
    }

    /** The empty space between row {@code j} and the next. */
    private static double gap(List<List<Placed>> rows, int j) {
        List<Placed> a = rows.get(j);
        List<Placed> b = rows.get(j + 1);
        return (meanY(b) - meanH(b) / 2) - (meanY(a) + meanH(a) / 2);
    }

    private static double meanY(List<Placed> row) {
        return row.stream().mapToDouble(Placed::y).average().orElse(0);
    }

    private static double meanH(List<Placed> row) {
        return row.stream().mapToDouble(Placed::h).average().orElse(1);
    }

    /** A cell's lines as one line (the text joined; the box of the first line widened to the last). */
    private static List<OcrLine> joinCells(List<List<OcrLine>> cells) {
        List<OcrLine> out = new ArrayList<>();
        for (List<OcrLine> c : cells) {
            OcrLine l = join(c);
            if (cells.size() > 1 && l.text().equals("一")) {
                // A cell holding only a dash reads as the character 一 (one).
                l = new OcrLine("—", l.confidence(), l.box());
            }
            out.add(l);
        }
        return out;
    }

    static OcrLine join(List<OcrLine> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        StringBuilder sb = new StringBuilder();
        double conf = 0;
        for (OcrLine p : parts) {
            if (sb.length() > 0 && !(OcrBlock.cjk(sb.charAt(sb.length() - 1)) && OcrBlock.cjk(p.text().charAt(0)))) {
                sb.append(' ');
            }
            sb.append(p.text());
            conf += p.confidence();
        }
        double[] a = parts.get(0).box();
        double[] z = parts.get(parts.size() - 1).box();
        double[] box = { a[0], a[1], z[2], z[3], z[4], z[5], a[6], a[7] };
        return new OcrLine(sb.toString(), conf / parts.size(), box);
    }

    /** The median direction of the long lines, radians. */
    private static double skew(List<OcrLine> lines) {
        List<Double> angles = new ArrayList<>();
        for (OcrLine l : lines) {
            double[] b = l.box();
            double len = Math.hypot(b[2] - b[0], b[3] - b[1]);
            if (len > 4 * l.height()) {
                angles.add(Math.atan2(b[3] - b[1], b[2] - b[0]));
            }
        }
        if (angles.isEmpty()) {
            return 0;
        }
        angles.sort(null);
        return angles.get(angles.size() / 2);
    }
}
