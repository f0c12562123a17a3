package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.FileIO;

/**
 * Merges a PEFT LoRA adapter into its base model and writes a new Hugging Face model folder:
 * float32 {@code model.safetensors} with W + scale·B·A for every adapted weight, the base's
 * config, generation config and tokenizer files, and {@code enclave-lineage.json} recording the
 * model version: the base's file hashes, the adapter's hash and its training record.
 */
public final class AdapterMerge {
    /** Files copied from the base folder when present. */
    private static final List<String> COPIED = List.of("generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model",
            "chat_template.jinja", "added_tokens.json");

    private AdapterMerge() {
    }

    /**
     * Writes the merged model to {@code out} (which must not exist or be empty).
     *
     * @return the lineage record written beside the weights
     */
    public static Map<String, Object> merge(Path base, Path adapterFolder, Path out, Progress progress) {
        try {
            if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
                throw EnclaveException.badInput(out + " exists and is not empty; give a new folder for the merged model.");
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw EnclaveException.badInput(out + " cannot be created: " + e.getMessage());
        }
        try (Weights w = Weights.open(base); LoraAdapter adapter = LoraAdapter.open(adapterFolder);
                NDManager manager = Djl.newManager()) {
            List<String> names = w.names();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (String n : names) {
                shapes.put(n, w.shape(n));
            }
            progress.begin("Merging " + adapterFolder.getFileName() + " into " + base.getFileName(), names.size());
            Path tmp = out.resolve("model.safetensors.tmp");
            SafeTensorsWriter.write(tmp, shapes, name -> {
                progress.checkCanceled();
                FloatBuffer data;
                if (adapter.adapts(name)) {
                    try (NDManager sub = manager.newSubManager()) {
                        NDArray weight = sub.create(w.bytes(name), new Shape(shapes.get(name)), DataType.FLOAT32);
                        data = FloatBuffer.wrap(adapter.merge(sub, name, weight).toFloatArray());
                    }
                } else {
                    data = w.floats(name);
                }
                progress.worked(1);
                return data;
            }, Map.of("format", "pt"));
            adapter.checkAllApplied();
            Files.move(tmp, out.resolve("model.safetensors"), StandardCopyOption.ATOMIC_MOVE);
            JsonObject config = JsonParser.parseString(Files.readString(base.resolve("config.json"),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            config.addProperty("torch_dtype", "float32");
            if (config.has("dtype")) {
                config.addProperty("dtype", "float32");
            }
            Files.writeString(out.resolve("config.json"), FileIO.GSON.toJson(config) + "\n", StandardCharsets.UTF_8);
            for (String f : COPIED) {
                if (Files.isRegularFile(base.resolve(f))) {
                    Files.copy(base.resolve(f), out.resolve(f));
                }
            }
            Map<String, Object> lineage = lineage(base, adapterFolder);
            Files.writeString(out.resolve("enclave-lineage.json"), FileIO.GSON.toJson(lineage) + "\n",
                    StandardCharsets.UTF_8);
            progress.done();
            return lineage;
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the merged model to " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * A model version: the base's weight and config hashes, the adapter's hash and its training
     * record (data hash, hyper-parameters) when the adapter was trained here; {@code version}
     * is a short hash over all of it.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> lineage(Path base, Path adapterFolder) {
        Path recorded = base.resolve("enclave-lineage.json");
        if (adapterFolder == null && Files.isRegularFile(recorded)) {
            // A merged model is the version it was merged from: base + adapter.
            try {
                return FileIO.GSON.fromJson(Files.readString(recorded, StandardCharsets.UTF_8), LinkedHashMap.class);
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(recorded + " cannot be read: " + e.getMessage());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> baseHashes = modelHashes(base);
        m.put("base", Map.of("folder", base.toAbsolutePath().normalize().toString(), "files", baseHashes));
        String adapterHash = null;
        if (adapterFolder != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("folder", adapterFolder.toAbsolutePath().normalize().toString());
            String hash = LoraTrainer.sha256(adapterFolder.resolve("adapter_model.safetensors"));
            a.put("adapter_model.safetensors", hash);
            adapterHash = hash;
            Path training = adapterFolder.resolve("training.json");
            if (Files.isRegularFile(training)) {
                try {
                    JsonObject t = JsonParser.parseString(Files.readString(training, StandardCharsets.UTF_8))
                            .getAsJsonObject();
                    t.remove("loss_curve");
                    a.put("training", FileIO.GSON.fromJson(t, Map.class));
                } catch (IOException | RuntimeException e) {
                    a.put("training", "unreadable: " + e.getMessage());
                }
            }
            m.put("adapter", a);
        }
        m.put("version", version(baseHashes, adapterHash));
        return m;
    }

    /** A model version's id; see {@link dev.enclave.runtime.ModelInfo#version()}. */
    public static String version(Map<String, String> baseHashes, String adapterHash) {
        return dev.enclave.runtime.ModelInfo.versionOf(baseHashes, adapterHash);
    }

    /** Whether {@link #modelHashes} counts the file. */
    public static boolean versioned(String fileName) {
        return dev.enclave.runtime.ModelInfo.isVersioned(fileName);
    }

    /** SHA-256 of the weights and config of a model folder (or of a model file), by file name. */
    static Map<String, String> modelHashes(Path folder) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (Files.isRegularFile(folder)) {
            // A model given as its file (a .gguf): that file is the model.
            out.put(folder.getFileName().toString(), LoraTrainer.sha256(folder));
            return out;
        }
        try (var s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (versioned(name)) {
                    out.put(name, LoraTrainer.sha256(p));
                }
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot hash " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }
}
