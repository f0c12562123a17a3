package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.enclave.core.EnclaveException;

/**
 * A PEFT LoRA adapter folder ({@code adapter_config.json}, {@code adapter_model.safetensors}):
 * for each adapted weight W, the pair A (r × in), B (out × r) and the scale α/r (or α/√r
 * with rsLoRA), applied the PEFT way as W + scale·B·A.
 */
public final class LoraAdapter implements AutoCloseable {
    /** One adapted weight. */
    record Delta(String aName, String bName, float scale) {
    }

    private final Path folder;
    private final JsonObject config;
    private final SafeTensors tensors;
    private final Map<String, Delta> deltas = new LinkedHashMap<>();
    private final Set<String> applied = new HashSet<>();

    private LoraAdapter(Path folder, JsonObject config, SafeTensors tensors) {
        this.folder = folder;
        this.config = config;
        this.tensors = tensors;
    }

    /** Whether {@code folder} holds a PEFT adapter. */
    public static boolean isAdapter(Path folder) {
        return Files.isRegularFile(folder.resolve("adapter_config.json"));
    }

    public static LoraAdapter open(Path folder) {
        Path cfgFile = folder.resolve("adapter_config.json");
        JsonObject cfg;
        try {
            cfg = JsonParser.parseString(Files.readString(cfgFile, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(cfgFile + " is not valid JSON: " + e.getMessage());
        }
        String type = cfg.has("peft_type") ? cfg.get("peft_type").getAsString() : "";
        if (!type.equals("LORA")) {
            throw EnclaveException.badInput(cfgFile + ": peft_type '" + type + "' is not supported (only LORA).");
        }
        if (cfg.has("use_dora") && cfg.get("use_dora").getAsBoolean()) {
            throw EnclaveException.badInput(cfgFile + ": DoRA adapters are not supported.");
        }
        if (cfg.has("fan_in_fan_out") && cfg.get("fan_in_fan_out").getAsBoolean()) {
            throw EnclaveException.badInput(cfgFile + ": fan_in_fan_out adapters (GPT-2 style) are not supported.");
        }
        Path weights = folder.resolve("adapter_model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw EnclaveException.badInput(folder + ": adapter_model.safetensors is missing.");
        }
        LoraAdapter adapter = new LoraAdapter(folder, cfg, SafeTensors.open(weights));
        adapter.index();
        return adapter;
    }

    private void index() {
        int r = config.get("r").getAsInt();
        float alpha = config.get("lora_alpha").getAsFloat();
        boolean rs = config.has("use_rslora") && config.get("use_rslora").getAsBoolean();
        JsonObject rankPattern = config.has("rank_pattern") && config.get("rank_pattern").isJsonObject()
                ? config.getAsJsonObject("rank_pattern") : new JsonObject();
        JsonObject alphaPattern = config.has("alpha_pattern") && config.get("alpha_pattern").isJsonObject()
                ? config.getAsJsonObject("alpha_pattern") : new JsonObject();
        for (String key : tensors.entries().keySet()) {
            if (!key.endsWith(".lora_A.weight")) {
                continue;
            }
            String module = key.substring(0, key.length() - ".lora_A.weight".length());
            String bKey = module + ".lora_B.weight";
            if (!tensors.entries().containsKey(bKey)) {
                throw EnclaveException.badInput(tensors.file() + ": " + key + " has no matching " + bKey + ".");
            }
            String target = module.startsWith("base_model.model.") ? module.substring("base_model.model.".length())
                    : module;
            int rank = pattern(rankPattern, target, r);
            float a = pattern(alphaPattern, target, alpha);
            float scale = rs ? (float) (a / Math.sqrt(rank)) : a / rank;
            deltas.put(target + ".weight", new Delta(key, bKey, scale));
        }
        if (deltas.isEmpty()) {
            throw EnclaveException.badInput(tensors.file() + " holds no LoRA A/B tensors.");
        }
    }

    private static int pattern(JsonObject p, String module, int fallback) {
        for (var e : p.entrySet()) {
            if (module.endsWith(e.getKey())) {
                return e.getValue().getAsInt();
            }
        }
        return fallback;
    }

    private static float pattern(JsonObject p, String module, float fallback) {
        for (var e : p.entrySet()) {
            if (module.endsWith(e.getKey())) {
                return e.getValue().getAsFloat();
            }
        }
        return fallback;
    }

    public Path folder() {
        return folder;
    }

    /** {@code base_model_name_or_path} from the config, or null. */
    public String baseModel() {
        return config.has("base_model_name_or_path") && !config.get("base_model_name_or_path").isJsonNull()
                ? config.get("base_model_name_or_path").getAsString() : null;
    }

    /**
     * The base model folder: {@code explicit} when given, else {@code base_model_name_or_path}
     * resolved against the adapter folder and each of its parents.
     */
    public Path resolveBase(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String base = baseModel();
        if (base == null) {
            throw EnclaveException.badInput(folder + ": adapter_config.json names no base model; name the base model folder.");
        }
        // The path as written, then its ever shorter tails: an adapter made elsewhere names its base by
        // where it lay there (a path of another tree, "../work/models/qwen2-tiny", or a hub id,
        // "Qwen/Qwen2-0.5B"), and a copy of the base usually lies beside it under the same last names.
        List<String> names = Arrays.stream(base.split("[/\\\\]+"))
                .filter(n -> !n.isEmpty() && !n.equals(".") && !n.equals("..")).toList();
        List<String> tries = new ArrayList<>();
        tries.add(base);
        for (int i = 0; i < names.size(); i++) {
            tries.add(String.join("/", names.subList(i, names.size())));
        }
        for (String t : tries) {
            for (Path dir = folder.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(t).normalize();
                if (Files.isRegularFile(candidate.resolve("config.json"))) {
                    return candidate;
                }
            }
        }
        throw EnclaveException.badInput(folder + ": the base model '" + base
                + "' was not found relative to the adapter folder; name the base model folder.");
    }

    /** Whether {@code weightName} (e.g. {@code model.layers.0.self_attn.q_proj.weight}) is adapted. */
    boolean adapts(String weightName) {
        return deltas.containsKey(weightName);
    }

    /** W + scale·B·A in {@code manager}; marks the delta as applied. */
    NDArray merge(NDManager manager, String weightName, NDArray base) {
        Delta d = deltas.get(weightName);
        long[] aShape = tensors.entries().get(d.aName()).shape();
        long[] bShape = tensors.entries().get(d.bName()).shape();
        Shape wShape = base.getShape();
        if (bShape[0] != wShape.get(0) || aShape[1] != wShape.get(1) || aShape[0] != bShape[1]) {
            throw EnclaveException.badInput(tensors.file() + ": LoRA tensors for " + weightName + " have shapes A "
                    + java.util.Arrays.toString(aShape) + ", B " + java.util.Arrays.toString(bShape)
                    + " that do not fit the base weight " + wShape + ".");
        }
        NDArray a = manager.create(tensors.bytes(d.aName()), new Shape(aShape), DataType.FLOAT32);
        NDArray b = manager.create(tensors.bytes(d.bName()), new Shape(bShape), DataType.FLOAT32);
        applied.add(weightName);
        return base.add(b.matMul(a).mul(d.scale()));
    }

    /**
     * A (rank × in) and B (out × rank) of {@code weightName} as float32 arrays, checked against the
     * base weight's shape; marks the delta as applied (serving on a quantized base keeps them
     * beside the weight instead of merging).
     */
    float[][] factors(String weightName, long outRows, long inCols) {
        Delta d = deltas.get(weightName);
        long[] aShape = tensors.entries().get(d.aName()).shape();
        long[] bShape = tensors.entries().get(d.bName()).shape();
        if (bShape[0] != outRows || aShape[1] != inCols || aShape[0] != bShape[1]) {
            throw EnclaveException.badInput(tensors.file() + ": LoRA tensors for " + weightName + " have shapes A "
                    + java.util.Arrays.toString(aShape) + ", B " + java.util.Arrays.toString(bShape)
                    + " that do not fit the base weight [" + outRows + ", " + inCols + "].");
        }
        applied.add(weightName);
        return new float[][] { tensors.array(d.aName()), tensors.array(d.bName()) };
    }

    /** Throws when some adapted weight does not exist in the base model. */
    void checkAllApplied() {
        for (String name : deltas.keySet()) {
            if (!applied.contains(name)) {
                throw EnclaveException.badInput(folder + ": the adapter targets " + name
                        + ", which the base model does not have (wrong base model?).");
            }
        }
    }

    /** Names of the adapted weights. */
    List<String> targets() {
        return List.copyOf(deltas.keySet());
    }

    /** Writable copies of A (index 0) and B (index 1) of {@code weightName}, for training. */
    NDArray[] trainable(NDManager manager, String weightName) {
        Delta d = deltas.get(weightName);
        NDArray a = manager.create(tensors.array(d.aName()), new Shape(tensors.entries().get(d.aName()).shape()));
        NDArray b = manager.create(tensors.array(d.bName()), new Shape(tensors.entries().get(d.bName()).shape()));
        return new NDArray[] { a, b };
    }

    /** The scale of {@code weightName}'s update. */
    float scale(String weightName) {
        return deltas.get(weightName).scale();
    }

    @Override
    public void close() {
        tensors.close();
    }
}
