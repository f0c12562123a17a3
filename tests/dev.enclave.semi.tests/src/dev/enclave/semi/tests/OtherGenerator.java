package dev.enclave.semi.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.enclave.semi.WaferMap;

/**
 * A second wafer-map generator, written independently of the pack's and deliberately
 * different: square-ish grids of 24–90 dies plus a few large ones, wafers cut by whole
 * dies, Gaussian densities instead of hard shapes, Loc clusters grown by random walks,
 * scratches as Bresenham lines, rings as exponential fall-off from the edge. The
 * classifier never saw these maps in training.
 */
final class OtherGenerator {
    private final SplittableRandom rnd;

    OtherGenerator(long seed) {
        rnd = new SplittableRandom(seed);
    }

    List<WaferMap> maps(int perClass) {
        List<WaferMap> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String label : WaferMap.PATTERNS) {
                out.add(map("o" + out.size(), label));
            }
        }
        return out;
    }

    WaferMap map(String id, String label) {
        int n = rnd.nextDouble() < 0.1 ? rnd.nextInt(120, 260) : rnd.nextInt(24, 91);
        int rows = n, cols = rnd.nextBoolean() ? n : Math.max(20, (int) (n * (0.8 + 0.4 * rnd.nextDouble())));
        double cy = (rows - 1) / 2.0, cx = (cols - 1) / 2.0;
        double ry = rows / 2.0 - 0.5, rx = cols / 2.0 - 0.5;
        double[][] p = new double[rows][cols];
        boolean[][] in = new boolean[rows][cols];
        double base = switch (label) {
            case "none" -> rnd.nextDouble() * 0.03;
            case "Random" -> 0.18 + rnd.nextDouble() * 0.3;
            case "Near-full" -> 0.75 + rnd.nextDouble() * 0.23;
            default -> rnd.nextDouble() * 0.04;
        };
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double dy = (y - cy) / ry, dx = (x - cx) / rx;
                in[y][x] = dx * dx + dy * dy <= 1.0;
                p[y][x] = base;
            }
        }
        double a = rnd.nextDouble() * Math.PI * 2;
        switch (label) {
            case "Center" -> gauss(p, in, cy + rnd.nextDouble(-0.05, 0.05) * rows, cx + rnd.nextDouble(-0.05, 0.05) * cols,
                    (0.12 + 0.15 * rnd.nextDouble()) * rows, (0.12 + 0.15 * rnd.nextDouble()) * cols, 0.95);
            case "Donut" -> {
                double r0 = 0.3 + 0.2 * rnd.nextDouble(), w = 0.08 + 0.06 * rnd.nextDouble();
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        double r = Math.hypot((y - cy) / ry, (x - cx) / rx);
                        p[y][x] = Math.max(p[y][x], 0.9 * Math.exp(-Math.pow((r - r0) / w, 2)));
                    }
                }
            }
            case "Edge-Ring" -> {
                double w = 0.03 + 0.05 * rnd.nextDouble();
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        double r = Math.hypot((y - cy) / ry, (x - cx) / rx);
                        p[y][x] = Math.max(p[y][x], 0.95 * Math.exp(-(1 - r) / w));
                    }
                }
            }
            case "Edge-Loc" -> gauss(p, in, cy + Math.sin(a) * ry * 0.95, cx + Math.cos(a) * rx * 0.95,
                    (0.08 + 0.1 * rnd.nextDouble()) * rows, (0.08 + 0.1 * rnd.nextDouble()) * cols, 0.95);
            case "Loc" -> walk(p, in, cy + Math.sin(a) * ry * (0.3 + 0.3 * rnd.nextDouble()),
                    cx + Math.cos(a) * rx * (0.3 + 0.3 * rnd.nextDouble()), (int) (rows * cols * (0.01 + 0.03 * rnd.nextDouble())));
            case "Scratch" -> {
                double len = (0.5 + 0.6 * rnd.nextDouble()) * Math.min(rows, cols);
                // start well inside the wafer so that most of the line lies on it
                double sy = cy + rnd.nextDouble(-0.25, 0.25) * rows, sx = cx + rnd.nextDouble(-0.25, 0.25) * cols;
                line(p, (int) sy, (int) sx, (int) (sy + Math.sin(a) * len), (int) (sx + Math.cos(a) * len),
                        rows > 80 ? 1 : 0);
            }
            default -> {
            }
        }
        byte[] cells = new byte[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                cells[y * cols + x] = !in[y][x] ? WaferMap.OFF : rnd.nextDouble() < p[y][x] ? WaferMap.FAIL : WaferMap.GOOD;
            }
        }
        return new WaferMap(id, label, rows, cols, cells);
    }

    private static void gauss(double[][] p, boolean[][] in, double y0, double x0, double sy, double sx, double peak) {
        for (int y = 0; y < p.length; y++) {
            for (int x = 0; x < p[0].length; x++) {
                double e = Math.pow((y - y0) / sy, 2) + Math.pow((x - x0) / sx, 2);
                p[y][x] = Math.max(p[y][x], peak * Math.exp(-e * e / 2));
            }
        }
    }

    private void walk(double[][] p, boolean[][] in, double y0, double x0, int steps) {
        int y = (int) y0, x = (int) x0;
        for (int i = 0; i < Math.max(12, steps); i++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy, xx = x + dx;
                    if (yy >= 0 && xx >= 0 && yy < p.length && xx < p[0].length) {
                        p[yy][xx] = Math.max(p[yy][xx], 0.9);
                    }
                }
            }
            y += rnd.nextInt(-1, 2);
            x += rnd.nextInt(-1, 2);
            // drift back towards the seed keeps the cluster compact
            y += Integer.signum((int) y0 - y) * (rnd.nextDouble() < 0.2 ? 1 : 0);
            x += Integer.signum((int) x0 - x) * (rnd.nextDouble() < 0.2 ? 1 : 0);
        }
    }

    private static void line(double[][] p, int y0, int x0, int y1, int x1, int thick) {
        int dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            for (int t = -thick; t <= thick; t++) {
                int yy = dx > -dy ? y0 + t : y0, xx = dx > -dy ? x0 : x0 + t;
                if (yy >= 0 && xx >= 0 && yy < p.length && xx < p[0].length) {
                    p[yy][xx] = Math.max(p[yy][xx], 0.92);
                }
            }
            if (x0 == x1 && y0 == y1) {
                break;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }
}
