package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;


import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.enclave.core.EnclaveException;

/**
 * A decoder-only transformer (Llama, Mistral, Qwen2, Qwen3) written on DJL
 * NDArray operations, float32 on the CPU. One instance holds the weights;
 * {@link Session}s hold the key/value cache of one sequence each.
 */
public final class DecoderModel implements AutoCloseable {
    private final HfConfig config;
    private final NDManager weights;
    private final NDArray embed;
    private final NDArray lmHead;
    private final NDArray finalNorm;
    private final Layer[] layers;
    /** Rotary frequencies by sequence length (constant except for dynamic NTK and longrope). */
    private final Rope.Schedule ropeSchedule;
    private final float attentionScale;
    private final long parameters;
    private final long storedBytes;
    private final Map<NDArray, NDArray[]> split = new IdentityHashMap<>();
    /** The memory behind each 2-D weight whose NDArray is a view of it (not adapter-merged), for {@link Gemv}. */
    private final Map<NDArray, java.lang.foreign.MemorySegment> memory = new IdentityHashMap<>();

    /** Matrices at least this large are split over the cores for one-token products. */
    private static final long PARALLEL_MIN_ELEMENTS = 1L << 20;
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private record Layer(NDArray inputNorm, NDArray q, NDArray qBias, NDArray k, NDArray kBias, NDArray v,
            NDArray vBias, NDArray o, NDArray oBias, NDArray qNorm, NDArray kNorm, NDArray postNorm, NDArray gate,
            NDArray gateBias, NDArray up, NDArray upBias, NDArray down, NDArray downBias) {
    }

    /** Whether this class runs {@code architecture}. */
    public static boolean supports(String architecture) {
        return switch (architecture) {
        case "LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM" -> true;
        default -> false;
        };
    }

    private final LoraAdapter adapter;
    /** The Java one-token step, or null (no Vector API, or a matrix is not plain memory). */
    private final DecodeStep fast;
    /** The GGUF file(s) whose mapped weights {@link #fast} reads, or null for a safetensors model. */
    private final GgufModel gguf;
    /**
     * A served adapter's factors on a GGUF base by weight name: A, B and {rank, scale}, kept for
     * the training-path forward ({@link #causalLmLoss}) after the adapter file is closed.
     */
    private final Map<String, float[][]> servedLora = new java.util.HashMap<>();

    /**
     * A GGUF model: no libtorch tensors, the Java step does every forward pass (one token, and
     * prefill through tiled products), reading the quantized blocks in place.
     */
    private DecoderModel(HfConfig c, GgufModel g, NDManager manager, LoraAdapter adapter) {
        this.config = c;
        this.weights = manager;
        this.adapter = adapter;
        this.gguf = g;
        c.require("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size");
        if (c.heads % Math.max(1, c.kvHeads) != 0) {
            throw EnclaveException.badInput(c.file + ": attention.head_count " + c.heads
                    + " is not a multiple of attention.head_count_kv " + c.kvHeads + ".");
        }
        if (!Gemv.available()) {
            throw EnclaveException.badInput(c.file + ": GGUF models need the Java Vector API (start the JVM with "
                    + "--add-modules jdk.incubator.vector, as the enclave launcher does).");
        }
        this.embed = null;
        this.lmHead = null;
        this.finalNorm = null;
        this.layers = new Layer[0];
        this.ropeSchedule = Rope.schedule(c);
        this.attentionScale = (float) (1.0 / Math.sqrt(c.headDim));
        this.parameters = g.parameters();
        this.storedBytes = g.storedBytes();
        this.fast = g.decodeStep(c, adapter, position -> rope(position, 1), attentionScale);
        if (adapter != null) {
            for (var e : linearShapes().entrySet()) {
                if (adapter.adapts(e.getKey())) {
                    long[] shape = e.getValue();
                    float[][] ab = adapter.factors(e.getKey(), shape[0], shape[1]);
                    int rank = (int) (ab[0].length / shape[1]);
                    servedLora.put(e.getKey(), new float[][] { ab[0], ab[1], { rank, adapter.scale(e.getKey()) } });
                }
            }
        }
    }

    private DecoderModel(HfConfig c, Weights w, NDManager manager, LoraAdapter adapter) {
        this.config = c;
        this.weights = manager;
        this.adapter = adapter;
        this.gguf = null;
        c.require("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size");
        if (c.heads % Math.max(1, c.kvHeads) != 0) {
            throw EnclaveException.badInput(c.file + ": num_attention_heads " + c.heads
                    + " is not a multiple of num_key_value_heads " + c.kvHeads + ".");
        }
        long d = c.hiddenSize;
        long qd = (long) c.heads * c.headDim;
        long kvd = (long) c.kvHeads * c.headDim;
        this.embed = tensor(w, "model.embed_tokens.weight", c.vocabSize, d);
        this.lmHead = w.has("lm_head.weight") && !c.tiedEmbeddings ? tensor(w, "lm_head.weight", c.vocabSize, d)
                : w.has("lm_head.weight") ? tensor(w, "lm_head.weight", c.vocabSize, d) : embed;
        this.finalNorm = tensor(w, "model.norm.weight", d);
        boolean qwen3 = c.architecture.startsWith("Qwen3");
        this.layers = new Layer[c.layers];
        for (int i = 0; i < c.layers; i++) {
            String p = "model.layers." + i + ".";
            layers[i] = new Layer(tensor(w, p + "input_layernorm.weight", d),
                    tensor(w, p + "self_attn.q_proj.weight", qd, d), optional(w, p + "self_attn.q_proj.bias", qd),
                    tensor(w, p + "self_attn.k_proj.weight", kvd, d), optional(w, p + "self_attn.k_proj.bias", kvd),
                    tensor(w, p + "self_attn.v_proj.weight", kvd, d), optional(w, p + "self_attn.v_proj.bias", kvd),
                    tensor(w, p + "self_attn.o_proj.weight", d, qd), optional(w, p + "self_attn.o_proj.bias", d),
                    qwen3 ? tensor(w, p + "self_attn.q_norm.weight", c.headDim) : null,
                    qwen3 ? tensor(w, p + "self_attn.k_norm.weight", c.headDim) : null,
                    tensor(w, p + "post_attention_layernorm.weight", d),
                    tensor(w, p + "mlp.gate_proj.weight", c.intermediateSize, d),
                    optional(w, p + "mlp.gate_proj.bias", c.intermediateSize),
                    tensor(w, p + "mlp.up_proj.weight", c.intermediateSize, d),
                    optional(w, p + "mlp.up_proj.bias", c.intermediateSize),
                    tensor(w, p + "mlp.down_proj.weight", d, c.intermediateSize),
                    optional(w, p + "mlp.down_proj.bias", d));
        }
        this.ropeSchedule = Rope.schedule(c);
        this.attentionScale = (float) (1.0 / Math.sqrt(c.headDim));
        this.parameters = w.parameters();
        this.storedBytes = w.storedBytes();
        if (adapter != null) {
            adapter.checkAllApplied();
        }
        this.fast = decodeStep();
    }

