package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.semi.DefectImages;

/**
 * Accuracy, per-class F1, macro-F1 and the confusion matrix over any set of class names (the
 * pack's and a fab's own). Macro-F1 averages over the classes that occur among the true or the
 * predicted labels, as scikit-learn does.
 */
final class DefectMetrics {
    private final List<String> labels = new ArrayList<>();
    private final Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
    private int total;
    private int correct;

    DefectMetrics(List<String> known) {
        known.forEach(this::label);
    }

    private void label(String l) {
        if (!labels.contains(l)) {
            labels.add(l);
        }
    }

    void add(String truth, String predicted) {
        label(truth);
        label(predicted);
        confusion.computeIfAbsent(truth, k -> new LinkedHashMap<>()).merge(predicted, 1, Integer::sum);
        total++;
        if (truth.equals(predicted)) {
            correct++;
        }
    }

    int count(String t, String p) {
        Map<String, Integer> row = confusion.get(t);
        return row == null ? 0 : row.getOrDefault(p, 0);
    }

    double f1(String c) {
        int tp = count(c, c), support = 0, predicted = 0;
        for (String o : labels) {
            support += count(c, o);
            predicted += count(o, c);
        }
        return support + predicted == 0 ? 0 : 2.0 * tp / (support + predicted);
    }

    private boolean present(String c) {
        for (String o : labels) {
            if (count(c, o) + count(o, c) > 0) {
                return true;
            }
        }
        return false;
    }

    double macroF1() {
        double s = 0;
        int n = 0;
        for (String c : labels) {
            if (present(c)) {
                s += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    double accuracy() {
        return total == 0 ? 0 : correct / (double) total;
    }

    DefectImages.Scorecard scorecard(String model, List<String> errors) {
        Map<String, Double> per = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> conf = new LinkedHashMap<>();
        for (String c : labels) {
            if (!present(c)) {
                continue;
            }
            per.put(c, round(f1(c)));
            Map<String, Integer> row = new LinkedHashMap<>();
            for (String o : labels) {
                if (present(o)) {
                    row.put(o, count(c, o));
                }
            }
            conf.put(c, row);
        }
        return new DefectImages.Scorecard(total, round(accuracy()), round(macroF1()), per, conf, model,
                List.copyOf(errors));
    }

    /** A table for the terminal: rows true classes, columns predicted. */
    static String toText(DefectImages.Scorecard s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("images: %d%naccuracy: %.4f%nmacro-F1: %.4f%n%nconfusion matrix (rows: true, "
                + "columns: predicted)%n%-13s", s.images(), s.accuracy(), s.macroF1(), ""));
        List<String> cols = new ArrayList<>(s.confusion().keySet());
        for (String c : cols) {
            sb.append(String.format(" %7s", c.length() > 7 ? c.substring(0, 7) : c));
        }
        sb.append(String.format("   %6s%n", "F1"));
        for (String c : cols) {
            sb.append(String.format("%-13s", c));
            for (String o : cols) {
                sb.append(String.format(" %7d", s.confusion().get(c).getOrDefault(o, 0)));
            }
            sb.append(String.format("   %6.3f%n", s.perClassF1().get(c)));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
