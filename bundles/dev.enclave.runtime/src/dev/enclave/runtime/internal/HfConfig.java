package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;

/**
 * The parts of a Hugging Face {@code config.json} the runtime uses, read from
 * either the classic fields ({@code rope_theta}, {@code rope_scaling}) or the
 * newer {@code rope_parameters}.
 */
public final class HfConfig {
    public final Path file;
    public final JsonObject json;
    public final String architecture;
    public final String modelType;
    public final int hiddenSize;
    public final int layers;
    public final int heads;
    public final int kvHeads;
    public final int headDim;
    public final int intermediateSize;
    public final int vocabSize;
    public final double normEps;
    public final boolean tiedEmbeddings;
    public final int maxPositions;
    public final double ropeTheta;
    public final JsonObject ropeScaling;
    public final int slidingWindow;
    public final List<Integer> eosTokenIds;
    public final String dtype;

    private HfConfig(Path file, JsonObject json) {
        this.file = file;
        this.json = json;
        JsonArray archs = json.has("architectures") && json.get("architectures").isJsonArray()
                ? json.getAsJsonArray("architectures") : new JsonArray();
        this.architecture = archs.isEmpty() ? str("model_type", "") : archs.get(0).getAsString();
        this.modelType = str("model_type", "");
        this.hiddenSize = integer("hidden_size", -1);
        this.layers = integer("num_hidden_layers", -1);
        this.heads = integer("num_attention_heads", -1);
        this.kvHeads = integer("num_key_value_heads", heads);
        this.headDim = json.has("head_dim") && !json.get("head_dim").isJsonNull() ? json.get("head_dim").getAsInt()
                : heads > 0 ? hiddenSize / heads : -1;
        this.intermediateSize = integer("intermediate_size", -1);
        this.vocabSize = integer("vocab_size", -1);
        this.normEps = json.has("rms_norm_eps") ? json.get("rms_norm_eps").getAsDouble()
                : json.has("layer_norm_eps") ? json.get("layer_norm_eps").getAsDouble() : 1e-6;
        this.tiedEmbeddings = json.has("tie_word_embeddings") && json.get("tie_word_embeddings").getAsBoolean();
        this.maxPositions = integer("max_position_embeddings", 2048);
        JsonObject rope = json.has("rope_parameters") && json.get("rope_parameters").isJsonObject()
                ? json.getAsJsonObject("rope_parameters") : null;
        JsonObject scaling = json.has("rope_scaling") && json.get("rope_scaling").isJsonObject()
                ? json.getAsJsonObject("rope_scaling") : null;
        if (rope != null) {
            this.ropeTheta = rope.has("rope_theta") ? rope.get("rope_theta").getAsDouble()
                    : json.has("rope_theta") ? json.get("rope_theta").getAsDouble() : 10000.0;
            this.ropeScaling = rope;
        } else {
            this.ropeTheta = json.has("rope_theta") ? json.get("rope_theta").getAsDouble() : 10000.0;
            this.ropeScaling = scaling;
        }
        boolean useWindow = !json.has("use_sliding_window") || json.get("use_sliding_window").getAsBoolean();
        this.slidingWindow = useWindow && json.has("sliding_window") && !json.get("sliding_window").isJsonNull()
                ? json.get("sliding_window").getAsInt() : 0;
        this.eosTokenIds = ids(json.get("eos_token_id"));
        this.dtype = json.has("torch_dtype") ? str("torch_dtype", "") : str("dtype", "");
    }

    static List<Integer> ids(JsonElement e) {
        List<Integer> out = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                out.add(x.getAsInt());
            }
        } else {
            out.add(e.getAsInt());
        }
        return out;
    }

    private String str(String key, String fallback) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsString() : fallback;
    }

    private int integer(String key, int fallback) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsInt() : fallback;
    }

    /** A config from its JSON ({@code file} is named in messages). */
    public static HfConfig of(Path file, JsonObject json) {
        try {
            return new HfConfig(file, json);
        } catch (RuntimeException e) {
            throw EnclaveException.badInput(file + " has a malformed configuration: " + e.getMessage());
        }
    }

    /**
     * Reads {@code config.json} in {@code folder}; for a GGUF model (a {@code .gguf} file, or a
     * folder holding one) the configuration comes from the file's metadata.
     */
    public static HfConfig read(Path folder) {
        if (GgufModel.isGguf(folder)) {
            try (GgufModel g = GgufModel.open(folder)) {
                return g.hfConfig();
            }
        }
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(folder + " is not a Hugging Face model folder: config.json is missing.");
        }
        try {
            return new HfConfig(file, JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject());
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Throws naming the field when a required size is missing, and when a size is not positive or
     * beyond any real model (checked before anything is allocated for it).
     */
    void require(String... keys) {
        for (String k : keys) {
            if (!json.has(k) || json.get(k).isJsonNull()) {
                throw EnclaveException.badInput(file + " lacks '" + k + "', which " + architecture + " needs.");
            }
        }
        check("hidden_size", hiddenSize, 1 << 20);
        check("num_hidden_layers", layers, 10_000);
        check("num_attention_heads", heads, 1 << 14);
        check("num_key_value_heads", kvHeads, 1 << 14);
        check("head_dim", headDim, 1 << 16);
        check("intermediate_size", intermediateSize, 1 << 22);
        check("vocab_size", vocabSize, 1 << 24);
        check("max_position_embeddings", maxPositions, 1 << 24);
    }

    private void check(String key, long value, long max) {
        if (value <= 0 || value > max) {
            throw EnclaveException.badInput(file + ": '" + key + "' is " + value + ", outside 1.." + max
                    + " (a damaged or hostile config).");
        }
    }
}
