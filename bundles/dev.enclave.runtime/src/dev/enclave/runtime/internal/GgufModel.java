package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/**
 * A GGUF model: one {@code .gguf} file or the shards {@code NAME-0000i-of-0000n.gguf} of one, as
 * the decoder runtime sees it: the hyper-parameters as a transformers-style config (so the rest
 * of the runtime reads GGUF and Hugging Face models alike), the BPE tokenizer rebuilt from the
 * {@code tokenizer.ggml.*} metadata as a {@code tokenizer.json} for the Hugging Face tokenizers
 * library, and the weights as {@link QuantMatrix} views of the mapped files.
 *
 * <p>Tensor names follow llama.cpp ({@code token_embd}, {@code blk.N.attn_q} …); Llama and
 * Mistral files hold q and k with their rows permuted for llama.cpp's interleaved rotation,
 * which the decoding step honours instead of permuting back.
 */
public final class GgufModel implements AutoCloseable {
    private static final Pattern SHARD = Pattern.compile("(.*)-(\\d{5})-of-(\\d{5})\\.gguf");
    /** The pre-tokenizer names of llama.cpp and the split expression each stands for. */
    static final Map<String, String> PRE_TOKENIZERS = Map.of(
            "qwen2", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "llama-bpe", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+"
                    + "[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final Path file;
    private final List<GgufFile> files = new ArrayList<>();
    private final Map<String, GgufFile> byTensor = new HashMap<>();
    private final Map<String, Object> meta;
    private final String arch;

    private GgufModel(Path first, List<Path> shards) {
        this.file = first;
        try {
            for (Path p : shards) {
                GgufFile f = GgufFile.open(p);
                files.add(f);
                for (String n : f.tensors().keySet()) {
                    if (byTensor.put(n, f) != null) {
                        throw EnclaveException.badInput(p + " holds tensor '" + n + "', which another shard holds too.");
                    }
                }
            }
            meta = files.get(0).metadata();
            Object a = meta.get("general.architecture");
            if (!(a instanceof String s)) {
                throw EnclaveException.badInput(first + " has no general.architecture in its metadata.");
            }
            arch = s;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The GGUF file standing for a model: {@code path} itself when it is a {@code .gguf} file, else
     * the folder's only {@code .gguf} (or the first shard of a sharded one); null when the folder
     * holds none.
     */
    public static Path find(Path path) {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().endsWith(".gguf") ? path : null;
        }
        if (!Files.isDirectory(path)) {
            return null;
        }
        List<Path> ggufs;
        try (Stream<Path> s = Files.list(path)) {
            ggufs = s.filter(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw EnclaveException.badInput(path + " cannot be listed: " + e.getMessage());
        }
        if (ggufs.isEmpty()) {
            return null;
        }
        List<Path> firsts = ggufs.stream().filter(p -> {
            Matcher m = SHARD.matcher(p.getFileName().toString());
            return !m.matches() || Integer.parseInt(m.group(2)) == 1;
        }).toList();
        if (firsts.size() != 1) {
            throw EnclaveException.badInput(path + " holds " + firsts.size() + " GGUF models (" + firsts
                    + "); keep one per folder.");
        }
        return firsts.get(0);
    }

    /** Whether {@code folder} (or file) is a GGUF model. */
    public static boolean isGguf(Path folder) {
        return find(folder) != null;
    }

    /** Opens the GGUF model at {@code path} (a .gguf file, its first shard, or a folder holding one). */
    public static GgufModel open(Path path) {
        Path first = find(path);
        if (first == null) {
            throw EnclaveException.badInput(path + " holds no .gguf file.");
        }
        List<Path> shards = new ArrayList<>();
        Matcher m = SHARD.matcher(first.getFileName().toString());
        if (m.matches()) {
            int n = Integer.parseInt(m.group(3));
            for (int i = 1; i <= n; i++) {
                Path shard = first.resolveSibling(String.format(Locale.ROOT, "%s-%05d-of-%05d.gguf", m.group(1), i, n));
                if (!Files.isRegularFile(shard)) {
                    throw EnclaveException.badInput(first + " is shard 1 of " + n + " but " + shard.getFileName()
                            + " is missing.");
                }
                shards.add(shard);
            }
        } else {
            shards.add(first);
        }
        return new GgufModel(first, shards);
    }

    public Path file() {
        return file;
    }

    public Map<String, Object> metadata() {
        return meta;
    }

    /** The tensor infos of every shard, by name. */
    public Map<String, GgufFile.Tensor> tensors() {
        Map<String, GgufFile.Tensor> out = new java.util.LinkedHashMap<>();
        files.forEach(f -> out.putAll(f.tensors()));
        return out;
    }

    private EnclaveException bad(String problem) {
        return EnclaveException.badInput(file + " " + problem + ".");
    }

    private long integer(String key, long fallback) {
        Object v = meta.get(key);
        if (v == null) {
            if (fallback == Long.MIN_VALUE) {
                throw bad("lacks the metadata '" + key + "'");
            }
            return fallback;
        }
        if (!(v instanceof Long l)) {
            throw bad("has metadata '" + key + "' = " + v + ", not an integer");
        }
        return l;
    }

    private int size(String key, long fallback, long max) {
        long v = integer(key, fallback);
        if (v <= 0 || v > max) {
            throw bad("has metadata '" + key + "' = " + v + ", outside 1.." + max);
        }
        return (int) v;
    }

    private double real(String key, double fallback) {
        Object v = meta.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    /** transformers' class name for the file's architecture. */
    String architecture() {
        return switch (arch) {
        case "llama" -> "LlamaForCausalLM";
        case "mistral" -> "MistralForCausalLM";
        case "qwen2" -> "Qwen2ForCausalLM";
        case "qwen3" -> "Qwen3ForCausalLM";
        default -> throw bad("has architecture '" + arch + "'; GGUF models of llama, mistral, qwen2 and qwen3 are supported");
        };
    }

    /** The predominant type of the 2-D weights, lower case as llama.cpp names files (q4_0, q8_0, f16 …). */
    public String quantization() {
        Map<GgmlType, Long> bytes = new HashMap<>();
        for (GgufFile.Tensor t : tensors().values()) {
            if (t.dims().length == 2) {
                bytes.merge(t.type(), t.bytes(), Long::sum);
            }
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name().toLowerCase(Locale.ROOT))
                .orElse("f32");
    }

    /** Whether q and k rotate adjacent pairs (llama.cpp's Llama layout). */
    boolean interleavedRope() {
        return arch.equals("llama") || arch.equals("mistral");
    }

    /** The hyper-parameters as a transformers {@code config.json}, validated against the tensors. */
    public JsonObject config() {
        String a = arch + ".";
        JsonObject c = new JsonObject();
        JsonArray archs = new JsonArray();
        archs.add(architecture());
        c.add("architectures", archs);
        c.addProperty("model_type", arch);
        int hidden = size(a + "embedding_length", Long.MIN_VALUE, 1 << 20);
        int heads = size(a + "attention.head_count", Long.MIN_VALUE, 1 << 14);
        c.addProperty("hidden_size", hidden);
        c.addProperty("num_hidden_layers", size(a + "block_count", Long.MIN_VALUE, 10_000));
        c.addProperty("intermediate_size", size(a + "feed_forward_length", Long.MIN_VALUE, 1 << 22));
        c.addProperty("num_attention_heads", heads);
        c.addProperty("num_key_value_heads", size(a + "attention.head_count_kv", heads, 1 << 14));
        if (meta.containsKey(a + "attention.key_length")) {
            c.addProperty("head_dim", size(a + "attention.key_length", 0, 1 << 16));
        }
        GgufFile.Tensor embed = tensor("token_embd.weight");
        if (embed.dims().length != 2 || embed.dims()[0] != hidden) {
            throw bad("has token_embd.weight of shape " + Arrays.toString(embed.dims())
                    + " but embedding_length " + hidden + " (shapes disagree with the metadata)");
        }
        long vocab = embed.dims()[1];
        c.addProperty("vocab_size", vocab);
        c.addProperty("rms_norm_eps", real(a + "attention.layer_norm_rms_epsilon", 1e-6));
        c.addProperty("max_position_embeddings", size(a + "context_length", 2048, 1 << 24));
        c.addProperty("rope_theta", real(a + "rope.freq_base", 10000.0));
        c.addProperty("tie_word_embeddings", !byTensor.containsKey("output.weight"));
        if (meta.containsKey(a + "attention.sliding_window")) {
            c.addProperty("sliding_window", size(a + "attention.sliding_window", 0, 1 << 24));
            c.addProperty("use_sliding_window", true);
        } else {
            c.addProperty("use_sliding_window", false);
        }
        if (meta.get("tokenizer.ggml.eos_token_id") instanceof Long eos) {
            c.addProperty("eos_token_id", eos);
        }
        JsonObject scaling = ropeScaling(a);
        if (scaling != null) {
            c.add("rope_scaling", scaling);
        }
        c.addProperty("torch_dtype", quantization());
        return c;
    }

    private JsonObject ropeScaling(String a) {
        if (byTensor.containsKey("rope_freqs.weight")) {
            float[] f = vector("rope_freqs.weight", -1);
            JsonArray factors = new JsonArray();
            for (float v : f) {
                factors.add(v);
            }
            JsonObject s = new JsonObject();
            s.addProperty("rope_type", "freq_factors");
            s.add("factors", factors);
            return s;
        }
        Object type = meta.get(a + "rope.scaling.type");
        if (type == null || "none".equals(type)) {
            return null;
        }
        JsonObject s = new JsonObject();
        s.addProperty("rope_type", String.valueOf(type));
        s.addProperty("factor", real(a + "rope.scaling.factor", 1.0));
        if (meta.containsKey(a + "rope.scaling.original_context_length")) {
            s.addProperty("original_max_position_embeddings", integer(a + "rope.scaling.original_context_length", 0));
        }
        return s;
    }

    /** The config as the runtime's {@link HfConfig}. */
    public HfConfig hfConfig() {
        return HfConfig.of(file, config());
    }

    private GgufFile.Tensor tensor(String name) {
        GgufFile f = byTensor.get(name);
        if (f == null) {
            throw bad("has no tensor '" + name + "' (incomplete, or not a " + arch + " model)");
        }
        return f.tensors().get(name);
    }

    boolean has(String name) {
        return byTensor.containsKey(name);
    }

    /** A 2-D weight (rows × cols) in place, after checking its shape. */
    QuantMatrix matrix(String name, long rows, long cols) {
        GgufFile.Tensor t = tensor(name);
        if (t.dims().length != 2 || t.dims()[0] != cols || t.dims()[1] != rows) {
            throw bad("has tensor '" + name + "' of shape " + Arrays.toString(t.shape()) + " but the metadata implies ["
                    + rows + ", " + cols + "] (shapes disagree with the metadata)");
        }
        return new QuantMatrix(t.type(), byTensor.get(name).data(t), (int) rows, (int) cols);
    }

    /** A 1-D tensor as float32 (copied: norms and biases are small); {@code n} < 0 takes any length. */
    float[] vector(String name, long n) {
        GgufFile.Tensor t = tensor(name);
        if (t.dims().length != 1 || (n >= 0 && t.dims()[0] != n) || t.dims()[0] % t.type().blockSize != 0) {
            throw bad("has tensor '" + name + "' of shape " + Arrays.toString(t.shape()) + " but the metadata implies ["
                    + n + "] (shapes disagree with the metadata)");
        }
        float[] out = new float[(int) t.dims()[0]];
        t.type().dequantize(byTensor.get(name).data(t), 0, out, 0, out.length);
        return out;
    }

    /**
     * Rows {@code [from, to)} of a 2-D weight as float32 into {@code out} (from its position 0,
     * (to - from) × cols floats), in transformers' row order: with {@code permuteHeads} > 0, q and
     * k of a Llama-layout file are put back from llama.cpp's interleaved order. For training on a
     * frozen quantized base, a layer at a time; decoding never calls this (it reads the blocks in
     * place).
     */
    void dequantizeRows(String name, long rows, long cols, int permuteHeads, int from, int to,
            java.nio.FloatBuffer out) {
        QuantMatrix m = matrix(name, rows, cols);
        int c = (int) cols;
        int perHead = permuteHeads > 0 && interleavedRope() ? (int) (rows / permuteHeads) : 0;
        Spread.run(to - from, 64, (a, b) -> {
            float[] row = new float[c];
            for (int r = from + a; r < from + b; r++) {
                m.row(fileRow(r, perHead), row);
                out.put((r - from) * c, row);
            }
        });
    }

    /** The file's row holding transformers' row {@code r} (the inverse of {@link #hfRow}). */
    private static int fileRow(int r, int perHead) {
        if (perHead == 0) {
            return r;
        }
        int j = r % perHead;
        int half = perHead / 2;
        return r - j + (j < half ? 2 * j : 2 * (j - half) + 1);
    }

    /** A 1-D tensor as float32 in transformers' order (see {@link #dequantizeRows}); null when absent. */
    float[] hfVector(String name, long n, int permuteHeads) {
        if (!has(name)) {
            return null;
        }
        float[] v = vector(name, n);
        int perHead = permuteHeads > 0 && interleavedRope() ? (int) (n / permuteHeads) : 0;
        if (perHead == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int r = 0; r < v.length; r++) {
            out[hfRow(r, perHead)] = v[r];
        }
        return out;
    }

    /** The transformers row of the file's row {@code r} (identity when {@code perHead} is 0). */
    private static int hfRow(int r, int perHead) {
        if (perHead == 0) {
            return r;
        }
        int j = r % perHead;
        return r - j + (j % 2 == 0 ? j / 2 : perHead / 2 + j / 2);
    }

    /** Rows {@code ids} of the token embedding as float32, one after another (ids.length × hidden). */
    float[] embeddingRows(long[] ids, long vocab, long hidden) {
        QuantMatrix m = matrix("token_embd.weight", vocab, hidden);
        int d = (int) hidden;
        float[] out = new float[ids.length * d];
        float[] row = new float[d];
        for (int i = 0; i < ids.length; i++) {
            m.row((int) ids[i], row);
            System.arraycopy(row, 0, out, i * d, d);
        }
        return out;
    }

    private float[] optional(String name, long n) {
        return has(name) ? vector(name, n) : null;
    }

    /** The adapted matrix: {@code base} with the adapter's update beside it, when it adapts {@code hfName}. */
    private QuantMatrix adapt(QuantMatrix base, String hfName, LoraAdapter adapter, int permuteHeads) {
        if (adapter == null || !adapter.adapts(hfName)) {
            return base;
        }
        float[][] ab = adapter.factors(hfName, base.rows(), base.cols());
        int rank = ab[0].length / base.cols();
        float[] b = ab[1];
        if (permuteHeads > 0 && interleavedRope()) {
            // B's rows are q's (k's) output rows: put them in the file's interleaved order too.
            b = new float[b.length];
            int perHead = base.rows() / permuteHeads;
            int half = perHead / 2;
            for (int r = 0; r < base.rows(); r++) {
                int j = r % perHead;
                int from = r - j + (j % 2 == 0 ? j / 2 : half + j / 2);
                System.arraycopy(ab[1], from * rank, b, r * rank, rank);
            }
        }
        return QuantMatrix.withLora(base, ab[0], b, rank, adapter.scale(hfName));
    }

    /** The one-token and prefill step over this file's weights. */
    DecodeStep decodeStep(HfConfig c, LoraAdapter adapter, IntFunction<float[][]> rope, float scale) {
        long d = c.hiddenSize;
        long qd = (long) c.heads * c.headDim;
        long kvd = (long) c.kvHeads * c.headDim;
        long inter = c.intermediateSize;
        QuantMatrix embed = matrix("token_embd.weight", c.vocabSize, d);
        QuantMatrix head = has("output.weight") ? matrix("output.weight", c.vocabSize, d) : embed;
        DecodeStep.Layer[] layers = new DecodeStep.Layer[c.layers];
        boolean qwen3 = arch.equals("qwen3");
        for (int i = 0; i < c.layers; i++) {
            String p = "blk." + i + ".";
            String h = "model.layers." + i + ".";
            layers[i] = new DecodeStep.Layer(vector(p + "attn_norm.weight", d),
                    adapt(matrix(p + "attn_q.weight", qd, d), h + "self_attn.q_proj.weight", adapter, c.heads),
                    optional(p + "attn_q.bias", qd),
                    adapt(matrix(p + "attn_k.weight", kvd, d), h + "self_attn.k_proj.weight", adapter, c.kvHeads),
                    optional(p + "attn_k.bias", kvd),
                    adapt(matrix(p + "attn_v.weight", kvd, d), h + "self_attn.v_proj.weight", adapter, 0),
                    optional(p + "attn_v.bias", kvd),
                    adapt(matrix(p + "attn_output.weight", d, qd), h + "self_attn.o_proj.weight", adapter, 0),
                    optional(p + "attn_output.bias", d),
                    qwen3 ? vector(p + "attn_q_norm.weight", c.headDim) : null,
                    qwen3 ? vector(p + "attn_k_norm.weight", c.headDim) : null,
                    vector(p + "ffn_norm.weight", d),
                    adapt(matrix(p + "ffn_gate.weight", inter, d), h + "mlp.gate_proj.weight", adapter, 0), null,
                    adapt(matrix(p + "ffn_up.weight", inter, d), h + "mlp.up_proj.weight", adapter, 0), null,
                    adapt(matrix(p + "ffn_down.weight", d, inter), h + "mlp.down_proj.weight", adapter, 0), null);
        }
        if (adapter != null) {
            adapter.checkAllApplied();
        }
        return new DecodeStep(c, embed, head, vector("output_norm.weight", d), layers, rope, scale, interleavedRope());
    }

    /** Number of parameters (elements of every tensor). */
    public long parameters() {
        return tensors().values().stream().mapToLong(GgufFile.Tensor::size).sum();
    }

    /** Bytes of tensor data as stored. */
    public long storedBytes() {
        return tensors().values().stream().mapToLong(GgufFile.Tensor::bytes).sum();
    }

    /** Bytes of the file(s) on disk. */
    public long fileBytes() {
        return files.stream().mapToLong(GgufFile::size).sum();
    }

    private String token(List<?> tokens, String key) {
        Object id = meta.get(key);
        if (id instanceof Long l && l >= 0 && l < tokens.size()) {
            return String.valueOf(tokens.get(l.intValue()));
        }
        return null;
    }

    /** What tokenizer_config.json would say: eos/bos tokens and the chat template. */
    public JsonObject tokenizerConfig() {
        JsonObject c = new JsonObject();
        List<?> tokens = meta.get("tokenizer.ggml.tokens") instanceof List<?> l ? l : List.of();
        String eos = token(tokens, "tokenizer.ggml.eos_token_id");
        String bos = token(tokens, "tokenizer.ggml.bos_token_id");
        if (eos != null) {
            c.addProperty("eos_token", eos);
        }
        if (bos != null) {
            c.addProperty("bos_token", bos);
        }
        if (meta.get("tokenizer.chat_template") instanceof String t) {
            c.addProperty("chat_template", t);
        }
        return c;
    }

    /**
     * The file's BPE tokenizer as a Hugging Face {@code tokenizer.json}: vocabulary and merges, the
     * control and user-defined tokens as added tokens, and the pre-tokenizer that
     * {@code tokenizer.ggml.pre} names (byte-level GPT-2 splitting when none is named).
     */
    public String tokenizerJson() {
        Object model = meta.get("tokenizer.ggml.model");
        if (!"gpt2".equals(model)) {
            throw bad("has a '" + model + "' tokenizer; only BPE ('gpt2') vocabularies are read from GGUF metadata. "
                    + "Put the model's tokenizer.json beside the file");
        }
        if (!(meta.get("tokenizer.ggml.tokens") instanceof List<?> tokens) || tokens.isEmpty()) {
            throw bad("has no tokenizer.ggml.tokens");
        }
        long rows = tensor("token_embd.weight").dims()[1];
        if (tokens.size() < rows) {
            throw bad("has a vocabulary of " + tokens.size() + " tokens, shorter than the embedding's " + rows + " rows");
        }
        List<?> types = meta.get("tokenizer.ggml.token_type") instanceof List<?> l ? l : List.of();
        List<?> merges = meta.get("tokenizer.ggml.merges") instanceof List<?> l ? l : List.of();
        Object pre = meta.getOrDefault("tokenizer.ggml.pre", "gpt2");
        JsonObject vocab = new JsonObject();
        JsonArray added = new JsonArray();
        for (int i = 0; i < tokens.size(); i++) {
            String t = String.valueOf(tokens.get(i));
            vocab.addProperty(t, i);
            long type = i < types.size() && types.get(i) instanceof Long l ? l : 1;
            if (type == 3 || type == 4) {
                JsonObject a = new JsonObject();
                a.addProperty("id", i);
                a.addProperty("content", t);
                a.addProperty("single_word", false);
                a.addProperty("lstrip", false);
                a.addProperty("rstrip", false);
                a.addProperty("normalized", type == 4);
                a.addProperty("special", type == 3);
                added.add(a);
            }
        }
        JsonArray mergeList = new JsonArray();
        for (Object m : merges) {
            mergeList.add(String.valueOf(m));
        }
        JsonObject bpe = new JsonObject();
        bpe.addProperty("type", "BPE");
        bpe.add("dropout", null);
        bpe.add("unk_token", null);
        bpe.add("continuing_subword_prefix", null);
        bpe.add("end_of_word_suffix", null);
        bpe.addProperty("fuse_unk", false);
        bpe.addProperty("byte_fallback", false);
        bpe.addProperty("ignore_merges", false);
        bpe.add("vocab", vocab);
        bpe.add("merges", mergeList);
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", null);
        json.add("padding", null);
        json.add("added_tokens", added);
        json.add("normalizer", null);
        String name = String.valueOf(pre);
        if (name.equals("gpt2") || name.equals("default")) {
            json.add("pre_tokenizer", byteLevel(true));
        } else if (PRE_TOKENIZERS.containsKey(name)) {
            if (name.equals("qwen2")) {
                JsonObject nfc = new JsonObject();
                nfc.addProperty("type", "NFC");
                json.add("normalizer", nfc);
            }
            JsonObject split = new JsonObject();
            split.addProperty("type", "Split");
            JsonObject regex = new JsonObject();
            regex.addProperty("Regex", PRE_TOKENIZERS.get(name));
            split.add("pattern", regex);
            split.addProperty("behavior", "Isolated");
            split.addProperty("invert", false);
            JsonArray seq = new JsonArray();
            seq.add(split);
            seq.add(byteLevel(false));
            JsonObject sequence = new JsonObject();
            sequence.addProperty("type", "Sequence");
            sequence.add("pretokenizers", seq);
            json.add("pre_tokenizer", sequence);
        } else {
            throw bad("names the pre-tokenizer '" + name + "', which is not known here (known: gpt2, "
                    + String.join(", ", PRE_TOKENIZERS.keySet()) + "). Put the model's tokenizer.json beside the file");
        }
        json.add("post_processor", null);
        json.add("decoder", byteLevel(true));
        json.add("model", bpe);
        return json.toString();
    }

    private static JsonObject byteLevel(boolean regex) {
        JsonObject b = new JsonObject();
        b.addProperty("type", "ByteLevel");
        b.addProperty("add_prefix_space", false);
        b.addProperty("trim_offsets", true);
        b.addProperty("use_regex", regex);
        return b;
    }

    @Override
    public void close() {
        files.forEach(GgufFile::close);
    }
}
