package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelCheck;

/**
 * Runs a model folder against {@code reference.json} / {@code reference.safetensors}
 * made by Hugging Face transformers: logits of every case (decoders) or the pooled
 * vectors of a padded batch (encoders), and 16 greedy steps with the key/value cache.
 */
final class ReferenceChecker {
    private ReferenceChecker() {
    }

    static ModelCheck check(Path folder, Path base, Progress progress) {
        if (!Files.isDirectory(folder)) {
            throw EnclaveException.badInput(folder + ": no such folder.");
        }
        if (LoraAdapter.isAdapter(folder)) {
            return checkAdapter(folder, base, progress);
        }
        // The model itself first, so a damaged folder is reported as such.
        HfConfig config = HfConfig.read(folder);
        if (GgufModel.isGguf(folder)) {
            GgufModel.open(folder).close();
        } else {
            try (Weights w = Weights.open(folder)) {
                String bad = w.nonFinite();
                if (bad != null) {
                    throw EnclaveException.badInput(folder + ": " + bad + " (damaged weights; the model cannot be checked).");
                }
            }
        }
        JsonObject ref = readReference(folder);
        Path refTensors = folder.resolve("reference.safetensors");
        JsonArray cases = ref.getAsJsonArray("cases");
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        progress.begin("Checking " + name, cases.size());
        try (SafeTensors expected = SafeTensors.open(refTensors); NDManager manager = Djl.newManager();
                HfTokenizer tokenizer = HfTokenizer.load(folder)) {
            if (BertEncoder.supports(config.architecture)) {
                return checkEncoder(folder, name, config, cases, expected, manager, tokenizer);
            }
            if (!DecoderModel.supports(config.architecture)) {
                throw EnclaveException.badInput(config.file + ": unknown architecture '" + config.architecture + "'.");
            }
            DecoderModel model = DecoderModel.load(folder, manager.newSubManager());
            double max = 0;
            int compared = 0;
            int matched = 0;
            int tokenized = 0;
            int withText = 0;
            for (JsonElement ce : cases) {
                progress.checkCanceled();
                JsonObject c = ce.getAsJsonObject();
                String caseName = c.get("name").getAsString();
                int[] ids = ints(c.getAsJsonArray("input_ids"));
                if (c.has("text")) {
                    withText++;
                    if (Arrays.equals(ids, tokenizer.encode(c.get("text").getAsString(), false))) {
                        tokenized++;
                    }
                }
                float[] refLogits = expected.array(caseName + ".logits");
                long[] shape = expected.entries().get(caseName + ".logits").shape();
                int rows = (int) shape[0];
                int vocab = (int) shape[1];
                try (DecoderModel.Session s = model.newSession()) {
                    float[][] out = s.forward(ids, true);
                    max = Math.max(max, maxDiff(out, refLogits, rows, vocab));
                    int[] greedy = c.has("greedy_new_ids") ? ints(c.getAsJsonArray("greedy_new_ids")) : new int[0];
                    JsonArray margins = c.getAsJsonArray("greedy_step_margins");
                    int next = Sampler.argmax(out[out.length - 1]);
                    for (int step = 0; step < greedy.length; step++) {
                        boolean decisive = margins.get(step).getAsDouble() > ModelCheck.LOGIT_TOLERANCE;
                        if (decisive) {
                            compared++;
                            if (next == greedy[step]) {
                                matched++;
                            }
                        }
                        // Continue on the reference's path so later steps stay comparable.
                        if (step + 1 < greedy.length) {
                            next = Sampler.argmax(s.forward(new int[] { greedy[step] }, false)[0]);
                        }
                    }
                }
                progress.worked(1);
            }
            boolean ok = max <= ModelCheck.LOGIT_TOLERANCE && matched == compared && tokenized == withText;
            return new ModelCheck(name, config.architecture, cases.size(), max, compared, matched, tokenized, false, ok);
        } finally {
            progress.done();
        }
    }

