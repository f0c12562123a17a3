package dev.enclave.semi;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic wafer maps of the nine WM-811K classes with broad, realistic variation:
 * grid sizes and aspect ratios (non-square dies), wafer outlines with edge exclusion,
 * notches and flats, background failure rates with radial gradients, partial rings,
 * Edge-Loc arcs and edge blobs, irregular Loc clusters, offset centres, Donut annuli,
 * straight and curved scratches of varying width with gaps, Random and Near-full
 * densities. Shapes are drawn in wafer coordinates (the wafer is the unit circle), so a
 * map stays physically round whatever its grid aspect.
 *
 * <p>This is what the shipped classifier was trained on and what {@code enclave wafer generate}
 * writes; tests and partner packs use it for labelled maps. Deterministic: the same seed gives the
 * same maps. Not thread-safe.
 */
public final class WaferGenerator {
    private final Random random;
    private final int minSize;
    private final int maxSize;

    /** A generator for grids of 20–150 cells (occasionally up to 300). */
    public WaferGenerator(long seed) {
        this(seed, 20, 150);
    }

    /**
     * @param minSize smallest grid side
     * @param maxSize largest typical grid side (one map in 20 may reach 300)
     */
    public WaferGenerator(long seed, int minSize, int maxSize) {
        this.random = new Random(seed);
        this.minSize = minSize;
        this.maxSize = maxSize;
    }

    /** A map of a uniformly drawn class. */
    public WaferMap next(String id) {
        return next(id, WaferMap.PATTERNS.get(random.nextInt(WaferMap.PATTERNS.size())));
    }

