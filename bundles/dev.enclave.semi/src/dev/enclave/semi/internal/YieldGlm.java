package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.YieldData;

/**
 * A generalised linear model for yield or defect outcomes: Poisson with log link for
 * counts, Gaussian with identity link otherwise, fitted by iteratively reweighted least
 * squares with a small ridge penalty (not on the intercept). Factors are one-hot coded
 * against their first level; numeric parameters are standardised and enter with a
 * linear and a quadratic term (so that an optimum inside the bounds can be found).
 * Optionally all two-way interactions between parameters.
 */
public final class YieldGlm {
    final boolean poisson;
    final boolean interactions;
    final double lambda;
    final List<String> names;
    final boolean[] factor;
    final List<List<String>> levels;
    final double[] mean, sd;
    /** Smallest and largest value of each numeric parameter in the training data. */
    final double[] min, max;
    double[] beta;

    private YieldGlm(boolean poisson, boolean interactions, double lambda, List<String> names, boolean[] factor,
            List<List<String>> levels, double[] mean, double[] sd, double[] min, double[] max) {
        this.poisson = poisson;
        this.interactions = interactions;
        this.lambda = lambda;
        this.names = names;
        this.factor = factor;
        this.levels = levels;
        this.mean = mean;
        this.sd = sd;
        this.min = min;
        this.max = max;
    }

    /** An unfitted model with the coding of {@code data}'s parameters. */
    public static YieldGlm design(YieldData data, boolean interactions, double lambda) {
        int p = data.parameters().size();
        List<List<String>> levels = new ArrayList<>();
        double[] mean = new double[p], sd = new double[p], min = new double[p], max = new double[p];
        for (int j = 0; j < p; j++) {
            if (data.factor()[j]) {
                TreeSet<String> set = new TreeSet<>();
                for (String[] v : data.values()) {
                    set.add(v[j]);
                }
                levels.add(List.copyOf(set));
            } else {
                levels.add(List.of());
                double s = 0, s2 = 0;
                min[j] = Double.POSITIVE_INFINITY;
                max[j] = Double.NEGATIVE_INFINITY;
                for (String[] v : data.values()) {
                    double x = Double.parseDouble(v[j]);
                    s += x;
                    s2 += x * x;
                    min[j] = Math.min(min[j], x);
                    max[j] = Math.max(max[j], x);
                }
                int n = data.values().size();
                mean[j] = s / n;
                sd[j] = Math.sqrt(Math.max(1e-12, s2 / n - mean[j] * mean[j]));
            }
        }
        return new YieldGlm(data.countOutcome(), interactions, lambda, data.parameters(), data.factor().clone(), levels,
                mean, sd, min, max);
    }

    /** The coded columns of one parameter's value (without intercept). */
    private double[] group(int j, String value) {
        if (factor[j]) {
            List<String> lv = levels.get(j);
            double[] g = new double[lv.size() - 1];
            int k = lv.indexOf(value);
            if (k < 0) {
                throw EnclaveException.badInput(names.get(j) + " = '" + value + "' was not in the training data ("
                        + String.join(", ", lv) + ").");
            }
            if (k > 0) {
                g[k - 1] = 1;
            }
            return g;
        }
        double z = (Double.parseDouble(value) - mean[j]) / sd[j];
        return new double[] { z, z * z };
    }

