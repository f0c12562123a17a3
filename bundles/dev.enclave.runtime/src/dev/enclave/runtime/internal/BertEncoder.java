package dev.enclave.runtime.internal;

import java.nio.file.Path;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.enclave.core.EnclaveException;

/**
 * A BERT-family encoder (BertModel, and the bge / e5 embedders built on it) on
 * DJL NDArray operations, float32, for sentence embeddings.
 */
public final class BertEncoder implements AutoCloseable {
    /** How a sentence vector is made from the token vectors. */
    public enum Pooling {
        /** The {@code [CLS]} token's vector (bge). */
        CLS,
        /** The mean of the non-padding tokens' vectors (sentence-transformers, e5). */
        MEAN
    }

    private final HfConfig config;
    private final NDManager weights;
    private final NDArray word;
    private final NDArray position;
    private final NDArray tokenType;
    private final NDArray embNormW;
    private final NDArray embNormB;
    private final Layer[] layers;
    private final long parameters;

    private record Layer(NDArray q, NDArray qb, NDArray k, NDArray kb, NDArray v, NDArray vb, NDArray o, NDArray ob,
            NDArray n1w, NDArray n1b, NDArray i, NDArray ib, NDArray out, NDArray outb, NDArray n2w, NDArray n2b) {
    }

    /** Whether this class runs {@code architecture}. */
    public static boolean supports(String architecture) {
        return switch (architecture) {
        case "BertModel", "BertForMaskedLM", "BertForSequenceClassification", "XLMRobertaModel", "RobertaModel",
                "XLMRobertaForSequenceClassification" -> true;
        default -> false;
        };
    }

    private BertEncoder(HfConfig c, Weights w, NDManager manager) {
        this.config = c;
        this.weights = manager;
        c.require("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size");
        long d = c.hiddenSize;
        this.word = t(w, "embeddings.word_embeddings.weight", c.vocabSize, d);
        this.position = t(w, "embeddings.position_embeddings.weight", c.maxPositions, d);
        this.tokenType = t(w, "embeddings.token_type_embeddings.weight");
        this.embNormW = t(w, "embeddings.LayerNorm.weight", d);
        this.embNormB = t(w, "embeddings.LayerNorm.bias", d);
        this.layers = new Layer[c.layers];
        for (int n = 0; n < c.layers; n++) {
            String p = "encoder.layer." + n + ".";
            layers[n] = new Layer(t(w, p + "attention.self.query.weight", d, d), t(w, p + "attention.self.query.bias", d),
                    t(w, p + "attention.self.key.weight", d, d), t(w, p + "attention.self.key.bias", d),
                    t(w, p + "attention.self.value.weight", d, d), t(w, p + "attention.self.value.bias", d),
                    t(w, p + "attention.output.dense.weight", d, d), t(w, p + "attention.output.dense.bias", d),
                    t(w, p + "attention.output.LayerNorm.weight", d), t(w, p + "attention.output.LayerNorm.bias", d),
                    t(w, p + "intermediate.dense.weight", c.intermediateSize, d),
                    t(w, p + "intermediate.dense.bias", c.intermediateSize),
                    t(w, p + "output.dense.weight", d, c.intermediateSize), t(w, p + "output.dense.bias", d),
                    t(w, p + "output.LayerNorm.weight", d), t(w, p + "output.LayerNorm.bias", d));
        }
        this.parameters = w.parameters();
    }

    /** Loads the folder's weights into {@code manager}. */
    public static BertEncoder load(Path folder, NDManager manager) {
        HfConfig c = HfConfig.read(folder);
        if (!supports(c.architecture)) {
            throw EnclaveException.badInput(c.file + ": unknown encoder architecture '" + c.architecture + "'.");
        }
        try (Weights w = Weights.open(folder)) {
            return new BertEncoder(c, w, manager);
        }
    }

    private NDArray t(Weights w, String name, long... shape) {
        long[] actual = shape.length == 0 ? w.shape(name) : shape;
        return weights.create(w.bytes(name, shape), new Shape(actual), ai.djl.ndarray.types.DataType.FLOAT32);
    }

    public HfConfig config() {
        return config;
    }

    public long parameters() {
        return parameters;
    }

    /** Hidden size = embedding dimension. */
    public int dimension() {
        return config.hiddenSize;
    }

