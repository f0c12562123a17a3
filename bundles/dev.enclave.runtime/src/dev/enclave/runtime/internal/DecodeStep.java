package dev.enclave.runtime.internal;

import java.util.function.IntFunction;

/**
 * One decoding step (a single new token) of a {@link DecoderModel}, computed in Java over the
 * weights' own memory: the matrix-vector products on the Vector API ({@link GemvKernel}), shared
 * over the cores ({@link Spread}), and the small vector work (norms, rotary embedding,
 * attention over the cache, SwiGLU) in plain loops. A token's libtorch graph is a few
 * thousand small operations whose per-call cost came to as much as the weight reading itself;
 * here a step costs little more than streaming the weights once. The arithmetic is the same
 * as the libtorch path (transformers' order of operations, float32); only summation order
 * differs. Used only when the Vector API is present and every matrix is plain memory (no
 * adapter merged in).
 */
final class DecodeStep {
    /** One decoder layer's weights: matrices as memory, vectors copied (null when absent). */
    record Layer(float[] inputNorm, QuantMatrix q, float[] qBias, QuantMatrix k, float[] kBias,
            QuantMatrix v, float[] vBias, QuantMatrix o, float[] oBias, float[] qNorm, float[] kNorm,
            float[] postNorm, QuantMatrix gate, float[] gateBias, QuantMatrix up, float[] upBias,
            QuantMatrix down, float[] downBias) {
    }

    /** Rows per thread below which a product runs on the caller alone. */
    private static final int MIN_ROWS = 64;

    private final HfConfig config;
    private final QuantMatrix embed;
    private final QuantMatrix lmHead;
    private final float[] finalNorm;
    private final Layer[] layers;
    private final IntFunction<float[][]> rope;
    private final float scale;
    private final int kvDim;
    /**
     * Whether q and k rotate adjacent pairs (2i, 2i+1): llama.cpp's conversion permutes the rows
     * of Llama's q and k projections into that order, and attention scores do not change when
     * the rotation follows the permutation.
     */
    private final boolean interleaved;

    /**
     * @param rope cos and sin (each headDim long, attention scaling applied) of one position
     */
    DecodeStep(HfConfig config, QuantMatrix embed, QuantMatrix lmHead, float[] finalNorm, Layer[] layers,
            IntFunction<float[][]> rope, float scale) {
        this(config, embed, lmHead, finalNorm, layers, rope, scale, false);
    }

    DecodeStep(HfConfig config, QuantMatrix embed, QuantMatrix lmHead, float[] finalNorm, Layer[] layers,
            IntFunction<float[][]> rope, float scale, boolean interleaved) {
        this.interleaved = interleaved;
        this.config = config;
        this.embed = embed;
        this.lmHead = lmHead;
        this.finalNorm = finalNorm;
        this.layers = layers;
        this.rope = rope;
        this.scale = scale;
        this.kvDim = config.kvHeads * config.headDim;
    }

    /** A sequence's keys and values, per layer laid out [position][kvHead][headDim]. */
    final class Cache {
        final float[][] keys = new float[layers.length][];
        final float[][] values = new float[layers.length][];
        /** Positions held. */
        int length;

        void ensure(int positions) {
            int have = keys[0] == null ? 0 : keys[0].length / kvDim;
            if (positions <= have) {
                return;
            }
            int cap = Math.min(Math.max(positions, Math.max(64, have * 2)), Math.max(positions, config.maxPositions));
            for (int i = 0; i < layers.length; i++) {
                keys[i] = grow(keys[i], cap * kvDim);
                values[i] = grow(values[i], cap * kvDim);
            }
        }

        private static float[] grow(float[] a, int n) {
            float[] b = new float[n];
            if (a != null) {
                System.arraycopy(a, 0, b, 0, Math.min(a.length, n));
            }
            return b;
        }
    }

    Cache newCache() {
        return new Cache();
    }

