package dev.enclave.ocr.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.enclave.ocr.OcrBlock;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;

/**
 * Reading order: lines are placed on a level page (turned back by the page's median tilt), gathered
 * into visual rows, split into cells where a row has wide gaps, and rows grouped into paragraphs (close
 * rows of one cell) and tables (two or more consecutive rows of two or more cells).
 */
final class Layout {
    private Layout() {
    }

    private record Placed(OcrLine line, double x0, double x1, double y, double h) {
    }

    static OcrPage page(int w, int h, List<OcrLine> lines) {
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
        placed.sort(Comparator.comparingDouble(Placed::y));
        // Visual rows: a line joins the row whose centre is within half a line height.
        List<List<Placed>> rows = new ArrayList<>();
        for (Placed p : placed) {
            List<Placed> row = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (row != null && Math.abs(p.y() - meanY(row)) < 0.5 * Math.min(p.h(), meanH(row))) {
                row.add(p);
            } else {
                row = new ArrayList<>();
                row.add(p);
                rows.add(row);
            }
        }
        List<OcrLine> ordered = new ArrayList<>();
        List<List<List<OcrLine>>> cellsPerRow = new ArrayList<>();
        for (List<Placed> row : rows) {
            row.sort(Comparator.comparingDouble(Placed::x0));
            List<List<OcrLine>> cells = new ArrayList<>();
            List<OcrLine> cell = new ArrayList<>();
            double lastEnd = Double.NaN;
            double rh = meanH(row);
            for (Placed p : row) {
                ordered.add(p.line());
                if (!cell.isEmpty() && p.x0() - lastEnd > 1.5 * rh) {
                    cells.add(cell);
                    cell = new ArrayList<>();
                }
                cell.add(p.line());
                lastEnd = p.x1();
            }
            cells.add(cell);
            cellsPerRow.add(cells);
        }
        double pageRight = placed.stream().mapToDouble(Placed::x1).max().orElse(0);
        List<OcrBlock> blocks = new ArrayList<>();
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
                continued.add(cellsPerRow.get(j - 1).size() == 1 && cellsPerRow.get(j).size() == 1
                        && prev.get(prev.size() - 1).x1() >= pageRight - 2 * meanH(prev)
                        && "。.；;：:！!？?）)".indexOf(prevText.charAt(prevText.length() - 1)) < 0);
            }
            blocks.add(new OcrBlock(false, para, continued));
            i = j + 1;
        }
        return new OcrPage(w, h, Math.toDegrees(skew), ordered, blocks);
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
