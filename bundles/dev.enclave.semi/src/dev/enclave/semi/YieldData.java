package dev.enclave.semi;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.enclave.core.EnclaveException;

/**
 * Process runs for yield prediction: one row per run with process parameters and an
 * outcome (a defect count or a yield). Parameters whose values are all numbers are
 * numeric unless named as factors; all others are factors (categorical).
 *
 * @param parameters parameter names, in file order
 * @param factor for each parameter whether it is categorical
 * @param values per row, the parameter values as written
 * @param target the outcome's column name
 * @param outcome per row, the outcome
 */
public record YieldData(List<String> parameters, boolean[] factor, List<String[]> values, String target,
        double[] outcome) {

    /**
     * Reads a CSV file with a header row.
     *
     * @param target the outcome column
     * @param factors parameters to treat as categorical even if numeric (e.g. a panel number)
     * @param ignore columns to leave out
     */
    public static YieldData readCsv(Path file, String target, Set<String> factors, Set<String> ignore) {
        List<String[]> rows = new ArrayList<>();
        String[] header;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String h = in.readLine();
            if (h == null) {
                throw EnclaveException.badInput(file + " is empty; expected a header row of parameter names.");
            }
            header = columns(h);
            String line;
            int no = 1;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != header.length) {
                    throw EnclaveException.badInput(file + " line " + no + ": " + f.length + " fields, expected "
                            + header.length + ".");
                }
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].strip().replaceAll("^\"|\"$", "");
                }
                rows.add(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw EnclaveException.badInput(file + " does not exist.");
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read " + file + ": " + e.getMessage());
        }
        int t = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(target)) {
                t = i;
            }
        }
        if (t < 0) {
            throw EnclaveException.badInput(file + " has no column '" + target + "'; columns: "
                    + String.join(", ", header) + ".");
        }
        if (rows.size() < 10) {
            throw EnclaveException.badInput(file + " has " + rows.size() + " runs; at least 10 are needed.");
        }
        List<String> params = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (i != t && !ignore.contains(header[i])) {
                params.add(header[i]);
                cols.add(i);
            }
        }
        boolean[] factor = new boolean[params.size()];
        for (int j = 0; j < params.size(); j++) {
            int c = cols.get(j);
            factor[j] = factors.contains(params.get(j)) || rows.stream().anyMatch(r -> !numeric(r[c]));
        }
        double[] y = new double[rows.size()];
        List<String[]> values = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            try {
                y[r] = Double.parseDouble(row[t]);
            } catch (NumberFormatException e) {
                throw EnclaveException.badInput(file + " line " + (r + 2) + ": outcome '" + row[t]
                        + "' is not a number.");
            }
            String[] v = new String[cols.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = row[cols.get(j)];
                if (v[j].isEmpty()) {
                    throw EnclaveException.badInput(file + " line " + (r + 2) + ": " + params.get(j) + " is empty.");
                }
            }
            values.add(v);
        }
        return new YieldData(params, factor, values, target, y);
    }

    /**
     * The column names in a runs CSV file's header row, as {@link #readCsv} reads them.
     *
     * @throws EnclaveException (bad input) naming the file when it is missing, unreadable or empty
     */
    public static List<String> header(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String h = in.readLine();
            if (h == null) {
                throw EnclaveException.badInput(file + " is empty; expected a header row of parameter names.");
            }
            return List.of(columns(h));
        } catch (java.nio.file.NoSuchFileException e) {
            throw EnclaveException.badInput(file + " does not exist.");
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String[] columns(String headerLine) {
        String[] header = headerLine.replace("\uFEFF", "").split(",", -1);
        for (int i = 0; i < header.length; i++) {
            header[i] = header[i].strip().replaceAll("^\"|\"$", "");
        }
        return header;
    }

    /** Whether every outcome is a non-negative whole number (a count). */
    public boolean countOutcome() {
        for (double v : outcome) {
            if (v < 0 || v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The values parameter {@code j} takes in the runs: its levels joined by {@code |}
     * (sorted) for a factor, {@code LO:HI} for a numeric parameter; the forms bounds take in
     * {@link YieldModels#suggest(String, Map, boolean, int)}.
     */
    public String range(int j) {
        if (factor[j]) {
            TreeSet<String> levels = new TreeSet<>();
            values.forEach(v -> levels.add(v[j]));
            return String.join("|", levels);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (String[] v : values) {
            double x = Double.parseDouble(v[j]);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return number(lo) + ":" + number(hi);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static boolean numeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
