package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;

/**
 * A model version's scorecard on a test set: the loss on the answer tokens and its perplexity,
 * and, for records with a reference answer (Alpaca {@code output}, the last ShareGPT {@code gpt}
 * turn), the greedy answer's exact match and token F1 (Chinese by character, other text by
 * word, after width and case normalisation). Scorecards are kept in the workspace
 * ({@code <data>/models/scorecards/}) so versions can be compared side by side.
 */
public final class ModelEvaluator {
    private ModelEvaluator() {
    }

    /**
     * Scores {@code base} (with {@code adapter} when not null) on {@code data}.
     *
     * @param limit at most this many records get a generated answer (0 = all)
     */
    public static Map<String, Object> evaluate(Path base, Path adapter, Path data, int maxLength, int maxNewTokens,
            int limit, Progress progress) {
        Map<String, Object> card = new LinkedHashMap<>();
        Map<String, Object> lineage = AdapterMerge.lineage(base, adapter);
        card.put("model_version", lineage.get("version"));
        card.put("model", base.getFileName() + (adapter == null ? "" : "+" + adapter.getFileName()));
        card.put("lineage", lineage);
        card.put("data", data.toAbsolutePath().normalize().toString());
        card.put("data_sha256", LoraTrainer.sha256(data));
        progress.begin("Scoring " + card.get("model") + " on " + data.getFileName(), 2);
        double loss = LoraTrainer.lossWithAdapter(base, adapter, data, maxLength);
        card.put("loss", loss);
        card.put("perplexity", Math.exp(loss));
        progress.worked(1);
        List<JsonObject> records = read(data);
        DefaultModelRegistry registry = new DefaultModelRegistry();
        int answered = 0;
        double exact = 0;
        double f1 = 0;
        List<Map<String, Object>> samples = new ArrayList<>();
        try (DjlLanguageModel lm = (DjlLanguageModel) registry.openLanguageModel(base, adapter, Progress.silent())) {
            for (JsonObject o : records) {
                progress.checkCanceled();
                if (limit > 0 && answered >= limit) {
                    break;
                }
                String[] pa = LoraTrainer.promptAndAnswer(lm, o);
                if (pa == null) {
                    continue;
                }
                int[] prompt = lm.encode(pa[0]);
                if (prompt.length + maxNewTokens > lm.contextLength()) {
                    continue;
                }
                Generation g = lm.generate(prompt, new GenerationSettings(maxNewTokens, 0f, 0, 1f, 1f, 0, List.of()),
                        null, Progress.silent());
                String predicted = g.text().strip();
                double em = normalise(predicted).equals(normalise(pa[1])) ? 1 : 0;
                double f = tokenF1(predicted, pa[1]);
                exact += em;
                f1 += f;
                answered++;
                if (samples.size() < 5) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("id", o.has("id") ? o.get("id").getAsString() : null);
                    s.put("reference", pa[1]);
                    s.put("predicted", predicted);
                    s.put("token_f1", f);
                    samples.add(s);
                }
            }
        }
        progress.worked(1);
        progress.done();
        card.put("records", records.size());
        card.put("answered", answered);
        card.put("exact_match", answered == 0 ? null : exact / answered);
        card.put("token_f1", answered == 0 ? null : f1 / answered);
        card.put("max_new_tokens", maxNewTokens);
        card.put("samples", samples);
        card.put("created", Instant.now().toString());
        return card;
    }

    /** Saves the scorecard in the workspace; returns its file. */
    public static Path save(Workspace workspace, Map<String, Object> card) {
        Path dir = workspace.serviceFolder("models").resolve("scorecards");
        String name = card.get("model_version") + "-" + ((String) card.get("data_sha256")).substring(0, 12) + ".json";
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        FileIO.writeAtomically(file, FileIO.GSON.toJson(card) + "\n");
        return file;
    }

    /** The saved scorecards, newest first. */
    public static List<Map<String, Object>> list(Workspace workspace) {
        Path dir = workspace.serviceFolder("models").resolve("scorecards");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                Map<String, Object> card = load(p);
                card.put("file", p.toString());
                out.add(card);
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> String.valueOf(b.get("created")).compareTo(String.valueOf(a.get("created"))));
        return out;
    }

    /** A scorecard by file, or by the start of its model version in the workspace. */
    public static Map<String, Object> find(Workspace workspace, String ref) {
        Path p = Path.of(ref);
        if (Files.isRegularFile(p)) {
            return load(p);
        }
        List<Map<String, Object>> matches = list(workspace).stream()
                .filter(c -> String.valueOf(c.get("model_version")).startsWith(ref)).toList();
        if (matches.isEmpty()) {
            throw EnclaveException.badInput("No scorecard '" + ref + "': give a scorecard file or a model version "
                    + "(see 'enclave eval scorecards').");
        }
        return matches.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path p) {
        try {
            return FileIO.GSON.fromJson(Files.readString(p, StandardCharsets.UTF_8), LinkedHashMap.class);
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(p + " is not a readable scorecard: " + e.getMessage());
        }
    }

    private static List<JsonObject> read(Path data) {
        return FileIO.readJsonLines(data);
    }

    /** A scorecard value for display: whole numbers as integers, others with four decimals, null as a dash. */
    public static String format(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.format("%.4f", d);
        }
        return v == null ? "—" : v.toString();
    }

    /** Width, case and space normalised, trailing punctuation removed. */
    static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
        n = n.replaceAll("\\s+", " ");
        return n.replaceAll("[\\p{Punct}。，！？；：、]+$", "");
    }

    /** Tokens for F1: each Han character alone, other letters and digits as words. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        normalise(s).codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                out.add(word.toString());
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    /** SQuAD-style token F1 between a prediction and a reference. */
    static double tokenF1(String predicted, String reference) {
        List<String> p = tokens(predicted);
        List<String> r = tokens(reference);
        if (p.isEmpty() || r.isEmpty()) {
            return p.isEmpty() && r.isEmpty() ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        r.forEach(t -> counts.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / p.size();
        double recall = (double) common / r.size();
        return 2 * precision * recall / (precision + recall);
    }
}
