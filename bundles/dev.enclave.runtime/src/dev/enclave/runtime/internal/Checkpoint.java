package dev.enclave.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;

/**
 * A LoRA training checkpoint in {@code <adapter>/checkpoint/}: {@code state.safetensors} (the
 * adapter matrices, both AdamW moments and the gradients accumulated so far) and
 * {@code state.json} (position in the data, optimiser step, loss curves, the Java random state,
 * the hyper-parameters and the training data's hash, which a resume must match). Written to a
 * temporary folder and moved into place, so a crash while writing leaves the previous one.
 */
final class Checkpoint {
    private final Path folder;
    private final Map<String, Object> hyperparameters;
    private final String dataHash;

    /** What training needs to continue exactly where it stopped. */
    record State(Map<String, float[][]> params, Map<String, float[][]> m1, Map<String, float[][]> m2,
            Map<String, float[][]> grads, Random random, int update, int micro, long tokens, List<Double> curve,
            List<Double> validationCurve, int epoch, int nextBatch, List<Integer> order,
            Map<String, List<Double>> curves) {
        /** A state without further curves (SFT). */
        State(Map<String, float[][]> params, Map<String, float[][]> m1, Map<String, float[][]> m2,
                Map<String, float[][]> grads, Random random, int update, int micro, long tokens, List<Double> curve,
                List<Double> validationCurve, int epoch, int nextBatch, List<Integer> order) {
            this(params, m1, m2, grads, random, update, micro, tokens, curve, validationCurve, epoch, nextBatch, order,
                    Map.of());
        }
    }

    Checkpoint(Path folder, Map<String, Object> hyperparameters, String dataHash) {
        this.folder = folder;
        this.hyperparameters = hyperparameters;
        this.dataHash = dataHash;
    }

