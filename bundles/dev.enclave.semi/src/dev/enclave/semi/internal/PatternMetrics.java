package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.semi.WaferMap;

/**
 * Accuracy, per-class precision / recall / F1, macro-F1 and the confusion matrix of
 * predicted against true WM-811K labels. Macro-F1 averages over the classes that occur
 * among the true or the predicted labels (as scikit-learn does).
 */
public final class PatternMetrics {
    private final List<String> labels = WaferMap.PATTERNS;
    private final int[][] confusion = new int[labels.size()][labels.size()];
    private int total;
    private int correct;

    /** Counts one map. */
    public void add(String truth, String predicted) {
        int t = labels.indexOf(truth), p = labels.indexOf(predicted);
        if (t < 0 || p < 0) {
            throw new IllegalArgumentException("unknown label " + (t < 0 ? truth : predicted));
        }
        confusion[t][p]++;
        total++;
        if (t == p) {
            correct++;
        }
    }

    /** Maps counted. */
    public int total() {
        return total;
    }

    /** Fraction of maps labelled correctly. */
    public double accuracy() {
        return total == 0 ? 0 : correct / (double) total;
    }

    /** Rows are true labels, columns predicted labels, both in {@link WaferMap#PATTERNS} order. */
    public int[][] confusion() {
        return confusion;
    }

    private int support(int k) {
        int s = 0;
        for (int j = 0; j < labels.size(); j++) {
            s += confusion[k][j];
        }
        return s;
    }

    private int predicted(int k) {
        int s = 0;
        for (int j = 0; j < labels.size(); j++) {
            s += confusion[j][k];
        }
        return s;
    }

    /** F1 of class {@code k}. */
    public double f1(int k) {
        int tp = confusion[k][k];
        int denominator = support(k) + predicted(k);
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** Mean F1 over the classes present among true or predicted labels. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < labels.size(); k++) {
            if (support(k) + predicted(k) > 0) {
                sum += f1(k);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The JSON form printed by {@code wafer eval --json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maps", total);
        m.put("accuracy", round(accuracy()));
        m.put("macro_f1", round(macroF1()));
        m.put("labels", labels);
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : confusion) {
            List<Integer> r = new ArrayList<>();
            for (int v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        m.put("confusion_matrix", rows);
        Map<String, Object> per = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            Map<String, Object> c = new LinkedHashMap<>();
            int tp = confusion[k][k];
            c.put("precision", round(predicted(k) == 0 ? 0 : tp / (double) predicted(k)));
            c.put("recall", round(support(k) == 0 ? 0 : tp / (double) support(k)));
            c.put("f1", round(f1(k)));
            c.put("support", support(k));
            per.put(labels.get(k), c);
        }
        m.put("per_class", per);
        return m;
    }

    /** A human-readable report with the confusion matrix. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("maps: %d%naccuracy: %.4f%nmacro-F1: %.4f%n%nconfusion matrix (rows: true, columns: predicted)%n",
                total, accuracy(), macroF1()));
        sb.append(String.format("%-10s", ""));
        for (String l : labels) {
            sb.append(String.format(" %9s", l.length() > 9 ? l.substring(0, 9) : l));
        }
        sb.append(String.format("   %6s%n", "F1"));
        for (int k = 0; k < labels.size(); k++) {
            sb.append(String.format("%-10s", labels.get(k)));
            for (int j = 0; j < labels.size(); j++) {
                sb.append(String.format(" %9d", confusion[k][j]));
            }
            sb.append(String.format("   %6.3f%n", f1(k)));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