    /** Runs token {@code id} at position {@code cache.length}, appends its keys and values, and returns its logits. */
    float[] step(int id, Cache cache) {
        int d = config.hiddenSize;
        int hd = config.headDim;
        int qDim = config.heads * hd;
        int inter = config.intermediateSize;
        int pos = cache.length;
        cache.ensure(pos + 1);
        float[][] cs = rope.apply(pos);
        float[] x = new float[d];
        embed.row(id, x);
        float[] h = new float[d];
        float[] q = new float[qDim];
        float[] k = new float[kvDim];
        float[] v = new float[kvDim];
        float[] ctx = new float[qDim];
        float[] out = new float[d];
        float[] gate = new float[inter];
        float[] up = new float[inter];
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            rmsNorm(x, 0, d, l.inputNorm, h);
            products(h, new QuantMatrix[] { l.q, l.k, l.v }, new float[][] { q, k, v });
            addBias(q, l.qBias);
            addBias(k, l.kBias);
            addBias(v, l.vBias);
            if (l.qNorm != null) {
                for (int j = 0; j < config.heads; j++) {
                    rmsNorm(q, j * hd, hd, l.qNorm, q);
                }
                for (int j = 0; j < config.kvHeads; j++) {
                    rmsNorm(k, j * hd, hd, l.kNorm, k);
                }
            }
            rotate(q, config.heads, cs);
            rotate(k, config.kvHeads, cs);
            System.arraycopy(k, 0, cache.keys[i], pos * kvDim, kvDim);
            System.arraycopy(v, 0, cache.values[i], pos * kvDim, kvDim);
            attention(cache.keys[i], cache.values[i], pos, q, ctx);
            products(ctx, new QuantMatrix[] { l.o }, new float[][] { out });
            addBias(out, l.oBias);
            add(x, out);
            rmsNorm(x, 0, d, l.postNorm, h);
            products(h, new QuantMatrix[] { l.gate, l.up }, new float[][] { gate, up });
            addBias(gate, l.gateBias);
            addBias(up, l.upBias);
            GemvKernel.siluMul(gate, up, inter);
            products(gate, new QuantMatrix[] { l.down }, new float[][] { out });
            addBias(out, l.downBias);
            add(x, out);
        }
        cache.length = pos + 1;
        rmsNorm(x, 0, d, finalNorm, h);
        float[] logits = new float[config.vocabSize];
        products(h, new QuantMatrix[] { lmHead }, new float[][] { logits });
        return logits;
    }

    /** {@code ys[m] = W_m·x} for matrices sharing the input, their rows shared out over the cores as one range. */
    private static void products(float[] x, QuantMatrix[] ws, float[][] ys) {
        int total = 0;
        for (float[] y : ys) {
            total += y.length;
        }
        Spread.run(total, MIN_ROWS, (from, to) -> {
            int base = 0;
            for (int m = 0; m < ws.length && base < to; m++) {
                int rows = ys[m].length;
                int lo = Math.max(from, base);
                int hi = Math.min(to, base + rows);
                if (lo < hi) {
                    ws[m].gemv(x, ys[m], lo - base, hi - base);
                }
                base += rows;
            }
        });
    }

    /**
     * Softmax attention of every query head over the cached positions it may see (causal, and
     * the sliding window when the model has one); heads share a key/value head in groups.
     */
    private void attention(float[] keys, float[] values, int pos, float[] q, float[] ctx) {
        int first = config.slidingWindow > 0 ? Math.max(0, pos - config.slidingWindow + 1) : 0;
        int span = pos + 1 - first;
        // Long contexts share the heads out over the cores; short ones are not worth the hand-off.
        int minHeads = span >= 256 ? 1 : config.heads;
        Spread.run(config.heads, minHeads, (from, to) -> {
            float[] scores = new float[span];
            for (int h = from; h < to; h++) {
                attendHead(keys, values, pos, q, ctx, h, scores);
            }
        });
    }

    /** One query head of the token at {@code pos} over the cache; {@code scores} holds at least pos + 1 values. */
    private void attendHead(float[] keys, float[] values, int pos, float[] q, float[] ctx, int h, float[] scores) {
        int hd = config.headDim;
        int group = config.heads / config.kvHeads;
        int first = config.slidingWindow > 0 ? Math.max(0, pos - config.slidingWindow + 1) : 0;
        int span = pos + 1 - first;
        int kvOff = (h / group) * hd;
        int qOff = h * hd;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < span; j++) {
            float s = GemvKernel.dot(q, qOff, keys, (first + j) * kvDim + kvOff, hd) * scale;
            scores[j] = s;
            max = Math.max(max, s);
        }
        float sum = 0;
        for (int j = 0; j < span; j++) {
            float e = (float) Math.exp(scores[j] - max);
            scores[j] = e;
            sum += e;
        }
        java.util.Arrays.fill(ctx, qOff, qOff + hd, 0f);
        for (int j = 0; j < span; j++) {
            GemvKernel.axpy(scores[j] / sum, values, (first + j) * kvDim + kvOff, ctx, qOff, hd);
        }
    }

    /**
     * Runs {@code ids} at positions {@code cache.length …} in one pass (prefill), appends their
     * keys and values, and returns the logits of every new position ({@code all}) or of the last
     * one. The matrix products go through {@link QuantMatrix#gemm} (rows dequantized once per
     * batch); attention runs causally per token and head over the cache.
     */
    float[][] prefill(int[] ids, Cache cache, boolean all) {
        int t = ids.length;
        int d = config.hiddenSize;
        int hd = config.headDim;
        int qDim = config.heads * hd;
        int inter = config.intermediateSize;
        int pos0 = cache.length;
        cache.ensure(pos0 + t);
        float[][][] cs = new float[t][][];
        float[][] x = new float[t][d];
        for (int i = 0; i < t; i++) {
            cs[i] = rope.apply(pos0 + i);
            embed.row(ids[i], x[i]);
        }
        float[][] h = new float[t][d];
        float[][] q = new float[t][qDim];
        float[][] k = new float[t][kvDim];
        float[][] v = new float[t][kvDim];
        float[][] ctx = new float[t][qDim];
        float[][] out = new float[t][d];
        float[][] gate = new float[t][inter];
        float[][] up = new float[t][inter];
        for (int li = 0; li < layers.length; li++) {
            Layer l = layers[li];
            for (int i = 0; i < t; i++) {
                rmsNorm(x[i], 0, d, l.inputNorm, h[i]);
            }
            batch(h, t, new QuantMatrix[] { l.q, l.k, l.v }, new float[][][] { q, k, v });
            float[] keys = cache.keys[li];
            float[] values = cache.values[li];
            for (int i = 0; i < t; i++) {
                addBias(q[i], l.qBias);
                addBias(k[i], l.kBias);
                addBias(v[i], l.vBias);
                if (l.qNorm != null) {
                    for (int j = 0; j < config.heads; j++) {
                        rmsNorm(q[i], j * hd, hd, l.qNorm, q[i]);
                    }
                    for (int j = 0; j < config.kvHeads; j++) {
                        rmsNorm(k[i], j * hd, hd, l.kNorm, k[i]);
                    }
                }
                rotate(q[i], config.heads, cs[i]);
                rotate(k[i], config.kvHeads, cs[i]);
                System.arraycopy(k[i], 0, keys, (pos0 + i) * kvDim, kvDim);
                System.arraycopy(v[i], 0, values, (pos0 + i) * kvDim, kvDim);
            }
            int heads = config.heads;
            Spread.run(t * heads, Math.max(1, heads / 2), (from, to) -> {
                float[] scores = new float[pos0 + t];
                for (int u = from; u < to; u++) {
                    int i = u / heads;
                    attendHead(keys, values, pos0 + i, q[i], ctx[i], u % heads, scores);
                }
            });
            batch(ctx, t, new QuantMatrix[] { l.o }, new float[][][] { out });
            for (int i = 0; i < t; i++) {
                addBias(out[i], l.oBias);
                add(x[i], out[i]);
                rmsNorm(x[i], 0, d, l.postNorm, h[i]);
            }
            batch(h, t, new QuantMatrix[] { l.gate, l.up }, new float[][][] { gate, up });
            for (int i = 0; i < t; i++) {
                addBias(gate[i], l.gateBias);
                addBias(up[i], l.upBias);
                GemvKernel.siluMul(gate[i], up[i], inter);
            }
            batch(gate, t, new QuantMatrix[] { l.down }, new float[][][] { out });
            for (int i = 0; i < t; i++) {
                addBias(out[i], l.downBias);
                add(x[i], out[i]);
            }
        }
        cache.length = pos0 + t;
        int first = all ? 0 : t - 1;
        float[][] last = new float[t - first][d];
        for (int i = first; i < t; i++) {
            rmsNorm(x[i], 0, d, finalNorm, last[i - first]);
        }
        float[][] logits = new float[t - first][config.vocabSize];
        batch(last, t - first, new QuantMatrix[] { lmHead }, new float[][][] { logits });
        return logits;
    }

    /** {@code ys[m][i] = W_m·xs[i]} for the first {@code n} inputs, the matrices' rows shared out as one range. */
    private static void batch(float[][] xs, int n, QuantMatrix[] ws, float[][][] ys) {
        int total = 0;
        for (QuantMatrix w : ws) {
            total += w.rows();
        }
        Spread.run(total, 16, (from, to) -> {
            int base = 0;
            for (int m = 0; m < ws.length && base < to; m++) {
                int rows = ws[m].rows();
                int lo = Math.max(from, base);
                int hi = Math.min(to, base + rows);
                if (lo < hi) {
                    ws[m].gemm(xs, n, ys[m], lo - base, hi - base);
                }
                base += rows;
            }
        });
    }

    /** Bytes of weights read for one decoded token: every matrix once, the LM head once. */
    long bytesPerToken() {
        long n = lmHead.bytes();
        for (Layer l : layers) {
            for (QuantMatrix m : new QuantMatrix[] { l.q, l.k, l.v, l.o, l.gate, l.up, l.down }) {
                n += m.bytes();
            }
        }
        return n;
    }

    /** transformers' rotate_half form: each head's halves (a, b) become (a·cos − b·sin, b·cos + a·sin). */
    private void rotate(float[] t, int heads, float[][] cs) {
        int hd = config.headDim;
        int half = hd / 2;
        float[] cos = cs[0];
        float[] sin = cs[1];
        for (int h = 0; h < heads; h++) {
            int o = h * hd;
            if (interleaved) {
                for (int j = 0; j < half; j++) {
                    float a = t[o + 2 * j];
                    float b = t[o + 2 * j + 1];
                    t[o + 2 * j] = a * cos[j] - b * sin[j];
                    t[o + 2 * j + 1] = b * cos[j + half] + a * sin[j + half];
                }
                continue;
            }
            for (int j = 0; j < half; j++) {
                float a = t[o + j];
                float b = t[o + j + half];
                t[o + j] = a * cos[j] - b * sin[j];
                t[o + j + half] = b * cos[j + half] + a * sin[j + half];
            }
        }
    }

    /** RMSNorm of {@code x[off, off+n)} into {@code out[off, …)} (may be x itself). */
    private void rmsNorm(float[] x, int off, int n, float[] weight, float[] out) {
        float sum = GemvKernel.dot(x, off, x, off, n);
        float inv = (float) Math.pow(sum / n + (float) config.normEps, -0.5);
        for (int i = 0; i < n; i++) {
            out[off + i] = x[off + i] * inv * weight[i];
        }
    }

    private static void addBias(float[] y, float[] bias) {
        if (bias != null) {
            add(y, bias);
        }
    }

    private static void add(float[] y, float[] a) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a[i];
        }
    }
}
