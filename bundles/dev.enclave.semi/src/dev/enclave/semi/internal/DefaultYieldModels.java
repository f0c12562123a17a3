package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.YieldData;
import dev.enclave.semi.YieldModels;

/**
 * {@link YieldModels} with generalised linear models ({@link YieldGlm}): a mean-only
 * baseline, main effects, and main effects plus two-way interactions with two ridge
 * strengths; the lowest cross-validated deviance wins.
 */
@Component(service = YieldModels.class)
public final class DefaultYieldModels implements YieldModels {
    /** Points per numeric parameter when searching settings. */
    private static final int GRID = 21;
    /** Largest number of settings enumerated exhaustively. */
    private static final long MAX_ENUMERATED = 500_000;

    @Override
    public Fit fit(YieldData data, int folds, long seed) {
        int n = data.outcome().length;
        if (folds < 2 || folds > n) {
            throw EnclaveException.badInput("The number of cross-validation folds (" + folds
                    + ") must be between 2 and the number of runs (" + n + ").");
        }
        Map<String, YieldGlm> candidates = new LinkedHashMap<>();
        candidates.put("glm main effects", YieldGlm.design(data, false, 1e-4));
        candidates.put("glm two-way interactions (ridge 0.1)", YieldGlm.design(data, true, 0.1));
        candidates.put("glm two-way interactions (ridge 1)", YieldGlm.design(data, true, 1));
        candidates.put("glm two-way interactions (ridge 10)", YieldGlm.design(data, true, 10));
        List<Score> scores = new ArrayList<>();
        scores.add(score(YieldGlm.crossValidate("mean only", null, data, folds, seed)));
        String best = null;
        double bestDev = Double.MAX_VALUE;
        for (Map.Entry<String, YieldGlm> c : candidates.entrySet()) {
            Score s = score(YieldGlm.crossValidate(c.getKey(), c.getValue(), data, folds, seed));
            scores.add(s);
            if (s.deviance() < bestDev) {
                bestDev = s.deviance();
                best = c.getKey();
            }
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        YieldGlm model = candidates.get(best).fit(data, all);
        Map<String, Object> json = model.toJson();
        json.put("target", data.target());
        json.put("model", best);
        return new Fit(model.poisson() ? "poisson" : "gaussian", n, folds, scores, best,
                new GsonBuilder().create().toJson(json));
    }

    @Override
    public Saved fit(Workspace workspace, Subject subject, Path runs, String target, Set<String> factors,
            Set<String> ignore, int folds, long seed, Path out) {
        YieldData data = YieldData.readCsv(runs, target, factors, ignore);
        Fit fit = fit(data, folds, seed);
        Path dest = out != null ? out : modelFile(workspace);
        try {
            Path parent = dest.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(dest, fit.modelJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot write the yield model " + dest + ": " + e.getMessage());
        }
        workspace.auditLog().append(subject.name(), "yield.fit", runs.toString(), AuditEntry.SUCCESS, fit.chosen());
        return new Saved(fit, data, dest);
    }

    @Override
    public Path modelFile(Workspace workspace) {
        return SemiWorkspace.yieldModel(workspace);
    }

    @Override
    public List<Suggestion> suggest(Workspace workspace, Path modelFile, Map<String, String> bounds, boolean maximize,
            int top) {
        Path file = modelFile != null ? modelFile : modelFile(workspace);
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(modelFile != null ? "There is no yield model at " + file + "."
                    : "No yield model has been fitted in this workspace yet; fit one first (" + file + ").");
        }
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read the yield model " + file + ": " + e.getMessage());
        }
        return suggest(json, bounds, maximize, top);
    }

    private static Score score(YieldGlm.CvResult r) {
        return new Score(r.model(), r.coefficients(), r.deviance(), r.rmse(), r.mae());
    }

    @Override
    public List<Suggestion> suggest(String modelJson, Map<String, String> bounds, boolean maximize, int top) {
        YieldGlm model;
        try {
            JsonObject o = JsonParser.parseString(modelJson).getAsJsonObject();
            model = YieldGlm.fromJson(o);
        } catch (RuntimeException e) {
            if (e instanceof EnclaveException ee) {
                throw ee;
            }
            throw EnclaveException.badInput("The yield model is not one saved by a yield fit: " + e.getMessage());
        }
        List<String> names = model.names();
        for (String b : bounds.keySet()) {
            if (!names.contains(b)) {
                throw EnclaveException.badInput("Bound on " + b + ": the model has no parameter " + b + " (it has "
                        + String.join(", ", names) + ").");
            }
        }
        List<List<String>> choices = new ArrayList<>();
        long combinations = 1;
        for (int j = 0; j < names.size(); j++) {
            String bound = bounds.get(names.get(j));
            List<String> values = new ArrayList<>();
            if (model.isFactor(j)) {
                List<String> allowed = bound == null ? model.levels(j) : List.of(bound.split("\\|"));
                for (String v : allowed) {
                    if (!model.levels(j).contains(v.strip())) {
                        throw EnclaveException.badInput("Bound on " + names.get(j) + ": level '" + v
                                + "' is not one of " + String.join(", ", model.levels(j)) + ".");
                    }
                    values.add(v.strip());
                }
            } else {
                double[] range = model.range(j);
                double lo = range[0], hi = range[1];
                if (bound != null) {
                    String[] p = bound.split(":");
                    try {
                        lo = Double.parseDouble(p[0]);
                        hi = Double.parseDouble(p[1]);
                    } catch (RuntimeException e) {
                        throw EnclaveException.badInput("Bound " + names.get(j) + "=" + bound
                                + ": a numeric parameter takes LO:HI, e.g. 1.5:3.");
                    }
                    if (lo > hi) {
                        throw EnclaveException.badInput("Bound on " + names.get(j) + ": " + lo + " > " + hi + ".");
                    }
                }
                for (int k = 0; k < GRID; k++) {
                    values.add(trim(lo + (hi - lo) * k / (GRID - 1)));
                }
            }
            choices.add(values);
            combinations *= values.size();
        }
        if (combinations > MAX_ENUMERATED) {
            throw EnclaveException.badInput(combinations + " combinations of settings are too many to search; "
                    + "narrow some parameters with bounds.");
        }
        List<Suggestion> all = new ArrayList<>();
        int[] idx = new int[names.size()];
        String[] values = new String[names.size()];
        for (long c = 0; c < combinations; c++) {
            for (int j = 0; j < idx.length; j++) {
                values[j] = choices.get(j).get(idx[j]);
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (int j = 0; j < names.size(); j++) {
                settings.put(names.get(j), values[j]);
            }
            all.add(new Suggestion(settings, model.predict(values)));
            for (int j = idx.length - 1; j >= 0; j--) {
                if (++idx[j] < choices.get(j).size()) {
                    break;
                }
                idx[j] = 0;
            }
        }
        Comparator<Suggestion> order = Comparator.comparingDouble(Suggestion::predicted);
        all.sort(maximize ? order.reversed() : order);
        return all.subList(0, Math.min(Math.max(1, top), all.size()));
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
