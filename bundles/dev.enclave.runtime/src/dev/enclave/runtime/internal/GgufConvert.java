package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;

/**
 * Hugging Face decoder folder → GGUF file, as llama.cpp's {@code convert_hf_to_gguf.py} lays
 * it out (tensor names, metadata keys, Llama's q/k row permutation, Llama 3 rope as a
 * {@code rope_freqs} tensor, the BPE tokenizer as {@code tokenizer.ggml.*}), with the 2-D
 * weights quantized on the way. Norms and biases stay float32. A weight whose rows do not split
 * into the chosen type's blocks falls back as llama.cpp does: Q4_K to Q4_0, then to F16.
 */
public final class GgufConvert {
    private GgufConvert() {
    }

    /** The type a {@code --quantize} name stands for. */
    public static GgmlType type(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
        case "q8_0" -> GgmlType.Q8_0;
        case "q4_0" -> GgmlType.Q4_0;
        case "q4_k", "q4_k_m", "q4_k_s" -> GgmlType.Q4_K;
        case "f16" -> GgmlType.F16;
        case "f32" -> GgmlType.F32;
        default -> throw EnclaveException.badInput("--quantize " + name + " is not known (use q8_0, q4_0 or q4_k).");
        };
    }

    static String ggufArch(String architecture) {
        return switch (architecture) {
        case "LlamaForCausalLM", "MistralForCausalLM" -> "llama";
        case "Qwen2ForCausalLM" -> "qwen2";
        case "Qwen3ForCausalLM" -> "qwen3";
        default -> throw EnclaveException.badInput("GGUF export supports Llama, Mistral, Qwen2 and Qwen3, not "
                + architecture + ".");
        };
    }

    /** llama.cpp's general.file_type for a tensor type. */
    private static int fileType(GgmlType t) {
        return switch (t) {
        case F32 -> 0;
        case F16 -> 1;
        case Q4_0 -> 2;
        case Q8_0 -> 7;
        case Q4_K -> 15;
        case BF16 -> 32;
        default -> 0;
        };
    }

    /** The GGUF name of a transformers weight name. */
    static String ggufName(String hf) {
        String n = hf.startsWith("model.") ? hf.substring(6) : hf;
        if (n.equals("embed_tokens.weight")) {
            return "token_embd.weight";
        }
        if (n.equals("lm_head.weight")) {
            return "output.weight";
        }
        if (n.equals("norm.weight")) {
            return "output_norm.weight";
        }
        if (n.startsWith("layers.")) {
            int dot = n.indexOf('.', 7);
            String block = "blk." + n.substring(7, dot) + ".";
            String rest = n.substring(dot + 1);
            String[][] map = { { "input_layernorm.", "attn_norm." }, { "post_attention_layernorm.", "ffn_norm." },
                    { "self_attn.q_proj.", "attn_q." }, { "self_attn.k_proj.", "attn_k." },
                    { "self_attn.v_proj.", "attn_v." }, { "self_attn.o_proj.", "attn_output." },
                    { "self_attn.q_norm.", "attn_q_norm." }, { "self_attn.k_norm.", "attn_k_norm." },
                    { "mlp.gate_proj.", "ffn_gate." }, { "mlp.up_proj.", "ffn_up." }, { "mlp.down_proj.", "ffn_down." } };
            for (String[] m : map) {
                if (rest.startsWith(m[0])) {
                    return block + m[1] + rest.substring(m[0].length());
                }
            }
        }
        return null;
    }

    /** The type a matrix with rows of {@code cols} values gets when {@code wanted} is asked for. */
    static GgmlType fit(GgmlType wanted, long cols) {
        if (cols % wanted.blockSize == 0) {
            return wanted;
        }
        if (wanted == GgmlType.Q4_K && cols % 32 == 0) {
            return GgmlType.Q4_0;
        }
        return GgmlType.F16;
    }

    /**
     * Writes {@code target} from the Hugging Face decoder in {@code folder}, 2-D weights in
     * {@code matrices} (F32, F16, Q8_0, Q4_0, Q4_K).
     */
    public static void convert(Path folder, Path target, GgmlType matrices) {
        HfConfig c = HfConfig.read(folder);
        c.require("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size");
        String arch = ggufArch(c.architecture);
        GgufWriter w = new GgufWriter();
        hyperParameters(w, c, arch, folder.getFileName().toString(), matrices);
        Path tok = folder.resolve("tokenizer.json");
        if (Files.isRegularFile(tok)) {
            tokenizer(w, folder, c);
        }
        try (Weights weights = Weights.open(folder)) {
            for (String name : weights.names()) {
                String g = ggufName(name);
                if (g == null) {
                    continue;
                }
                if (g.equals("output.weight") && c.tiedEmbeddings) {
                    continue;
                }
                long[] shape = weights.shape(name);
                long[] dims = new long[shape.length];
                for (int i = 0; i < shape.length; i++) {
                    dims[i] = shape[shape.length - 1 - i];
                }
                GgmlType t = shape.length == 2 ? fit(matrices, dims[0]) : GgmlType.F32;
                int permuteHeads = !arch.equals("llama") ? 0
                        : g.endsWith("attn_q.weight") || g.endsWith("attn_q.bias") ? c.heads
                                : g.endsWith("attn_k.weight") || g.endsWith("attn_k.bias") ? c.kvHeads : 0;
                w.tensor(g, t, dims, rows(weights, name, dims[0], permuteHeads));
            }
            ropeFreqs(w, c);
            Files.createDirectories(target.toAbsolutePath().getParent());
            w.write(target);
        } catch (IOException e) {
            throw EnclaveException.badInput(target + " cannot be written: " + e.getMessage());
        }
    }

    /**
     * Rows of a weight; with {@code heads} > 0 in llama.cpp's order for interleaved rotation:
     * within each head, row 2i is row i and row 2i+1 is row i + headDim/2.
     */
    private static GgufWriter.Rows rows(Weights weights, String name, long cols, int heads) {
        FloatBuffer[] held = new FloatBuffer[1];
        return (first, count, out) -> {
            if (held[0] == null) {
                held[0] = weights.floats(name);
            }
            FloatBuffer all = held[0];
            long total = all.capacity() / cols;
            int perHead = heads > 0 ? (int) (total / heads) : 0;
            for (int i = 0; i < count; i++) {
                long r = first + i;
                if (heads > 0) {
                    int h = (int) (r / perHead);
                    int j = (int) (r % perHead);
                    int half = perHead / 2;
                    r = (long) h * perHead + (j % 2 == 0 ? j / 2 : half + j / 2);
                }
                all.get(Math.toIntExact(r * cols), out, (int) (i * cols), (int) cols);
            }
        };
    }

    private static void hyperParameters(GgufWriter w, HfConfig c, String arch, String name, GgmlType matrices) {
        String a = arch + ".";
        w.string("general.architecture", arch).string("general.name", name).u32("general.file_type", fileType(matrices))
                .u32("general.quantization_version", 2).u32(a + "context_length", c.maxPositions)
                .u32(a + "embedding_length", c.hiddenSize).u32(a + "block_count", c.layers)
                .u32(a + "feed_forward_length", c.intermediateSize).u32(a + "attention.head_count", c.heads)
                .u32(a + "attention.head_count_kv", c.kvHeads).u32(a + "attention.key_length", c.headDim)
                .u32(a + "attention.value_length", c.headDim).u32(a + "rope.dimension_count", c.headDim)
                .f32(a + "attention.layer_norm_rms_epsilon", c.normEps).f32(a + "rope.freq_base", c.ropeTheta)
                .u32(a + "vocab_size", c.vocabSize);
        if (c.slidingWindow > 0) {
            w.u32(a + "attention.sliding_window", c.slidingWindow);
        }
        JsonObject s = c.ropeScaling;
        String type = s == null ? "default" : s.has("rope_type") ? s.get("rope_type").getAsString()
                : s.has("type") ? s.get("type").getAsString() : "default";
        switch (type) {
        case "default", "llama3" -> {
            // llama3: the rope_freqs tensor
        }
        case "linear", "yarn" -> {
            w.string(a + "rope.scaling.type", type).f32(a + "rope.scaling.factor", s.get("factor").getAsDouble());
            if (s.has("original_max_position_embeddings")) {
                w.u32(a + "rope.scaling.original_context_length", s.get("original_max_position_embeddings").getAsLong());
            }
        }
        default -> throw EnclaveException.badInput(c.file + ": rope scaling '" + type + "' has no GGUF form here.");
        }
    }

    /** Llama 3 rope scaling as llama.cpp stores it: per-frequency divisors in {@code rope_freqs.weight}. */
    private static void ropeFreqs(GgufWriter w, HfConfig c) {
        JsonObject s = c.ropeScaling;
        if (s == null || !"llama3".equals(s.has("rope_type") ? s.get("rope_type").getAsString()
                : s.has("type") ? s.get("type").getAsString() : "")) {
            return;
        }
        float[] scaled = Rope.frequencies(c).inverse();
        float[] factors = new float[scaled.length];
        int dim = scaled.length * 2;
        for (int i = 0; i < scaled.length; i++) {
            float exponent = (float) (2 * i) / dim;
            float base = (float) (1.0 / (float) Math.pow(c.ropeTheta, exponent));
            factors[i] = base / scaled[i];
        }
        w.tensor("rope_freqs.weight", GgmlType.F32, new long[] { factors.length },
                (first, count, out) -> System.arraycopy(factors, (int) first, out, 0, count * factors.length));
    }

    /** The folder's tokenizer.json (byte-level BPE) as llama.cpp's tokenizer metadata. */
    private static void tokenizer(GgufWriter w, Path folder, HfConfig c) {
        Path file = folder.resolve("tokenizer.json");
        JsonObject t;
        try {
            t = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " is not valid JSON: " + e.getMessage());
        }
        JsonObject model = t.getAsJsonObject("model");
        if (model == null || !"BPE".equals(model.get("type").getAsString())) {
            throw EnclaveException.badInput(file + ": only BPE tokenizers can be written into GGUF metadata.");
        }
        Map<Integer, String> byId = new LinkedHashMap<>();
        Map<Integer, Integer> types = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : model.getAsJsonObject("vocab").entrySet()) {
            byId.put(e.getValue().getAsInt(), e.getKey());
        }
        if (t.has("added_tokens")) {
            for (JsonElement e : t.getAsJsonArray("added_tokens")) {
                JsonObject o = e.getAsJsonObject();
                int id = o.get("id").getAsInt();
                byId.put(id, o.get("content").getAsString());
                types.put(id, o.get("special").getAsBoolean() ? 3 : 4);
            }
        }
        int n = Math.max(c.vocabSize, byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
        List<String> tokens = new ArrayList<>(n);
        List<Integer> tokenTypes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String tok = byId.get(i);
            tokens.add(tok == null ? "[PAD" + i + "]" : tok);
            tokenTypes.add(tok == null ? 5 : types.getOrDefault(i, 1));
        }
        List<String> merges = new ArrayList<>();
        for (JsonElement m : model.getAsJsonArray("merges")) {
            if (m.isJsonArray()) {
                merges.add(m.getAsJsonArray().get(0).getAsString() + " " + m.getAsJsonArray().get(1).getAsString());
            } else {
                merges.add(m.getAsString());
            }
        }
        w.string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", preName(file, t.get("pre_tokenizer")))
                .strings("tokenizer.ggml.tokens", tokens).ints("tokenizer.ggml.token_type", tokenTypes)
                .strings("tokenizer.ggml.merges", merges);
        JsonObject cfg = readJson(folder.resolve("tokenizer_config.json"));
        Integer eos = c.eosTokenIds.isEmpty() ? idOf(tokens, special(cfg, "eos_token")) : c.eosTokenIds.get(0);
        if (eos != null) {
            w.u32("tokenizer.ggml.eos_token_id", eos);
        }
        Integer bos = idOf(tokens, special(cfg, "bos_token"));
        if (bos != null) {
            w.u32("tokenizer.ggml.bos_token_id", bos);
        }
        Integer pad = idOf(tokens, special(cfg, "pad_token"));
        if (pad != null) {
            w.u32("tokenizer.ggml.padding_token_id", pad);
        }
        w.bool("tokenizer.ggml.add_bos_token", cfg.has("add_bos_token") && cfg.get("add_bos_token").getAsBoolean());
        try (HfTokenizer tk = HfTokenizer.load(folder)) {
            String template = tk.chatTemplate();
            if (template != null) {
                w.string("tokenizer.chat_template", template);
            }
        }
    }

    private static JsonObject readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " is not valid JSON: " + e.getMessage());
        }
    }

    private static String special(JsonObject cfg, String key) {
        JsonElement e = cfg.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return e.isJsonObject() ? e.getAsJsonObject().get("content").getAsString() : e.getAsString();
    }

    private static Integer idOf(List<String> tokens, String token) {
        if (token == null) {
            return null;
        }
        int i = tokens.indexOf(token);
        return i < 0 ? null : i;
    }

    /** llama.cpp's pre-tokenizer name for a tokenizer.json pre_tokenizer. */
    private static String preName(Path file, JsonElement pre) {
        if (pre != null && pre.isJsonObject()) {
            JsonObject p = pre.getAsJsonObject();
            String type = p.get("type").getAsString();
            if (type.equals("ByteLevel") && (!p.has("use_regex") || p.get("use_regex").getAsBoolean())) {
                return "gpt2";
            }
            if (type.equals("Sequence")) {
                for (JsonElement e : p.getAsJsonArray("pretokenizers")) {
                    JsonObject o = e.getAsJsonObject();
                    if (o.get("type").getAsString().equals("Split") && o.has("pattern")
                            && o.getAsJsonObject("pattern").has("Regex")) {
                        String regex = o.getAsJsonObject("pattern").get("Regex").getAsString();
                        for (Map.Entry<String, String> k : GgufModel.PRE_TOKENIZERS.entrySet()) {
                            if (k.getValue().equals(regex)) {
                                return k.getKey();
                            }
                        }
                    }
                }
            }
        }
        throw EnclaveException.badInput(file + ": its pre-tokenizer " + pre + " has no llama.cpp name here "
                + "(known: gpt2, " + String.join(", ", GgufModel.PRE_TOKENIZERS.keySet()) + ").");
    }

    /** Shape of a random decoder for benchmarks. */
    public record Shape(String arch, int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab,
            boolean qkvBias, boolean tied) {
        /** Qwen2.5-0.5B. */
        public static final Shape QWEN_0_5B = new Shape("qwen2", 896, 24, 14, 2, 4864, 151936, true, true);
        /** Qwen2.5-7B. */
        public static final Shape QWEN_7B = new Shape("qwen2", 3584, 28, 28, 4, 18944, 152064, true, false);
    }

    /**
     * Writes a model of {@code shape} with random weights (uniform, scaled like an initialised
     * network, deterministic from {@code seed}) and a byte-level vocabulary, for benchmarks.
     */
    public static void random(Shape s, GgmlType matrices, long seed, Path target) {
        random(s, matrices, seed, target, false);
    }

    /**
     * As {@link #random(Shape, GgmlType, long, Path)}; with {@code directBlocks} Q8_0 and Q4_0
     * matrices are written as random blocks (random quants, one scale for all) without
     * quantizing floats: a 7B file in seconds instead of minutes, for speed benchmarks only.
     */
    public static void random(Shape s, GgmlType matrices, long seed, Path target, boolean directBlocks) {
        int hd = s.hidden() / s.heads();
        String a = s.arch() + ".";
        GgufWriter w = new GgufWriter();
        w.string("general.architecture", s.arch()).string("general.name", "random-" + s.arch())
                .u32("general.file_type", fileType(matrices)).u32("general.quantization_version", 2)
                .u32(a + "context_length", 4096).u32(a + "embedding_length", s.hidden())
                .u32(a + "block_count", s.layers()).u32(a + "feed_forward_length", s.intermediate())
                .u32(a + "attention.head_count", s.heads()).u32(a + "attention.head_count_kv", s.kvHeads())
                .f32(a + "attention.layer_norm_rms_epsilon", 1e-6).f32(a + "rope.freq_base", 1000000.0);
        List<String> tokens = new ArrayList<>(s.vocab());
        List<Integer> types = new ArrayList<>(s.vocab());
        for (int i = 0; i < s.vocab(); i++) {
            tokens.add(i < 256 ? byteToken(i) : "[T" + i + "]");
            types.add(1);
        }
        w.string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", "qwen2").strings("tokenizer.ggml.tokens", tokens)
                .ints("tokenizer.ggml.token_type", types).strings("tokenizer.ggml.merges", List.of())
                .u32("tokenizer.ggml.eos_token_id", s.vocab() - 1);
        long d = s.hidden();
        long kv = (long) s.kvHeads() * hd;
        Matrices mx = directBlocks && (matrices == GgmlType.Q8_0 || matrices == GgmlType.Q4_0) ? GgufConvert::blocks
                : GgufConvert::matrix;
        mx.add(w, "token_embd.weight", matrices, s.vocab(), d, seed);
        vector(w, "output_norm.weight", d, 1f);
        if (!s.tied()) {
            mx.add(w, "output.weight", matrices, s.vocab(), d, seed + 1);
        }
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            long ls = seed + 100L * (i + 1);
            vector(w, p + "attn_norm.weight", d, 1f);
            vector(w, p + "ffn_norm.weight", d, 1f);
            mx.add(w, p + "attn_q.weight", matrices, d, d, ls);
            mx.add(w, p + "attn_k.weight", matrices, kv, d, ls + 1);
            mx.add(w, p + "attn_v.weight", matrices, kv, d, ls + 2);
            mx.add(w, p + "attn_output.weight", matrices, d, d, ls + 3);
            if (s.qkvBias()) {
                vector(w, p + "attn_q.bias", d, 0.01f);
                vector(w, p + "attn_k.bias", kv, 0.01f);
                vector(w, p + "attn_v.bias", kv, 0.01f);
            }
            mx.add(w, p + "ffn_gate.weight", matrices, s.intermediate(), d, ls + 4);
            mx.add(w, p + "ffn_up.weight", matrices, s.intermediate(), d, ls + 5);
            mx.add(w, p + "ffn_down.weight", matrices, d, s.intermediate(), ls + 6);
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            w.write(target);
        } catch (IOException e) {
            throw EnclaveException.badInput(target + " cannot be written: " + e.getMessage());
        }
    }

    /** GPT-2's printable form of byte {@code b}. */
    private static String byteToken(int b) {
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
            return String.valueOf((char) b);
        }
        int n = 0;
        for (int i = 0; i < b; i++) {
            if (!((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF))) {
                n++;
            }
        }
        return String.valueOf((char) (256 + n));
    }

    private static void vector(GgufWriter w, String name, long n, float value) {
        w.tensor(name, GgmlType.F32, new long[] { n }, (first, count, out) -> Arrays.fill(out, 0, (int) (count * n), value));
    }

    @FunctionalInterface
    private interface Matrices {
        void add(GgufWriter w, String name, GgmlType type, long rows, long cols, long seed);
    }

    /** Random Q8_0/Q4_0 blocks: random quants, every block scaled so weights span about ±1/√cols. */
    private static void blocks(GgufWriter w, String name, GgmlType type, long rows, long cols, long seed) {
        short d = Float.floatToFloat16((float) (1 / Math.sqrt(cols)) / (type == GgmlType.Q8_0 ? 127 : 8));
        long rowBytes = type.bytes(cols);
        w.tensorBlocks(name, type, new long[] { cols, rows }, (first, count, out) -> {
            long x = seed * 0x9E3779B97F4A7C15L ^ first * 0xBF58476D1CE4E5B9L | 1;
            for (long o = 0; o + 8 <= rowBytes * count; o += 8) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                out.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, o, x);
            }
            for (long b = 0; b < rowBytes * count / type.typeSize; b++) {
                out.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN),
                        b * type.typeSize, d);
            }
        });
    }

    private static void matrix(GgufWriter w, String name, GgmlType type, long rows, long cols, long seed) {
        float scale = (float) (1 / Math.sqrt(cols));
        w.tensor(name, fit(type, cols), new long[] { cols, rows }, (first, count, out) -> {
            for (int i = 0; i < count; i++) {
                long x = (seed * 0x9E3779B97F4A7C15L) ^ (first + i) * 0xBF58476D1CE4E5B9L;
                for (int j = 0; j < cols; j++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    out[(int) (i * cols + j)] = ((x >>> 40) / (float) (1 << 24) * 2 - 1) * scale;
                }
            }
        });
    }
}