    void write(State st) {
        Path tmp = folder.resolveSibling(folder.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Map<String, SafeTensorsWriter.Tensor> tensors = new LinkedHashMap<>();
            st.params().forEach((name, ab) -> {
                put(tensors, name + ".A", ab[0]);
                put(tensors, name + ".B", ab[1]);
                put(tensors, name + ".m1.A", st.m1().get(name)[0]);
                put(tensors, name + ".m1.B", st.m1().get(name)[1]);
                put(tensors, name + ".m2.A", st.m2().get(name)[0]);
                put(tensors, name + ".m2.B", st.m2().get(name)[1]);
                put(tensors, name + ".grad.A", st.grads().get(name)[0]);
                put(tensors, name + ".grad.B", st.grads().get(name)[1]);
            });
            SafeTensorsWriter.write(tmp.resolve("state.safetensors"), tensors, Map.of("format", "enclave-checkpoint"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("hyperparameters", hyperparameters);
            json.put("data_sha256", dataHash);
            json.put("epoch", st.epoch());
            json.put("next_batch", st.nextBatch());
            json.put("order", st.order());
            json.put("update", st.update());
            json.put("micro", st.micro());
            json.put("tokens", st.tokens());
            json.put("loss_curve", st.curve());
            json.put("validation_loss", st.validationCurve());
            json.put("curves", st.curves());
            json.put("random", serialise(st.random()));
            Files.writeString(tmp.resolve("state.json"), FileIO.GSON.toJson(json) + "\n", StandardCharsets.UTF_8);
            deleteTree(folder);
            Files.move(tmp, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the training checkpoint " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the checkpoint; {@code fresh} (the newly initialised adapter) gives the expected
     * modules and shapes.
     */
    State read(Map<String, float[][]> fresh) {
        Path json = folder.resolve("state.json");
        if (!Files.isRegularFile(json)) {
            throw EnclaveException.badInput(folder.getParent() + " has no checkpoint to resume from (a run that "
                    + "stops before its last epoch leaves checkpoint/ there); start a new run instead of resuming.");
        }
        JsonObject j;
        try {
            j = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(json + " cannot be read: " + e.getMessage());
        }
        JsonObject expected = FileIO.GSON.toJsonTree(hyperparameters).getAsJsonObject();
        JsonObject saved = j.getAsJsonObject("hyperparameters");
        for (String key : expected.keySet()) {
            // Compared as written (a float hyper-parameter reads back as a decimal number).
            if (saved == null || !FileIO.COMPACT.toJson(expected.get(key)).equals(FileIO.COMPACT.toJson(saved.get(key)))) {
                throw EnclaveException.badInput("The checkpoint in " + folder + " was made with " + key + " = "
                        + (saved == null ? null : saved.get(key)) + ", not " + expected.get(key) + "; resume with the same options.");
            }
        }
        if (!dataHash.equals(j.get("data_sha256").getAsString())) {
            throw EnclaveException.badInput("The checkpoint in " + folder
                    + " was made with other training data (its SHA-256 differs); resume with the same data.");
        }
        Map<String, float[][]> params = new LinkedHashMap<>();
        Map<String, float[][]> m1 = new LinkedHashMap<>();
        Map<String, float[][]> m2 = new LinkedHashMap<>();
        Map<String, float[][]> grads = new LinkedHashMap<>();
        try (SafeTensors t = SafeTensors.open(folder.resolve("state.safetensors"))) {
            for (var e : fresh.entrySet()) {
                String n = e.getKey();
                float[] a = t.array(n + ".A");
                float[] b = t.array(n + ".B");
                if (a.length != e.getValue()[0].length || b.length != e.getValue()[1].length) {
                    throw EnclaveException.badInput(folder + ": the checkpoint's matrices for " + n
                            + " do not fit the model (another base model?).");
                }
                params.put(n, new float[][] { a, b, e.getValue()[2] });
                m1.put(n, new float[][] { t.array(n + ".m1.A"), t.array(n + ".m1.B") });
                m2.put(n, new float[][] { t.array(n + ".m2.A"), t.array(n + ".m2.B") });
                grads.put(n, new float[][] { t.array(n + ".grad.A"), t.array(n + ".grad.B") });
            }
        } catch (EnclaveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EnclaveException.badInput(folder.resolve("state.safetensors") + " cannot be read: " + e.getMessage());
        }
        List<Integer> order = null;
        if (j.has("order") && j.get("order").isJsonArray()) {
            order = new ArrayList<>();
            for (JsonElement i : j.getAsJsonArray("order")) {
                order.add(i.getAsInt());
            }
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        if (j.has("curves") && j.get("curves").isJsonObject()) {
            for (var e : j.getAsJsonObject("curves").entrySet()) {
                curves.put(e.getKey(), doubles(e.getValue().getAsJsonArray()));
            }
        }
        return new State(params, m1, m2, grads, deserialise(j.get("random").getAsString()), j.get("update").getAsInt(),
                j.get("micro").getAsInt(), j.get("tokens").getAsLong(), doubles(j.getAsJsonArray("loss_curve")),
                doubles(j.getAsJsonArray("validation_loss")), j.get("epoch").getAsInt(), j.get("next_batch").getAsInt(),
                order, curves);
    }

    /** Removes the checkpoint (training completed). */
    void delete() {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot remove the finished run's checkpoint " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static void put(Map<String, SafeTensorsWriter.Tensor> tensors, String name, float[] data) {
        tensors.put(name, new SafeTensorsWriter.Tensor(new long[] { data.length }, data));
    }

    private static List<Double> doubles(JsonArray a) {
        List<Double> out = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> out.add(e.getAsDouble()));
        }
        return out;
    }

    private static String serialise(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private Random deserialise(String text) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            in.setObjectInputFilter(info -> info.serialClass() == null || info.serialClass() == Random.class
                    ? java.io.ObjectInputFilter.Status.ALLOWED
                    : java.io.ObjectInputFilter.Status.REJECTED);
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw EnclaveException.badInput(folder.resolve("state.json") + ": the random state cannot be read.");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