    /**
     * Encodes a batch of token id rows (each with its special tokens) and pools them.
     *
     * @param normalize whether to scale each vector to unit length
     * @return one vector per row
     */
    public float[][] embed(int[][] batch, Pooling pooling, boolean normalize) {
        return embed(batch, null, pooling, normalize);
    }

    /**
     * Encodes a batch of token id rows with their token type (segment) ids, e.g. a query and a passage
     * for a cross-encoder, and pools them; {@code types} null means segment 0 throughout.
     */
    public float[][] embed(int[][] batch, int[][] types, Pooling pooling, boolean normalize) {
        int b = batch.length;
        int t = 0;
        for (int[] row : batch) {
            t = Math.max(t, row.length);
        }
        if (t > config.maxPositions) {
            throw EnclaveException.badInput("A text has " + t + " tokens; this encoder takes at most "
                    + config.maxPositions + ".");
        }
        long[] ids = new long[b * t];
        long[] segments = new long[b * t];
        float[] keep = new float[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < batch[i].length; j++) {
                ids[i * t + j] = batch[i][j];
                segments[i * t + j] = types == null ? 0 : types[i][j];
                keep[i * t + j] = 1f;
            }
        }
        int d = config.hiddenSize;
        int heads = config.heads;
        int hd = d / heads;
        // RoBERTa-family position ids start after the padding index (padding_idx + 1), padding keeps padding_idx.
        boolean roberta = config.modelType.contains("roberta");
        long padIdx = config.json.has("pad_token_id") && !config.json.get("pad_token_id").isJsonNull()
                ? config.json.get("pad_token_id").getAsLong() : 1;
        long[] positions = new long[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                positions[i * t + j] = !roberta ? j : j < batch[i].length ? padIdx + 1 + j : padIdx;
            }
        }
        if (roberta && padIdx + 1 + t > config.maxPositions) {
            throw EnclaveException.badInput("A text has " + t + " tokens; this encoder takes at most "
                    + (config.maxPositions - padIdx - 1) + ".");
        }
        try (NDManager step = weights.newSubManager()) {
            NDArray idArr = step.create(ids, new Shape(b, t));
            NDArray x = word.get(idArr.flatten()).reshape(b, t, d);
            x.attach(step);
            NDArray pos = position.get(step.create(positions)).reshape(b, t, d);
            pos.attach(step);
            NDArray segment;
            if (types == null) {
                segment = tokenType.get("0");
            } else {
                segment = tokenType.get(step.create(segments)).reshape(b, t, d);
            }
            segment.attach(step);
            x = layerNorm(x.add(pos).add(segment), embNormW, embNormB);
            NDArray keepArr = step.create(keep, new Shape(b, t));
            // (b, 1, 1, t): 0 where visible, the float minimum where padding (as transformers does).
            NDArray bias = keepArr.sub(1f).mul(-Float.MAX_VALUE).neg().reshape(b, 1, 1, t);
            float scale = (float) (1.0 / Math.sqrt(hd));
            for (Layer l : layers) {
                NDArray q = lin(x, l.q, l.qb).reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
                NDArray k = lin(x, l.k, l.kb).reshape(b, t, heads, hd).transpose(0, 2, 3, 1);
                NDArray v = lin(x, l.v, l.vb).reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
                NDArray probs = q.matMul(k).mul(scale).add(bias).softmax(-1);
                NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
                x = layerNorm(x.add(lin(ctx, l.o, l.ob)), l.n1w, l.n1b);
                NDArray inter = Activation.gelu(lin(x, l.i, l.ib));
                x = layerNorm(x.add(lin(inter, l.out, l.outb)), l.n2w, l.n2b);
            }
            NDArray pooled;
            if (pooling == Pooling.CLS) {
                pooled = x.get(":, 0, :");
            } else {
                NDArray m = keepArr.expandDims(2);
                pooled = x.mul(m).sum(new int[] { 1 }).div(m.sum(new int[] { 1 }));
            }
            if (normalize) {
                NDArray norm = pooled.square().sum(new int[] { 1 }, true).sqrt().maximum(1e-12f);
                pooled = pooled.div(norm);
            }
            float[] flat = pooled.toFloatArray();
            float[][] out = new float[b][d];
            for (int i = 0; i < b; i++) {
                System.arraycopy(flat, i * d, out[i], 0, d);
            }
            return out;
        }
    }

    private NDArray layerNorm(NDArray x, NDArray w, NDArray b) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize), w, b, (float) config.normEps).singletonOrThrow();
    }

    private static NDArray lin(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    public void close() {
        weights.close();
    }
}