    private static ModelCheck checkEncoder(Path folder, String name, HfConfig config, JsonArray cases,
            SafeTensors expected, NDManager manager, HfTokenizer tokenizer) {
        BertEncoder encoder = BertEncoder.load(folder, manager.newSubManager());
        int[][] batch = new int[cases.size()][];
        int tokenized = 0;
        for (int i = 0; i < batch.length; i++) {
            JsonObject c = cases.get(i).getAsJsonObject();
            batch[i] = ints(c.getAsJsonArray("input_ids"));
            if (Arrays.equals(batch[i], tokenizer.encode(c.get("text").getAsString(), true))) {
                tokenized++;
            }
        }
        double max = 0;
        for (var pooling : BertEncoder.Pooling.values()) {
            String key = pooling == BertEncoder.Pooling.CLS ? "cls_normalized" : "mean_normalized";
            if (!expected.entries().containsKey(key)) {
                continue;
            }
            float[][] out = encoder.embed(batch, pooling, true);
            float[] r = expected.array(key);
            int d = out[0].length;
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < d; j++) {
                    max = Math.max(max, Math.abs(out[i][j] - r[i * d + j]));
                }
            }
        }
        boolean ok = max <= ModelCheck.EMBEDDING_TOLERANCE && tokenized == cases.size();
        return new ModelCheck(name, config.architecture, cases.size(), max, 0, 0, tokenized, true, ok);
    }

    /** An adapter folder: base + adapter logits against PEFT's, for every case. */
    private static ModelCheck checkAdapter(Path folder, Path base, Progress progress) {
        JsonObject ref = readReference(folder);
        Path refTensors = folder.resolve("reference.safetensors");
        JsonArray cases = ref.getAsJsonArray("cases");
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        progress.begin("Checking " + name, cases.size());
        try (LoraAdapter adapter = LoraAdapter.open(folder); SafeTensors expected = SafeTensors.open(refTensors);
                NDManager manager = Djl.newManager()) {
            Path baseFolder = adapter.resolveBase(base);
            HfConfig config = HfConfig.read(baseFolder);
            DecoderModel model = DecoderModel.load(baseFolder, manager.newSubManager(), adapter);
            double max = 0;
            for (JsonElement ce : cases) {
                progress.checkCanceled();
                JsonObject c = ce.getAsJsonObject();
                String caseName = c.get("name").getAsString();
                float[] refLogits = expected.array(caseName + ".logits");
                long[] shape = expected.entries().get(caseName + ".logits").shape();
                try (DecoderModel.Session s = model.newSession()) {
                    float[][] out = s.forward(ints(c.getAsJsonArray("input_ids")), true);
                    max = Math.max(max, maxDiff(out, refLogits, (int) shape[0], (int) shape[1]));
                }
                progress.worked(1);
            }
            boolean ok = max <= ModelCheck.LOGIT_TOLERANCE;
            return new ModelCheck(name, config.architecture + "+LoRA", cases.size(), max, 0, 0, cases.size(), false, ok);
        } finally {
            progress.done();
        }
    }

    static double maxDiff(float[][] out, float[] ref, int rows, int vocab) {
        if (vocab != out[0].length) {
            throw EnclaveException.badInput("The reference has " + vocab + " logits per position, the model "
                    + out[0].length + ".");
        }
        double max = 0;
        for (int r = 0; r < rows; r++) {
            float[] row = out[out.length - rows + r];
            for (int j = 0; j < vocab; j++) {
                max = Math.max(max, Math.abs(row[j] - ref[r * vocab + j]));
            }
        }
        return max;
    }

    static JsonObject readReference(Path folder) {
        Path refJson = folder.resolve("reference.json");
        if (!Files.isRegularFile(refJson) || !Files.isRegularFile(folder.resolve("reference.safetensors"))) {
            throw EnclaveException.badInput(folder + " has no reference.json and reference.safetensors to check against.");
        }
        try {
            return JsonParser.parseString(Files.readString(refJson, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(refJson + " is not valid JSON: " + e.getMessage());
        }
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