    /** The full design row of one run. */
    double[] row(String[] values) {
        List<double[]> groups = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            groups.add(group(j, values[j]));
        }
        List<Double> x = new ArrayList<>();
        x.add(1.0);
        for (double[] g : groups) {
            for (double v : g) {
                x.add(v);
            }
        }
        if (interactions) {
            for (int a = 0; a < groups.size(); a++) {
                for (int b = a + 1; b < groups.size(); b++) {
                    double[] ga = groups.get(a), gb = groups.get(b);
                    // numeric parameters interact through their linear term only
                    int na = factor[a] ? ga.length : 1, nb = factor[b] ? gb.length : 1;
                    for (int i = 0; i < na; i++) {
                        for (int k = 0; k < nb; k++) {
                            x.add(ga[i] * gb[k]);
                        }
                    }
                }
            }
        }
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.get(i);
        }
        return out;
    }

    /** Fits the model to the given runs (indices into {@code data}). */
    public YieldGlm fit(YieldData data, int[] rows) {
        int n = rows.length;
        double[][] x = new double[n][];
        double[] y = new double[n];
        double ybar = 0;
        for (int i = 0; i < n; i++) {
            x[i] = row(data.values().get(rows[i]));
            y[i] = data.outcome()[rows[i]];
            ybar += y[i];
        }
        ybar /= n;
        int p = x[0].length;
        double[] b = new double[p];
        b[0] = poisson ? Math.log(Math.max(ybar, 1e-3)) : ybar;
        for (int iter = 0; iter < 50; iter++) {
            double[][] a = new double[p][p];
            double[] r = new double[p];
            for (int i = 0; i < n; i++) {
                double eta = dot(x[i], b);
                double w, z;
                if (poisson) {
                    double mu = Math.exp(Math.min(eta, 30));
                    w = Math.max(mu, 1e-6);
                    z = eta + (y[i] - mu) / w;
                } else {
                    w = 1;
                    z = y[i];
                }
                for (int j = 0; j < p; j++) {
                    double xj = x[i][j];
                    if (xj == 0) {
                        continue;
                    }
                    r[j] += w * xj * z;
                    for (int k = 0; k <= j; k++) {
                        a[j][k] += w * xj * x[i][k];
                    }
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < j; k++) {
                    a[k][j] = a[j][k];
                }
                if (j > 0) {
                    a[j][j] += lambda;
                }
                a[j][j] += 1e-9;
            }
            double[] nb = solve(a, r);
            double change = 0;
            for (int j = 0; j < p; j++) {
                change = Math.max(change, Math.abs(nb[j] - b[j]));
            }
            b = nb;
            if (change < 1e-8 || !poisson) {
                break;
            }
        }
        YieldGlm fitted = new YieldGlm(poisson, interactions, lambda, names, factor, levels, mean, sd, min, max);
        fitted.beta = b;
        return fitted;
    }

    /** The predicted mean outcome of a run. */
    public double predict(String[] values) {
        double eta = dot(row(values), beta);
        return poisson ? Math.exp(Math.min(eta, 30)) : eta;
    }

    /** Number of coefficients. */
    public int coefficients() {
        return beta == null ? row(sample()).length : beta.length;
    }

    private String[] sample() {
        String[] v = new String[names.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = factor[j] ? levels.get(j).get(0) : String.valueOf(mean[j]);
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves a symmetric positive definite system by Cholesky decomposition. */
    static double[] solve(double[][] a, double[] r) {
        int n = r.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = r[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Cross-validated errors of one candidate model. */
    public record CvResult(String model, int coefficients, double deviance, double rmse, double mae) {
    }

    /**
     * K-fold cross-validation: the mean Poisson deviance (counts) or mean squared error,
     * RMSE and MAE on held-out runs. {@code candidate == null} is the baseline that
     * predicts the training mean.
     */
    public static CvResult crossValidate(String name, YieldGlm candidate, YieldData data, int folds, long seed) {
        int n = data.outcome().length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean count = data.countOutcome();
        double dev = 0, se = 0, ae = 0;
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % folds == f ? test : train).add(order[i]);
            }
            int[] tr = train.stream().mapToInt(Integer::intValue).toArray();
            YieldGlm m = candidate == null ? null : candidate.fit(data, tr);
            double mean = 0;
            for (int i : tr) {
                mean += data.outcome()[i];
            }
            mean /= tr.length;
            for (int i : test) {
                double y = data.outcome()[i];
                double mu = m == null ? mean : m.predict(data.values().get(i));
                se += (y - mu) * (y - mu);
                ae += Math.abs(y - mu);
                dev += count ? 2 * ((y > 0 ? y * Math.log(y / Math.max(mu, 1e-9)) : 0) - (y - mu)) : (y - mu) * (y - mu);
            }
        }
        return new CvResult(name, candidate == null ? 1 : candidate.coefficients(), dev / n, Math.sqrt(se / n), ae / n);
    }

    /** The model as JSON (for {@code yield suggest --model}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", poisson ? "poisson" : "gaussian");
        m.put("interactions", interactions);
        m.put("lambda", lambda);
        List<Map<String, Object>> params = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", names.get(j));
            p.put("factor", factor[j]);
            if (factor[j]) {
                p.put("levels", levels.get(j));
            } else {
                p.put("mean", mean[j]);
                p.put("sd", sd[j]);
                p.put("min", min[j]);
                p.put("max", max[j]);
            }
            params.add(p);
        }
        m.put("parameters", params);
        List<Double> b = new ArrayList<>();
        for (double v : beta) {
            b.add(v);
        }
        m.put("coefficients", b);
        return m;
    }

    /** Reads {@link #toJson()}'s form. */
    public static YieldGlm fromJson(com.google.gson.JsonObject o) {
        List<String> names = new ArrayList<>();
        List<List<String>> levels = new ArrayList<>();
        com.google.gson.JsonArray ps = o.getAsJsonArray("parameters");
        boolean[] factor = new boolean[ps.size()];
        double[] mean = new double[ps.size()], sd = new double[ps.size()];
        double[] min = new double[ps.size()], max = new double[ps.size()];
        for (int j = 0; j < ps.size(); j++) {
            com.google.gson.JsonObject p = ps.get(j).getAsJsonObject();
            names.add(p.get("name").getAsString());
            factor[j] = p.get("factor").getAsBoolean();
            List<String> lv = new ArrayList<>();
            if (factor[j]) {
                p.getAsJsonArray("levels").forEach(e -> lv.add(e.getAsString()));
            } else {
                mean[j] = p.get("mean").getAsDouble();
                sd[j] = p.get("sd").getAsDouble();
                // Models saved before the range was kept: the mean plus or minus two standard deviations.
                min[j] = p.has("min") ? p.get("min").getAsDouble() : mean[j] - 2 * sd[j];
                max[j] = p.has("max") ? p.get("max").getAsDouble() : mean[j] + 2 * sd[j];
            }
            levels.add(lv);
        }
        YieldGlm m = new YieldGlm(o.get("family").getAsString().equals("poisson"), o.get("interactions").getAsBoolean(),
                o.get("lambda").getAsDouble(), names, factor, levels, mean, sd, min, max);
        com.google.gson.JsonArray b = o.getAsJsonArray("coefficients");
        m.beta = new double[b.size()];
        for (int i = 0; i < b.size(); i++) {
            m.beta[i] = b.get(i).getAsDouble();
        }
        if (m.beta.length != m.coefficientsOfDesign()) {
            throw EnclaveException.badInput("The yield model's coefficients do not match its parameters.");
        }
        return m;
    }

    private int coefficientsOfDesign() {
        return row(sample()).length;
    }

    /** Parameter names, factor flags and levels, for suggestions. */
    public List<String> names() {
        return names;
    }

    public boolean isFactor(int j) {
        return factor[j];
    }

    public List<String> levels(int j) {
        return levels.get(j);
    }

    /** Smallest and largest value of a numeric parameter in the training data. */
    public double[] range(int j) {
        return new double[] { min[j], max[j] };
    }

    public boolean poisson() {
        return poisson;
    }
}