    /** The Java decoding step over the weights' memory, when every matrix has it and the Vector API is there. */
    private DecodeStep decodeStep() {
        if (!Gemv.available() || Boolean.getBoolean("enclave.decode.torch") || !memory.containsKey(embed)
                || !memory.containsKey(lmHead)) {
            return null;
        }
        DecodeStep.Layer[] ls = new DecodeStep.Layer[layers.length];
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            for (NDArray m : new NDArray[] { l.q, l.k, l.v, l.o, l.gate, l.up, l.down }) {
                if (!memory.containsKey(m)) {
                    return null;
                }
            }
            ls[i] = new DecodeStep.Layer(floats(l.inputNorm), f32(l.q), floats(l.qBias), f32(l.k),
                    floats(l.kBias), f32(l.v), floats(l.vBias), f32(l.o), floats(l.oBias),
                    floats(l.qNorm), floats(l.kNorm), floats(l.postNorm), f32(l.gate), floats(l.gateBias),
                    f32(l.up), floats(l.upBias), f32(l.down), floats(l.downBias));
        }
        return new DecodeStep(config, f32(embed), f32(lmHead), floats(finalNorm), ls,
                position -> rope(position, 1), attentionScale);
    }

    /** A 2-D float32 weight's memory as a matrix for the Java step. */
    private QuantMatrix f32(NDArray a) {
        return new QuantMatrix(GgmlType.F32, memory.get(a), (int) a.getShape().get(0), (int) a.getShape().get(1));
    }

    private static float[] floats(NDArray a) {
        return a == null ? null : a.toFloatArray();
    }

    /** Loads the folder's weights into {@code manager} (which then owns them). */
    public static DecoderModel load(Path folder, NDManager manager) {
        return load(folder, manager, null);
    }

    /** Loads the folder's weights with a LoRA adapter merged in (W + scale·B·A), or none when null. */
    public static DecoderModel load(Path folder, NDManager manager, LoraAdapter adapter) {
        if (GgufModel.isGguf(folder)) {
            GgufModel g = GgufModel.open(folder);
            try {
                HfConfig c = g.hfConfig();
                if (!supports(c.architecture)) {
                    throw EnclaveException.badInput(g.file() + ": unknown architecture '" + c.architecture + "'.");
                }
                return new DecoderModel(c, g, manager, adapter);
            } catch (RuntimeException e) {
                g.close();
                throw e;
            }
        }
        HfConfig c = HfConfig.read(folder);
        if (!supports(c.architecture)) {
            throw EnclaveException.badInput(c.file + ": unknown architecture '" + c.architecture
                    + "'. Supported decoders: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM.");
        }
        DecoderModel model;
        try (Weights w = Weights.open(folder)) {
            model = new DecoderModel(c, w, manager, adapter);
        }
        NativeMemory.afterLoad();
        return model;
    }

    private NDArray tensor(Weights w, String name, long... shape) {
        // Backed by the mapped file (F32) or by the widened copy (F16/BF16): no second copy.
        java.nio.ByteBuffer bytes = w.bytes(name, shape);
        NDArray t = weights.create(bytes, new Shape(shape), DataType.FLOAT32);
        if (adapter != null && adapter.adapts(name)) {
            t = adapter.merge(weights, name, t);
        } else if (shape.length == 2 && bytes.isDirect()) {
            memory.put(t, Gemv.of(bytes));
        }
        if (shape.length == 2 && shape[0] * shape[1] >= PARALLEL_MIN_ELEMENTS && WORKERS > 1) {
            NDArray[] parts = new NDArray[WORKERS];
            long rows = shape[0];
            for (int i = 0; i < WORKERS; i++) {
                parts[i] = t.get((rows * i / WORKERS) + ":" + (rows * (i + 1) / WORKERS));
            }
            split.put(t, parts);
        }
        return t;
    }

    private NDArray optional(Weights w, String name, long... shape) {
        return w.has(name) ? tensor(w, name, shape) : null;
    }

    /** Whether one-token steps run in Java over the weights' memory ({@link DecodeStep}) rather than on libtorch. */
    public boolean javaDecoding() {
        return fast != null;
    }

    public HfConfig config() {
        return config;
    }

    public long parameters() {
        return parameters;
    }

    /** Bytes of weights as stored in the folder. */
    public long storedBytes() {
        return storedBytes;
    }

    /** Bytes of float32 weights read per decoded token (all matrices, the LM head once). */
    public long weightBytesPerToken() {
        if (gguf != null) {
            return fast.bytesPerToken();
        }
        long n = 0;
        for (Layer l : layers) {
            for (NDArray a : new NDArray[] { l.q, l.k, l.v, l.o, l.gate, l.up, l.down }) {
                n += a.size() * 4;
            }
        }
        return n + lmHead.size() * 4;
    }

    /** The shapes (out, in) of the adaptable linear weights, by name (e.g. {@code model.layers.0.self_attn.q_proj.weight}). */
    public Map<String, long[]> linearShapes() {
        Map<String, long[]> out = new java.util.LinkedHashMap<>();
        if (gguf != null) {
            long d = config.hiddenSize;
            long qd = (long) config.heads * config.headDim;
            long kvd = (long) config.kvHeads * config.headDim;
            long inter = config.intermediateSize;
            for (int i = 0; i < config.layers; i++) {
                String p = "model.layers." + i + ".";
                out.put(p + "self_attn.q_proj.weight", new long[] { qd, d });
                out.put(p + "self_attn.k_proj.weight", new long[] { kvd, d });
                out.put(p + "self_attn.v_proj.weight", new long[] { kvd, d });
                out.put(p + "self_attn.o_proj.weight", new long[] { d, qd });
                out.put(p + "mlp.gate_proj.weight", new long[] { inter, d });
                out.put(p + "mlp.up_proj.weight", new long[] { inter, d });
                out.put(p + "mlp.down_proj.weight", new long[] { d, inter });
            }
            return out;
        }
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            String p = "model.layers." + i + ".";
            String[] names = { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                    "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj" };
            NDArray[] ws = { l.q, l.k, l.v, l.o, l.gate, l.up, l.down };
            for (int k = 0; k < names.length; k++) {
                out.put(p + names[k] + ".weight", ws[k].getShape().getShape());
            }
        }
        return out;
    }

    /** A new sequence with an empty cache. */
    public Session newSession() {
        return new Session();
    }

    /** The GGUF weights' predominant type (q4_0, q8_0, f16 …), or null for a safetensors model. */
    public String quantization() {
        return gguf == null ? null : gguf.quantization();
    }

    @Override
    public void close() {
        if (weights != null) {
            weights.close();
        }
        if (gguf != null) {
            gguf.close();
        }
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] { -1 }, true);
        return x.mul(variance.add((float) config.normEps).pow(scalar(x, -0.5f))).mul(weight);
    }

    /**
     * A number as an operand of an operation that autograd may record, living in {@code like}'s
     * manager (as long as the graph that uses it). Not DJL's {@code mul(Number)}, {@code
     * pow(Number)} …: they wrap the number in a tensor over a Java buffer and close it at once,
     * while autograd keeps that tensor for the backward pass; once the garbage collector has
     * freed the buffer, gradients are computed from whatever the memory then holds (fine-tuning
     * losses turned NaN now and then, with the collector's timing). Same arithmetic otherwise.
     */
    static NDArray scalar(NDArray like, float value) {
        return like.getManager().create(value);
    }

    private static NDArray linear1(NDArray x, NDArray w, NDArray b) {
        return b == null ? Linear.linear(x, w).singletonOrThrow() : Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * x·Wᵀ + b, with large matrices split by output rows over the CPU cores. libtorch runs
     * each operation on one thread here ({@link Djl} sets one intra-op thread, which avoids
     * OpenMP over-subscription); its matrix-vector product (decode) is single-threaded anyway,
     * so this split is what brings the other cores' memory bandwidth to bear.
     */
    private NDArray linear(NDArray x, NDArray w, NDArray b) {
        java.lang.foreign.MemorySegment mem = memory.get(w);
        if (mem != null && Gemv.available() && x.getShape().dimension() == 2 && x.getShape().get(0) == 1
                && !x.hasGradient()) {
            return gemv(x, w, mem, b);
        }
        NDArray[] parts = split.get(w);
        if (parts == null) {
            return linear1(x, w, b);
        }
        List<Future<NDArray>> futures = new ArrayList<>(parts.length);
        // libtorch's grad mode is per thread: the pool computes under the caller's, so that in
        // training the pieces are recorded for autograd exactly as the caller's own piece is.
        boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
        for (int i = 1; i < parts.length; i++) {
            NDArray part = parts[i];
            futures.add(RuntimeThreads.pool().submit(() -> {
                boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
                ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
                try {
                    return linear1(x, part, null);
                } finally {
                    ai.djl.pytorch.jni.JniUtils.setGradMode(before);
                }
            }));
        }
        NDList pieces = new NDList(linear1(x, parts[0], null));
        for (Future<NDArray> f : futures) {
            pieces.add(join(f));
        }
        NDArray y = NDArrays.concat(pieces, -1);
        return b == null ? y : y.add(b);
    }

    /**
     * One row times Wᵀ on the Java Vector API, the rows of W shared out over the cores (see
     * {@link Gemv}).
     */
    private NDArray gemv(NDArray x, NDArray w, java.lang.foreign.MemorySegment mem, NDArray b) {
        float[] in = x.toFloatArray();
        int n = (int) w.getShape().get(0);
        float[] out = new float[n];
        Spread.run(n, 128, (from, to) -> Gemv.rows(mem, in, out, from, to));
        NDArray y = x.getManager().create(out, new Shape(1, n));
        return b == null ? y : y.add(b);
    }

    /** The result of a task on {@link RuntimeThreads#pool()}; its failure rethrown unchecked. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Adds an adapter's contribution to a linear layer's output (training: LoRA kept unmerged). */
    @FunctionalInterface
    public interface LinearHook {
        /**
         * @param weightName e.g. {@code model.layers.0.self_attn.q_proj.weight}
         * @param x          the layer input
         * @param y          the base output x·Wᵀ (+ b)
         * @return the output to use
         */
        NDArray apply(String weightName, NDArray x, NDArray y);
    }

    private NDArray hooked(String name, NDArray x, NDArray w, NDArray b, LinearHook hook) {
        NDArray y = linear1(x, w, b);
        return hook == null ? y : hook.apply(name, x, y);
    }

    /**
     * cos and sin of the rotary angles for positions {@code start … start+t-1}, each laid out
     * (t, headDim) with both halves equal, as transformers' rotate_half expects; times the
     * rope type's attention scaling.
     */
    private float[][] rope(int start, int t) {
        int hd = config.headDim;
        int half = hd / 2;
        Rope.Frequencies f = ropeSchedule.at(start + t);
        float[] invFreq = f.inverse();
        float ropeScaling = f.attentionScaling();
        float[] cos = new float[t * hd];
        float[] sin = new float[t * hd];
        for (int p = 0; p < t; p++) {
            float pos = start + p;
            for (int j = 0; j < half; j++) {
                float angle = pos * invFreq[j];
                float c = (float) Math.cos(angle) * ropeScaling;
                float s = (float) Math.sin(angle) * ropeScaling;
                cos[p * hd + j] = c;
                cos[p * hd + j + half] = c;
                sin[p * hd + j] = s;
                sin[p * hd + j + half] = s;
            }
        }
        return new float[][] { cos, sin };
    }

    /**
     * The causal language-model loss of a right-padded batch, as transformers computes it:
     * mean cross-entropy of each next token over positions whose target is not padding.
     * Differentiable: run it inside a gradient collector to train adapter weights.
     *
     * @param ids  token ids, one row per sequence, all rows the same length
     * @param mask 1 for real tokens, 0 for padding
     * @param hook adds adapter outputs to the linear layers, or null
     */
    public NDArray causalLmLoss(NDManager m, int[][] ids, int[][] mask, LinearHook hook) {
        return causalLmLoss(m, ids, mask, mask, hook);
    }

    /**
     * As {@link #causalLmLoss(NDManager, int[][], int[][], LinearHook)}, but only targets where
     * {@code lossMask} is 1 count (instruction tuning: the answer's tokens, not the prompt's).
     */
    public NDArray causalLmLoss(NDManager m, int[][] ids, int[][] mask, int[][] lossMask, LinearHook hook) {
        NDArray[] picked = targetLogProbs(m, ids, mask, lossMask, hook);
        return picked[0].mul(picked[1]).sum().neg().div(picked[1].sum());
    }

    /**
     * The summed log-probability of each sequence's targets where {@code lossMask} is 1 (a
     * response's tokens given its prompt), shape (b). Differentiable, as
     * {@link #causalLmLoss(NDManager, int[][], int[][], int[][], LinearHook)}; preference training
     * (DPO) and evaluation compare these sums.
     */
    public NDArray sequenceLogProbs(NDManager m, int[][] ids, int[][] mask, int[][] lossMask, LinearHook hook) {
        NDArray[] picked = targetLogProbs(m, ids, mask, lossMask, hook);
        return picked[0].mul(picked[1]).sum(new int[] { 1 });
    }

    /** Each next token's log-probability (b, t-1) and whether it counts (1 or 0, same shape). */
    private NDArray[] targetLogProbs(NDManager m, int[][] ids, int[][] mask, int[][] lossMask, LinearHook hook) {
        Batch in = batch(m, ids, mask, lossMask);
        NDArray x = in.x;
        // Without autograd (a validation loss) a GGUF layer's dequantized weights go as soon as it is done.
        boolean evaluating = gguf != null && !ai.djl.pytorch.jni.JniUtils.isGradMode();
        for (int i = 0; i < config.layers; i++) {
            if (evaluating) {
                try (NDManager layer = m.newSubManager()) {
                    x = trainingBlock(in, x, frozenLayer(layer, i), i, hook);
                }
            } else {
                x = trainingBlock(in, x, gguf == null ? layers[i] : frozenLayer(m, i), i, hook);
            }
        }
        return head(m, in, x);
    }

    /** A training batch as tensors: the embedded tokens and what every layer and the head need. */
    private record Batch(int b, int t, NDArray x, NDArray cos, NDArray sin, NDArray bias, long[] targets,
            float[] valid) {
    }

    private Batch batch(NDManager m, int[][] ids, int[][] mask, int[][] lossMask) {
        int b = ids.length;
        int t = ids[0].length;
        int hd = config.headDim;
        long[] flat = new long[b * t];
        float[] keyBias = new float[b * t];
        float[] valid = new float[b * (t - 1)];
        long[] targets = new long[b * (t - 1)];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                flat[i * t + j] = ids[i][j];
                keyBias[i * t + j] = mask[i][j] == 1 ? 0f : -1e9f;
                if (j > 0) {
                    targets[i * (t - 1) + j - 1] = ids[i][j];
                    valid[i * (t - 1) + j - 1] = mask[i][j] * lossMask[i][j];
                }
            }
        }
        NDArray x;
        if (gguf != null) {
            x = m.create(gguf.embeddingRows(flat, config.vocabSize, config.hiddenSize),
                    new Shape(b, t, config.hiddenSize));
        } else {
            x = embed.get(m.create(flat)).reshape(b, t, config.hiddenSize);
            x.attach(m);
        }
        float[][] cosSin = rope(0, t);
        float[] causal = new float[t * t];
        for (int p = 0; p < t; p++) {
            for (int j = 0; j < t; j++) {
                boolean visible = j <= p && (config.slidingWindow <= 0 || p - j < config.slidingWindow);
                causal[p * t + j] = visible ? 0f : -1e9f;
            }
        }
        NDArray cosA = m.create(cosSin[0], new Shape(t, 1, hd));
        NDArray sinA = m.create(cosSin[1], new Shape(t, 1, hd));
        NDArray bias = m.create(causal, new Shape(t, t)).add(m.create(keyBias, new Shape(b, 1, 1, 1, t)));
        return new Batch(b, t, x, cosA, sinA, bias, targets, valid);
    }

    /** Decoder layer {@code i} on a batch (b, t, hidden), differentiable. */
    private NDArray trainingBlock(Batch in, NDArray x, Layer l, int i, LinearHook hook) {
        int b = in.b;
        int t = in.t;
        int hd = config.headDim;
        int half = hd / 2;
        int group = config.heads / config.kvHeads;
        String p = "model.layers." + i + ".";
        NDArray h = rmsNorm(x, l.inputNorm);
        NDArray q = hooked(p + "self_attn.q_proj.weight", h, l.q, l.qBias, hook).reshape(b, t, config.heads, hd);
        NDArray k = hooked(p + "self_attn.k_proj.weight", h, l.k, l.kBias, hook).reshape(b, t, config.kvHeads, hd);
        NDArray v = hooked(p + "self_attn.v_proj.weight", h, l.v, l.vBias, hook).reshape(b, t, config.kvHeads, hd);
        if (l.qNorm != null) {
            q = rmsNorm(q, l.qNorm);
            k = rmsNorm(k, l.kNorm);
        }
        q = rotate4(q, in.cos, in.sin, half).transpose(0, 2, 1, 3).reshape(b, config.kvHeads, group, t, hd);
        k = rotate4(k, in.cos, in.sin, half).transpose(0, 2, 1, 3).expandDims(2);
        v = v.transpose(0, 2, 1, 3).expandDims(2);
        NDArray probs = q.matMul(k.transpose(0, 1, 2, 4, 3)).mul(scalar(q, attentionScale)).add(in.bias).softmax(-1);
        NDArray ctx = probs.matMul(v).reshape(b, config.heads, t, hd).transpose(0, 2, 1, 3)
                .reshape(b, t, (long) config.heads * hd);
        x = x.add(hooked(p + "self_attn.o_proj.weight", ctx, l.o, l.oBias, hook));
        NDArray h2 = rmsNorm(x, l.postNorm);
        NDArray gate = hooked(p + "mlp.gate_proj.weight", h2, l.gate, l.gateBias, hook);
        NDArray up = hooked(p + "mlp.up_proj.weight", h2, l.up, l.upBias, hook);
        NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
        return x.add(hooked(p + "mlp.down_proj.weight", act, l.down, l.downBias, hook));
    }

    /** The final norm and LM head on the last hidden states: each next token's log-probability and whether it counts. */
    private NDArray[] head(NDManager m, Batch in, NDArray x) {
        NDArray logits;
        if (gguf == null) {
            logits = linear1(rmsNorm(x, finalNorm), lmHead, null);
        } else {
            NDArray norm = m.create(gguf.vector("output_norm.weight", config.hiddenSize));
            String headName = gguf.has("output.weight") ? "output.weight" : "token_embd.weight";
            NDArray head = dequantize(m, headName, config.vocabSize, config.hiddenSize, 0);
            logits = linear1(rmsNorm(x, norm), head, null);
        }
        NDArray logp = logits.get(":, :-1, :").logSoftmax(-1);
        NDArray picked = logp.gather(m.create(in.targets, new Shape(in.b, in.t - 1, 1)), -1).reshape(in.b, in.t - 1);
        NDArray validA = m.create(in.valid, new Shape(in.b, in.t - 1));
        return new NDArray[] { picked, validA };
    }

    /**
     * One QLoRA-style training pass on a GGUF base, backward included, holding one layer of
     * float32 weights at a time (the quantized file stays the only copy of the base): a forward
     * without autograd that keeps each layer's input (b × t × hidden), the head's loss and gradient
     * a piece of its rows at a time ({@link #headByPieces}), then each layer from the last to the first dequantized again,
     * recomputed from its kept input and back-propagated with the gradient from above, its
     * tensors freed before the next. The adapters' gradients (the {@code hook}'s parameters, which
     * require gradients) add up over the layers as one backward pass would give them. The hook
     * must add the same term when a layer is recomputed: dropout masks have to depend on the
     * weight's name and the step, not on a running generator ({@code LoraTrainer}'s hooks do).
     *
     * @param mean the mean loss over the counted targets ({@link #causalLmLoss}) when true, else
     *             their negative summed log-probability
     * @return the loss
     */
    public double quantizedBackward(NDManager m, int[][] ids, int[][] mask, int[][] lossMask, LinearHook hook,
            boolean mean) {
        if (gguf == null) {
            throw new IllegalStateException("not a GGUF model");
        }
        boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
        try {
            Batch in = batch(m, ids, mask, lossMask);
            float[][] inputs = new float[config.layers][];
            Shape shape = in.x.getShape();
            float[] x = in.x.toFloatArray();
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            for (int i = 0; i < config.layers; i++) {
                inputs[i] = x;
                try (NDManager layer = m.newSubManager()) {
                    x = trainingBlock(in, layer.create(x, shape), frozenLayer(layer, i), i, hook).toFloatArray();
                }
            }
            ai.djl.pytorch.jni.JniUtils.setGradMode(true);
            double loss;
            float[] grad;
            try (NDManager top = m.newSubManager()) {
                NDArray last = top.create(x, shape);
                last.setRequiresGradient(true);
                NDArray normed = rmsNorm(last, top.create(gguf.vector("output_norm.weight", config.hiddenSize)));
                float[][] lossAndGrad = headByPieces(top, in, normed.toFloatArray(), mean);
                loss = lossAndGrad[0][0];
                backward(normed.mul(top.create(lossAndGrad[1], normed.getShape())).sum());
                grad = last.getGradient().toFloatArray();
            }
            for (int i = config.layers - 1; i >= 0; i--) {
                try (NDManager layer = m.newSubManager()) {
                    NDArray input = layer.create(inputs[i], shape);
                    input.setRequiresGradient(true);
                    NDArray y = trainingBlock(in, input, frozenLayer(layer, i), i, hook);
                    backward(y.mul(layer.create(grad, shape)).sum());
                    grad = input.getGradient().toFloatArray();
                }
                inputs[i] = null;
            }
            return loss;
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(before);
        }
    }

    /**
     * The loss of the LM head on the final normed states {@code h} (b × t × hidden) and its gradient
     * with respect to {@code h}, the head's rows dequantized a piece at a time and never all at
     * once: a first pass over the pieces gathers each position's log-sum-exp and target logit, a
     * second turns each piece's logits into softmax − one-hot and multiplies them back through the
     * piece (the cross-entropy's gradient, worked out here instead of by autograd).
     *
     * @return {{loss}, dLoss/dh}
     */
    private float[][] headByPieces(NDManager m, Batch in, float[] h, boolean mean) {
        int b = in.b;
        int t = in.t;
        int d = config.hiddenSize;
        int n = b * (t - 1);
        long vocab = config.vocabSize;
        String name = gguf.has("output.weight") ? "output.weight" : "token_embd.weight";
        float[] states = new float[n * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(h, i * t * d, states, i * (t - 1) * d, (t - 1) * d);
        }
        double counted = 0;
        for (float v : in.valid) {
            counted += v;
        }
        double norm = mean ? Math.max(counted, 1e-12) : 1;
        int perPiece = (int) Math.max(1, PIECE / d);
        double[] max = new double[n];
        double[] sum = new double[n];
        double[] target = new double[n];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] dStates = new float[n * d];
        boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try (NDManager pass = m.newSubManager()) {
            NDArray hs = pass.create(states, new Shape(n, d));
            for (int round = 0; round < 2; round++) {
                for (int from = 0; from < vocab; from += perPiece) {
                    int to = (int) Math.min(vocab, (long) from + perPiece);
                    int width = to - from;
                    try (NDManager piece = pass.newSubManager()) {
                        NDArray w = dequantizePiece(piece, name, vocab, d, 0, from, to);
                        NDArray logitsA = hs.matMul(w.transpose());
                        float[] logits = logitsA.toFloatArray();
                        logitsA.close();
                        for (int i = 0; i < n; i++) {
                            int row = i * width;
                            long y = in.targets[i];
                            if (round == 0) {
                                double mx = max[i];
                                for (int v = 0; v < width; v++) {
                                    mx = Math.max(mx, logits[row + v]);
                                }
                                double s = sum[i] * Math.exp(max[i] - mx);
                                for (int v = 0; v < width; v++) {
                                    s += Math.exp(logits[row + v] - mx);
                                }
                                max[i] = mx;
                                sum[i] = s;
                                if (y >= from && y < to) {
                                    target[i] = logits[row + (int) (y - from)];
                                }
                            } else {
                                double lse = max[i] + Math.log(sum[i]);
                                float weight = (float) (in.valid[i] / norm);
                                for (int v = 0; v < width; v++) {
                                    float p = (float) Math.exp(logits[row + v] - lse);
                                    logits[row + v] = weight * (p - (from + v == y ? 1f : 0f));
                                }
                            }
                        }
                        if (round == 1) {
                            NDArray back = piece.create(logits, new Shape(n, width)).matMul(w);
                            float[] part = back.toFloatArray();
                            for (int k = 0; k < part.length; k++) {
                                dStates[k] += part[k];
                            }
                        }
                    }
                }
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(before);
        }
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss += in.valid[i] * (max[i] + Math.log(sum[i]) - target[i]);
        }
        float[] dh = new float[b * t * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(dStates, i * (t - 1) * d, dh, i * t * d, (t - 1) * d);
        }
        return new float[][] { { (float) (loss / norm) }, dh };
    }

    private static void backward(NDArray scalarLoss) {
        NDArray ones = scalarLoss.getManager().ones(scalarLoss.getShape(), scalarLoss.getDataType());
        ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) scalarLoss,
                (ai.djl.pytorch.engine.PtNDArray) ones, false, false);
    }

    /**
     * Layer {@code i} of the GGUF base as frozen float32 tensors in {@code m}, dequantized from the
     * mapped blocks now (the quantized file is the only lasting copy of the base; in
     * {@link #causalLmLoss} a pass's dequantized layers live until {@code m} closes, as autograd
     * keeps them for the backward pass, while {@link #quantizedBackward} holds one at a time). q
     * and k come in transformers' row order; a served adapter's update is added in float32.
     */
    private Layer frozenLayer(NDManager m, int i) {
        HfConfig c = config;
        long d = c.hiddenSize;
        long qd = (long) c.heads * c.headDim;
        long kvd = (long) c.kvHeads * c.headDim;
        long inter = c.intermediateSize;
        String p = "blk." + i + ".";
        String h = "model.layers." + i + ".";
        boolean qwen3 = c.architecture.startsWith("Qwen3");
        return new Layer(vec(m, gguf.vector(p + "attn_norm.weight", d)),
                frozen(m, p + "attn_q.weight", h + "self_attn.q_proj.weight", qd, d, c.heads),
                vec(m, gguf.hfVector(p + "attn_q.bias", qd, c.heads)),
                frozen(m, p + "attn_k.weight", h + "self_attn.k_proj.weight", kvd, d, c.kvHeads),
                vec(m, gguf.hfVector(p + "attn_k.bias", kvd, c.kvHeads)),
                frozen(m, p + "attn_v.weight", h + "self_attn.v_proj.weight", kvd, d, 0),
                vec(m, gguf.hfVector(p + "attn_v.bias", kvd, 0)),
                frozen(m, p + "attn_output.weight", h + "self_attn.o_proj.weight", d, qd, 0),
                vec(m, gguf.hfVector(p + "attn_output.bias", d, 0)),
                qwen3 ? vec(m, gguf.vector(p + "attn_q_norm.weight", c.headDim)) : null,
                qwen3 ? vec(m, gguf.vector(p + "attn_k_norm.weight", c.headDim)) : null,
                vec(m, gguf.vector(p + "ffn_norm.weight", d)),
                frozen(m, p + "ffn_gate.weight", h + "mlp.gate_proj.weight", inter, d, 0), null,
                frozen(m, p + "ffn_up.weight", h + "mlp.up_proj.weight", inter, d, 0), null,
                frozen(m, p + "ffn_down.weight", h + "mlp.down_proj.weight", d, inter, 0), null);
    }

    private static NDArray vec(NDManager m, float[] v) {
        return v == null ? null : m.create(v);
    }

    /** Floats per piece in which {@link #dequantize} builds a weight. */
    private static final int PIECE = 1 << 23;
    /** Each thread's staging memory for {@link #dequantize}: one piece. */
    private static final ThreadLocal<java.nio.ByteBuffer> STAGING = new ThreadLocal<>();

    /**
     * A GGUF weight dequantized into a tensor of {@code m} in libtorch's own memory, built in
     * pieces of at most {@link #PIECE} rows' worth through a reused staging buffer. (An NDArray
     * created from Java data is a view of a direct buffer that only the garbage collector frees, so
     * a step's dequantized layers would pile up in native memory until the next collection.)
     */
    private NDArray dequantize(NDManager m, String ggufName, long rows, long cols, int heads) {
        int perPiece = (int) Math.max(1, PIECE / cols);
        NDList pieces = new NDList();
        for (int from = 0; from < rows; from += perPiece) {
            pieces.add(dequantizePiece(m, ggufName, rows, cols, heads, from, (int) Math.min(rows, (long) from + perPiece)));
        }
        if (pieces.size() == 1) {
            return pieces.singletonOrThrow();
        }
        NDArray whole = NDArrays.concat(pieces, 0);
        pieces.close();
        return whole;
    }

    /** Rows {@code [from, to)} of a GGUF weight (at most {@link #PIECE} floats) as a tensor of {@code m} in libtorch's memory. */
    private NDArray dequantizePiece(NDManager m, String ggufName, long rows, long cols, int heads, int from, int to) {
        long bytes = (long) (to - from) * cols * 4;
        java.nio.ByteBuffer staging = STAGING.get();
        if (staging == null || staging.capacity() < bytes) {
            staging = java.nio.ByteBuffer.allocateDirect((int) Math.max(bytes, Math.min(rows * cols, PIECE) * 4L))
                    .order(java.nio.ByteOrder.nativeOrder());
            STAGING.set(staging);
        }
        java.nio.ByteBuffer view = staging.duplicate().order(java.nio.ByteOrder.nativeOrder());
        view.clear().limit((int) bytes);
        gguf.dequantizeRows(ggufName, rows, cols, heads, from, to, view.asFloatBuffer());
        try (NDArray staged = m.create(view.slice().order(java.nio.ByteOrder.nativeOrder()), new Shape(to - from, cols),
                DataType.FLOAT32)) {
            return staged.duplicate();
        }
    }

    /** One GGUF weight dequantized into {@code m}, plus the served adapter's scale·B·A when it adapts it. */
    private NDArray frozen(NDManager m, String ggufName, String hfName, long rows, long cols, int heads) {
        NDArray w = dequantize(m, ggufName, rows, cols, heads);
        float[][] lora = servedLora.get(hfName);
        if (lora != null) {
            int rank = (int) lora[2][0];
            NDArray a = m.create(lora[0], new Shape(rank, cols));
            NDArray b = m.create(lora[1], new Shape(rows, rank));
            w = w.add(b.matMul(a).mul(lora[2][1]));
        }
        return w;
    }

    private static NDArray rotate4(NDArray x, NDArray cos, NDArray sin, int half) {
        NDArray x1 = x.get("..., :" + half);
        NDArray x2 = x.get("..., " + half + ":");
        return x.mul(cos).add(NDArrays.concat(new NDList(x2.neg(), x1), -1).mul(sin));
    }

    /** One sequence: its key/value cache and position. Not thread-safe. */
    public final class Session implements AutoCloseable {
        /** libtorch memory of this sequence; none for a GGUF model (its steps run in Java). */
        private final NDManager manager = gguf == null ? weights.newSubManager() : null;
        private final NDArray[] keys = new NDArray[layers.length];
        private final NDArray[] values = new NDArray[layers.length];
        /**
         * The cache of the Java step (null without it). The cache lives in one place at a time:
         * a one-token step moves it here from the NDArrays, a longer forward moves it back.
         */
        private final DecodeStep.Cache javaCache = fast == null ? null : fast.newCache();
        private int position;

        /** Moves the cached keys and values from the NDArrays into the Java step's cache. */
        private void cacheToJava() {
            if (keys[0] == null) {
                return;
            }
            int hd = config.headDim;
            int kvd = config.kvHeads * hd;
            int n = (int) keys[0].getShape().get(1);
            javaCache.ensure(n);
            for (int i = 0; i < layers.length; i++) {
                float[][] from = { keys[i].toFloatArray(), values[i].toFloatArray() }; // (kv, n, hd)
                float[][] to = { javaCache.keys[i], javaCache.values[i] };
                for (int a = 0; a < 2; a++) {
                    for (int g = 0; g < config.kvHeads; g++) {
                        for (int p = 0; p < n; p++) {
                            System.arraycopy(from[a], (g * n + p) * hd, to[a], p * kvd + g * hd, hd);
                        }
                    }
                }
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
            javaCache.length = n;
        }

        /** Moves the Java step's cache back into NDArrays (kvHeads, positions, headDim) for a longer forward. */
        private void cacheToTorch() {
            if (javaCache == null || javaCache.length == 0) {
                return;
            }
            int hd = config.headDim;
            int kvd = config.kvHeads * hd;
            int n = javaCache.length;
            for (int i = 0; i < layers.length; i++) {
                float[][] from = { javaCache.keys[i], javaCache.values[i] };
                NDArray[] to = new NDArray[2];
                for (int a = 0; a < 2; a++) {
                    float[] flat = new float[n * kvd];
                    for (int g = 0; g < config.kvHeads; g++) {
                        for (int p = 0; p < n; p++) {
                            System.arraycopy(from[a], p * kvd + g * hd, flat, (g * n + p) * hd, hd);
                        }
                    }
                    to[a] = manager.create(flat, new Shape(config.kvHeads, n, hd));
                }
                keys[i] = to[0];
                values[i] = to[1];
                javaCache.keys[i] = null;
                javaCache.values[i] = null;
            }
            javaCache.length = 0;
        }

        /** Tokens processed so far. */
        public int position() {
            return position;
        }

        /**
         * Runs {@code ids} after what the cache holds and returns the logits of every
         * new position ({@code allPositions}) or of the last one only, as rows.
         */
        public float[][] forward(int[] ids, boolean allPositions) {
            if (ids.length == 0) {
                throw new IllegalArgumentException("no tokens");
            }
            if (position + ids.length > config.maxPositions) {
                throw EnclaveException.badInput("The text needs " + (position + ids.length)
                        + " tokens but the model's context is " + config.maxPositions + " tokens.");
            }
            int t = ids.length;
            long[] idx = new long[t];
            for (int i = 0; i < t; i++) {
                if (ids[i] < 0 || ids[i] >= config.vocabSize) {
                    throw EnclaveException.badInput("Token id " + ids[i] + " is outside the vocabulary (0.."
                            + (config.vocabSize - 1) + ").");
                }
                idx[i] = ids[i];
            }
            if (gguf != null) {
                float[][] logits = t == 1 ? new float[][] { fast.step(ids[0], javaCache) }
                        : fast.prefill(ids, javaCache, allPositions);
                position += t;
                return logits;
            }
            if (fast != null && t == 1) {
                cacheToJava();
                float[] logits = fast.step(ids[0], javaCache);
                position++;
                return new float[][] { logits };
            }
            cacheToTorch();
            try {
                return torchForward(idx, allPositions);
            } finally {
                if (t > 1) {
                    // The pass's intermediate tensors are freed now; glibc would keep their memory.
                    NativeMemory.trim();
                }
            }
        }

        private float[][] torchForward(long[] idx, boolean allPositions) {
            int t = idx.length;
            try (NDManager step = manager.newSubManager()) {
                NDArray x = embed.get(step.create(idx));
                x.attach(step);
                NDArray[] rope = ropeTables(step, t);
                NDArray mask = t > 1 || config.slidingWindow > 0 ? mask(step, t) : null;
                for (int i = 0; i < layers.length; i++) {
                    x = block(step, i, x, rope[0], rope[1], mask);
                }
                NDArray last = allPositions ? x : x.get((t - 1) + ":");
                NDArray logits = linear(rmsNorm(last, finalNorm), lmHead, null);
                float[] flat = logits.toFloatArray();
                int rows = (int) logits.getShape().get(0);
                int vocab = (int) logits.getShape().get(1);
                float[][] out = new float[rows][vocab];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(flat, r * vocab, out[r], 0, vocab);
                }
                position += t;
                return out;
            }
        }

        private NDArray block(NDManager step, int i, NDArray x, NDArray cos, NDArray sin, NDArray mask) {
            Layer l = layers[i];
            int t = (int) x.getShape().get(0);
            int hd = config.headDim;
            NDArray h = rmsNorm(x, l.inputNorm);
            NDArray q = linear(h, l.q, l.qBias).reshape(t, config.heads, hd);
            NDArray k = linear(h, l.k, l.kBias).reshape(t, config.kvHeads, hd);
            NDArray v = linear(h, l.v, l.vBias).reshape(t, config.kvHeads, hd);
            if (l.qNorm != null) {
                q = rmsNorm(q, l.qNorm);
                k = rmsNorm(k, l.kNorm);
            }
            q = rotate(q, cos, sin).transpose(1, 0, 2); // (heads, t, hd)
            k = rotate(k, cos, sin).transpose(1, 0, 2); // (kv, t, hd)
            v = v.transpose(1, 0, 2);
            NDArray allK = keys[i] == null ? k : NDArrays.concat(new NDList(keys[i], k), 1);
            NDArray allV = values[i] == null ? v : NDArrays.concat(new NDList(values[i], v), 1);
            allK.attach(manager);
            allV.attach(manager);
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
            }
            keys[i] = allK;
            values[i] = allV;
            int group = config.heads / config.kvHeads;
            long s = allK.getShape().get(1);
            NDArray qg = q.reshape(config.kvHeads, group, t, hd);
            NDArray scores = qg.matMul(allK.expandDims(1).transpose(0, 1, 3, 2)).mul(attentionScale);
            if (mask != null) {
                scores = scores.add(mask);
            }
            NDArray ctx = scores.softmax(-1).matMul(allV.expandDims(1)); // (kv, group, t, hd)
            ctx = ctx.reshape(config.heads, t, hd).transpose(1, 0, 2).reshape(t, (long) config.heads * hd);
            x = x.add(linear(ctx, l.o, l.oBias));
            NDArray h2 = rmsNorm(x, l.postNorm);
            NDArray gate = linear(h2, l.gate, l.gateBias);
            NDArray act = gate.mul(Activation.sigmoid(gate)).mul(linear(h2, l.up, l.upBias));
            return x.add(linear(act, l.down, l.downBias));
        }

        /** cos and sin tables of shape (t, 1, headDim) for the positions after the cache. */
        private NDArray[] ropeTables(NDManager step, int t) {
            float[][] cosSin = rope(position, t);
            Shape shape = new Shape(t, 1, config.headDim);
            return new NDArray[] { step.create(cosSin[0], shape), step.create(cosSin[1], shape) };
        }

        private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
            int half = config.headDim / 2;
            NDArray x1 = x.get(":, :, :" + half);
            NDArray x2 = x.get(":, :, " + half + ":");
            NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
            return x.mul(cos).add(rotated.mul(sin));
        }

        /** Additive mask (t, s): causal, and the sliding window when the model has one. */
        private NDArray mask(NDManager step, int t) {
            int s = position + t;
            float[] m = new float[t * s];
            for (int i = 0; i < t; i++) {
                int q = position + i;
                for (int j = 0; j < s; j++) {
                    boolean visible = j <= q && (config.slidingWindow <= 0 || q - j < config.slidingWindow);
                    m[i * s + j] = visible ? 0f : Float.NEGATIVE_INFINITY;
                }
            }
            return step.create(m, new Shape(t, s));
        }

        @Override
        public void close() {
            if (manager != null) {
                manager.close();
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d layers, hidden %d, heads %d/%d)", config.architecture,
                config.layers, config.hiddenSize, config.heads, config.kvHeads);
    }

}