    /** A map of the given class (one of {@link WaferMap#PATTERNS}). */
    public WaferMap next(String id, String label) {
        int label_ = WaferMap.PATTERNS.indexOf(label);
        if (label_ < 0) {
            throw new IllegalArgumentException("unknown class " + label);
        }
        Grid g = grid();
        float[] p = new float[g.rows * g.cols];
        double bg = background(label);
        double gradient = random.nextDouble() < 0.4 ? random.nextDouble() * 3 : 0;
        double gradientAngle = random.nextDouble() * 2 * Math.PI;
        double tilt = random.nextDouble() < 0.3 ? random.nextDouble() * 0.6 : 0;
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double rho = Math.hypot(g.u[i], g.v[i]);
                double side = 1 + tilt * (g.u[i] * Math.cos(gradientAngle) + g.v[i] * Math.sin(gradientAngle));
                p[i] = (float) Math.min(1, bg * (1 + gradient * Math.pow(rho, 4)) * side);
            }
        }
        switch (label) {
            case "Center" -> center(g, p);
            case "Donut" -> donut(g, p);
            case "Edge-Loc" -> edgeLoc(g, p);
            case "Edge-Ring" -> edgeRing(g, p);
            case "Loc" -> loc(g, p);
            case "Near-full" -> nearFull(g, p);
            case "Random" -> randomPattern(g, p);
            case "Scratch" -> scratch(g, p);
            default -> none(g, p);
        }
        if (!label.equals("none") && random.nextDouble() < 0.15) {
            none(g, p);
        }
        byte[] cells = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            cells[i] = !g.on[i] ? WaferMap.OFF : random.nextDouble() < p[i] ? WaferMap.FAIL : WaferMap.GOOD;
        }
        return new WaferMap(id, label, g.rows, g.cols, cells);
    }

    // --- wafer outline

    /** Die positions in wafer coordinates and which positions carry a die. */
    static final class Grid {
        int rows, cols;
        double[] u, v;
        boolean[] on;
        double dieU, dieV; // one die's size in wafer coordinates
    }

    private Grid grid() {
        Grid g = new Grid();
        double t = random.nextDouble();
        int side;
        if (random.nextDouble() < 0.03) {
            side = 150 + random.nextInt(151);
        } else {
            // more small and medium grids, like WM-811K
            side = minSize + (int) Math.round((maxSize - minSize) * t * t);
        }
        double aspect = random.nextDouble() < 0.35 ? 1 : Math.exp((random.nextDouble() * 2 - 1) * 0.4);
        g.rows = clamp((int) Math.round(side * Math.sqrt(aspect)));
        g.cols = clamp((int) Math.round(side / Math.sqrt(aspect)));
        double margin = random.nextInt(4) * 0.5;
        double ay = g.rows / 2.0 - margin, ax = g.cols / 2.0 - margin;
        double cy = g.rows / 2.0 + (random.nextDouble() - 0.5) * 0.6, cx = g.cols / 2.0 + (random.nextDouble() - 0.5) * 0.6;
        g.dieU = 1 / ax;
        g.dieV = 1 / ay;
        int n = g.rows * g.cols;
        g.u = new double[n];
        g.v = new double[n];
        g.on = new boolean[n];
        boolean corners = random.nextBoolean(); // whole die inside, or its centre only
        double exclusion = random.nextDouble() < 0.5 ? 0 : random.nextDouble() * 0.05;
        int notch = random.nextDouble() < 0.5 ? -1 : random.nextInt(4);
        double notchSize = (1 + random.nextInt(3)) * Math.max(g.dieU, g.dieV) * 0.5 + 0.02;
        double flat = random.nextDouble() < 0.15 ? 0.9 + random.nextDouble() * 0.08 : 2;
        int flatSide = random.nextInt(4);
        for (int r = 0; r < g.rows; r++) {
            for (int c = 0; c < g.cols; c++) {
                int i = r * g.cols + c;
                double u = (c + 0.5 - cx) / ax, v = (r + 0.5 - cy) / ay;
                g.u[i] = u;
                g.v[i] = v;
                double limit = 1 - exclusion;
                boolean in;
                if (corners) {
                    double hu = 0.5 / ax, hv = 0.5 / ay;
                    in = Math.hypot(Math.abs(u) + hu, Math.abs(v) + hv) <= limit + 0.02;
                } else {
                    in = Math.hypot(u, v) <= limit;
                }
                if (in && notch >= 0) {
                    double nu = notch == 0 ? 0 : notch == 1 ? 0 : notch == 2 ? -1 : 1;
                    double nv = notch == 0 ? 1 : notch == 1 ? -1 : 0;
                    in = Math.hypot(u - nu, v - nv) > notchSize;
                }
                if (in && flat < 1) {
                    double d = flatSide == 0 ? v : flatSide == 1 ? -v : flatSide == 2 ? u : -u;
                    in = d < flat;
                }
                g.on[i] = in;
            }
        }
        return g;
    }

    private static int clamp(int n) {
        return Math.max(WaferMap.MIN_SIZE, Math.min(WaferMap.MAX_SIZE, n));
    }

    // --- background

    private double background(String label) {
        double t = random.nextDouble();
        return switch (label) {
            case "none" -> 0.06 * t * t;
            case "Random", "Near-full" -> 0;
            default -> random.nextDouble() < 0.15 ? 0 : 0.08 * t * t;
        };
    }

    // --- patterns; each raises the failure probability p of the dies it covers

    private double intensity() {
        return 0.45 + 0.55 * Math.sqrt(random.nextDouble());
    }

    /** Soft membership: 1 inside ({@code d < 0}), 0 outside, over a soft edge. */
    private static double soft(double d, double softness) {
        return 1 / (1 + Math.exp(d / Math.max(1e-3, softness)));
    }

    /** An irregular closed shape: radius at an angle with low harmonics. */
    private final class Blob {
        final double cu, cv, radius, stretch, rot, a2, a3, p2, p3;

        Blob(double cu, double cv, double radius, double irregular) {
            this.cu = cu;
            this.cv = cv;
            this.radius = radius;
            this.stretch = Math.exp((random.nextDouble() * 2 - 1) * 0.35 * irregular);
            this.rot = random.nextDouble() * Math.PI;
            this.a2 = random.nextDouble() * 0.2 * irregular;
            this.a3 = random.nextDouble() * 0.15 * irregular;
            this.p2 = random.nextDouble() * 2 * Math.PI;
            this.p3 = random.nextDouble() * 2 * Math.PI;
        }

        /** Signed distance-like value: negative inside. */
        double distance(double u, double v) {
            double du = u - cu, dv = v - cv;
            double x = du * Math.cos(rot) + dv * Math.sin(rot), y = -du * Math.sin(rot) + dv * Math.cos(rot);
            x /= stretch;
            y *= stretch;
            double d = Math.hypot(x, y), th = Math.atan2(y, x);
            double r = radius * (1 + a2 * Math.cos(2 * th + p2) + a3 * Math.cos(3 * th + p3));
            return d - r;
        }
    }

    private void raise(Grid g, float[] p, int i, double value) {
        if (value > p[i]) {
            p[i] = (float) Math.min(1, value);
        }
    }

    private void center(Grid g, float[] p) {
        double off = random.nextDouble() * 0.15, ang = random.nextDouble() * 2 * Math.PI;
        double radius = 0.12 + random.nextDouble() * 0.38;
        Blob b = new Blob(off * Math.cos(ang), off * Math.sin(ang), radius, random.nextDouble());
        double in = intensity(), softness = 0.01 + random.nextDouble() * 0.07;
        boolean graded = random.nextBoolean();
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double d = b.distance(g.u[i], g.v[i]);
                double core = graded ? Math.max(0.5, 1 - Math.max(0, d + radius) / radius * 0.5) : 1;
                raise(g, p, i, in * core * soft(d, softness));
            }
        }
    }

    private void donut(Grid g, float[] p) {
        double off = random.nextDouble() * 0.1, ang = random.nextDouble() * 2 * Math.PI;
        double cu = off * Math.cos(ang), cv = off * Math.sin(ang);
        double inner = 0.12 + random.nextDouble() * 0.33;
        double width = 0.08 + random.nextDouble() * 0.25;
        width = Math.max(Math.min(width, 0.85 - inner), 2.2 * Math.max(g.dieU, g.dieV));
        double in = intensity(), softness = 0.01 + random.nextDouble() * 0.05;
        double coverage = random.nextDouble() < 0.55 ? 2 * Math.PI : (0.6 + random.nextDouble() * 0.35) * 2 * Math.PI;
        double start = random.nextDouble() * 2 * Math.PI;
        double stretch = Math.exp((random.nextDouble() * 2 - 1) * 0.15);
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double du = (g.u[i] - cu) * stretch, dv = (g.v[i] - cv) / stretch;
                double rho = Math.hypot(du, dv);
                double d = Math.abs(rho - (inner + width / 2)) - width / 2;
                double th = angle(Math.atan2(dv, du) - start);
                if (th <= coverage) {
                    raise(g, p, i, in * soft(d, softness));
                }
            }
        }
    }

    private static double angle(double a) {
        a %= 2 * Math.PI;
        return a < 0 ? a + 2 * Math.PI : a;
    }

    private double minWidth(Grid g, double dies) {
        return dies * Math.max(g.dieU, g.dieV);
    }

    private void edgeRing(Grid g, float[] p) {
        double width = Math.max(0.04 + random.nextDouble() * 0.14, minWidth(g, 1.3));
        double in = intensity();
        double coverage = random.nextDouble() < 0.5 ? 2 * Math.PI : (0.65 + random.nextDouble() * 0.35) * 2 * Math.PI;
        double start = random.nextDouble() * 2 * Math.PI;
        double wobble = random.nextDouble() * 0.4, ph = random.nextDouble() * 6.3;
        int k = 1 + random.nextInt(4);
        double edge = outerRadius(g);
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double rho = Math.hypot(g.u[i], g.v[i]);
                double th = Math.atan2(g.v[i], g.u[i]);
                if (angle(th - start) > coverage) {
                    continue;
                }
                double w = width * (1 + wobble * Math.sin(k * th + ph));
                double local = in * (1 - 0.3 * wobble * (1 + Math.cos(k * th + 2 * ph)) / 2);
                raise(g, p, i, local * soft(edge - w - rho, 0.01));
            }
        }
    }

    /** The radius of the outermost dies (edge exclusion makes it less than 1). */
    private static double outerRadius(Grid g) {
        double m = 0;
        for (int i = 0; i < g.on.length; i++) {
            if (g.on[i]) {
                m = Math.max(m, Math.hypot(g.u[i], g.v[i]));
            }
        }
        return m + 0.5 * Math.max(g.dieU, g.dieV);
    }

    private void edgeLoc(Grid g, float[] p) {
        double in = intensity();
        double center = random.nextDouble() * 2 * Math.PI;
        double edge = outerRadius(g);
        if (random.nextBoolean()) {
            // an arc segment of the edge band
            double extent = (20 + random.nextDouble() * 100) * Math.PI / 180;
            double width = Math.max(0.06 + random.nextDouble() * 0.25, minWidth(g, 1.5));
            for (int i = 0; i < p.length; i++) {
                if (g.on[i]) {
                    double rho = Math.hypot(g.u[i], g.v[i]);
                    double th = angle(Math.atan2(g.v[i], g.u[i]) - center + Math.PI) - Math.PI;
                    double taper = 1 - Math.pow(Math.abs(th) / (extent / 2), 2);
                    if (taper > 0) {
                        double w = width * (0.4 + 0.6 * Math.sqrt(taper));
                        raise(g, p, i, in * soft(edge - w - rho, 0.015));
                    }
                }
            }
        } else {
            // a blob sitting on the edge
            double radius = 0.12 + random.nextDouble() * 0.25;
            double at = edge - radius * (0.1 + random.nextDouble() * 0.5);
            Blob b = new Blob(at * Math.cos(center), at * Math.sin(center), radius, random.nextDouble());
            double softness = 0.01 + random.nextDouble() * 0.05;
            for (int i = 0; i < p.length; i++) {
                if (g.on[i]) {
                    raise(g, p, i, in * soft(b.distance(g.u[i], g.v[i]), softness));
                }
            }
        }
    }

    private void loc(Grid g, float[] p) {
        double in = intensity();
        double radius = 0.06 + random.nextDouble() * 0.2;
        radius = Math.max(radius, minWidth(g, 1.5));
        double rho = 0.22 + random.nextDouble() * Math.max(0.01, 0.88 - 0.22 - radius);
        double ang = random.nextDouble() * 2 * Math.PI;
        int parts = 1 + random.nextInt(3);
        Blob[] blobs = new Blob[parts];
        for (int k = 0; k < parts; k++) {
            double du = k == 0 ? 0 : (random.nextDouble() - 0.5) * radius * 1.5;
            double dv = k == 0 ? 0 : (random.nextDouble() - 0.5) * radius * 1.5;
            blobs[k] = new Blob(rho * Math.cos(ang) + du, rho * Math.sin(ang) + dv,
                    radius * (k == 0 ? 1 : 0.5 + random.nextDouble() * 0.4), 1);
        }
        double softness = 0.01 + random.nextDouble() * 0.05;
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double d = Double.MAX_VALUE;
                for (Blob b : blobs) {
                    d = Math.min(d, b.distance(g.u[i], g.v[i]));
                }
                raise(g, p, i, in * soft(d, softness));
            }
        }
    }

    private void nearFull(Grid g, float[] p) {
        double level = 0.6 + random.nextDouble() * 0.4;
        // sometimes a few dies or a small region survive
        Blob spared = random.nextDouble() < 0.3
                ? new Blob(random.nextDouble() - 0.5, random.nextDouble() - 0.5, 0.1 + random.nextDouble() * 0.2, 1)
                : null;
        double spare = random.nextDouble() * 0.5;
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double q = level;
                if (spared != null && spared.distance(g.u[i], g.v[i]) < 0) {
                    q *= 1 - spare;
                }
                p[i] = (float) Math.max(p[i], q);
            }
        }
    }

    private void randomPattern(Grid g, float[] p) {
        double level = 0.1 + random.nextDouble() * 0.45;
        double var = random.nextDouble() * 0.3, fu = 1 + random.nextDouble() * 3, fv = 1 + random.nextDouble() * 3;
        double ph = random.nextDouble() * 6.3;
        for (int i = 0; i < p.length; i++) {
            if (g.on[i]) {
                double q = level * (1 + var * Math.sin(fu * g.u[i] + ph) * Math.cos(fv * g.v[i] - ph));
                p[i] = (float) Math.max(p[i], q);
            }
        }
    }

    private void none(Grid g, float[] p) {
        // a few isolated tiny clusters, as on many good wafers
        int clusters = random.nextDouble() < 0.3 ? 1 + random.nextInt(3) : 0;
        for (int k = 0; k < clusters; k++) {
            double rho = Math.sqrt(random.nextDouble()) * 0.95, ang = random.nextDouble() * 2 * Math.PI;
            double radius = Math.max(g.dieU, g.dieV) * (0.6 + random.nextDouble() * 0.9);
            double cu = rho * Math.cos(ang), cv = rho * Math.sin(ang);
            for (int i = 0; i < p.length; i++) {
                if (g.on[i] && Math.hypot(g.u[i] - cu, g.v[i] - cv) < radius) {
                    raise(g, p, i, 0.8);
                }
            }
        }
    }

    private void scratch(Grid g, float[] p) {
        double in = 0.7 + 0.3 * random.nextDouble();
        int strokes = random.nextDouble() < 0.2 ? 2 : 1;
        double die = Math.max(g.dieU, g.dieV);
        double step = 0.3 * Math.min(g.dieU, g.dieV);
        for (int s = 0; s < strokes; s++) {
            // width in dies: mostly one or two dies, sometimes a wide scrape
            double dies = random.nextDouble() < 0.7 ? 1 + random.nextDouble() * 0.8 : 1.8 + random.nextDouble() * 1.7;
            double half = dies * 0.5 * die;
            double gapRate = random.nextDouble() < 0.4 ? random.nextDouble() * 0.25 : 0;
            List<double[]> path = null;
            for (int attempt = 0; attempt < 20 && path == null; attempt++) {
                double rho = Math.sqrt(random.nextDouble()) * 0.85, ang = random.nextDouble() * 2 * Math.PI;
                double x = rho * Math.cos(ang), y = rho * Math.sin(ang);
                double dir = random.nextDouble() * 2 * Math.PI;
                double length = 0.3 + random.nextDouble() * 1.7;
                double curvature = random.nextDouble() < 0.5 ? 0 : (random.nextDouble() * 2 - 1) * 2.2;
                List<double[]> points = new ArrayList<>();
                double inside = 0;
                for (double t = 0; t < length; t += step) {
                    dir += curvature * step;
                    x += Math.cos(dir) * step;
                    y += Math.sin(dir) * step;
                    points.add(new double[] { x, y });
                    if (Math.hypot(x, y) < 0.95) {
                        inside += step;
                    }
                }
                // a scratch must run over the wafer for a visible length, else it is no scratch
                if (inside >= 0.35) {
                    path = points;
                }
            }
            if (path == null) {
                path = List.of(new double[] { -0.3, 0 }, new double[] { 0.3, 0 });
            }
            boolean gap = false;
            for (double[] pt : path) {
                // gaps are short interruptions of a long stroke
                if (random.nextDouble() < gapRate * step * (gap ? 32 : 8)) {
                    gap = !gap;
                }
                if (!gap) {
                    stamp(g, p, pt[0], pt[1], half, in);
                }
            }
        }
    }

    /** Raises the dies within {@code half} of a point on a stroke. */
    private void stamp(Grid g, float[] p, double x, double y, double half, double value) {
        int c0 = (int) Math.floor((x - half) / g.dieU + g.cols / 2.0) - 1;
        int c1 = (int) Math.ceil((x + half) / g.dieU + g.cols / 2.0) + 1;
        int r0 = (int) Math.floor((y - half) / g.dieV + g.rows / 2.0) - 1;
        int r1 = (int) Math.ceil((y + half) / g.dieV + g.rows / 2.0) + 1;
        for (int r = Math.max(0, r0); r <= Math.min(g.rows - 1, r1); r++) {
            for (int c = Math.max(0, c0); c <= Math.min(g.cols - 1, c1); c++) {
                int i = r * g.cols + c;
                if (g.on[i] && Math.hypot(g.u[i] - x, g.v[i] - y) <= half) {
                    raise(g, p, i, value);
                }
            }
        }
    }
}
