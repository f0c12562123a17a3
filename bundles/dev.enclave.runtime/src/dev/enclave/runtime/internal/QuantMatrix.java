package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix (rows × cols, row-major) in its stored type, read in place: float32 memory
 * or GGUF blocks. Decoding multiplies it by one vector ({@link #gemv}); prefill by a batch of
 * token vectors ({@link #gemm}), dequantizing four rows at a time (in 1024-column blocks) into a
 * small tile that every token of the batch then reads (a tile-on-the-fly GEMM: the
 * dequantization is paid once per row per batch, the products run on a float32 register-blocked
 * loop, and no tile is held longer than it is used). Q8_0, Q4_0, Q4_K and Q6_K (what Q4_K_M files hold) have dedicated in-place kernels
 * ({@link QuantKernel}); the other block types take the row-buffer path for decoding as well. Thread-safe: calls on disjoint row
 * ranges run in parallel.
 */
public class QuantMatrix {
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][]);
    private static final ThreadLocal<float[][]> TILE = ThreadLocal.withInitial(() -> new float[4][0]);
    /** Rows of a prefill tile: dequantized together, then multiplied by every token four at a time. */
    private static final int TILE_ROWS = 4;
    /** Tokens below which a batch product runs as per-token products on the blocks in place. */
    private static final int MIN_GEMM_TOKENS = 4;
    /**
     * Columns per block of the prefill GEMM: a multiple of every block size (256 for K-quants),
     * small enough that 64 tokens' slices (256 KB) stay in a core's L2 cache.
     */
    private static final int K_BLOCK = 1024;

    final GgmlType type;
    final MemorySegment data;
    final int rows;
    final int cols;

    QuantMatrix(GgmlType type, MemorySegment data, int rows, int cols) {
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        if (data.byteSize() < type.bytes((long) rows * cols)) {
            throw new IllegalArgumentException("matrix data too short");
        }
    }

    /** Bytes read for one product with the matrix. */
    public long bytes() {
        return type.bytes((long) rows * cols);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public GgmlType type() {
        return type;
    }

    private long rowBytes() {
        return type.bytes(cols);
    }

    /** Row {@code r} as float32 into {@code out} (cols long). */
    public void row(int r, float[] out) {
        if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0) {
            QuantKernel.dequantizeRow(type, data, r * rowBytes(), out);
        } else {
            type.dequantize(data, r * rowBytes(), out, 0, cols);
        }
    }

    /** {@code y[r] = W[r]·x} for rows {@code [from, to)}. */
    public void gemv(float[] x, float[] y, int from, int to) {
        kernel(x, y, from, to);
    }

    /** The product with the stored weights alone (what a LoRA-adapted subclass adds to). */
    private void kernel(float[] x, float[] y, int from, int to) {
        switch (type) {
        case F32 -> GemvKernel.rows(data, x, y, from, to);
        case Q8_0 -> QuantKernel.q8_0(data, x, y, from, to);
        case Q4_0 -> QuantKernel.q4_0(data, x, y, from, to);
        case Q4_K -> QuantKernel.q4_k(data, x, y, from, to);
        case Q6_K -> QuantKernel.q6_k(data, x, y, from, to);
        default -> {
            float[] row = buffer();
            for (int r = from; r < to; r++) {
                row(r, row);
                y[r] = QuantKernel.dot(row, x);
            }
        }
        }
    }

    /**
     * {@code ys[i][r] = W[r]·xs[i]} for tokens {@code i < n} and rows {@code [from, to)}.
     *
     * <p>A tiled GEMM in float32: four rows at a time are dequantized into a small tile (with
     * ggml's arithmetic, bit for bit) and multiplied by every token, sixteen dot products in
     * registers at once ({@link QuantKernel#tileTimesTokens}), so each weight is read and unpacked
     * once per batch, not once per token. Float32 rather than an int8 GEMM on Q8_0-quantized
     * activations: the Vector API offers no int8 dot-product instruction (no VNNI or
     * {@code pmaddubsw}), so integer products must be widened to shorts and converted back to
     * float per 32-block, which costs more instructions per multiply-add than one float FMA on 16
     * lanes, while the dequantization, paid once per row per batch, is a small share; and the
     * activations keep full precision, so prefill and single decoding steps agree. Fewer than four tokens (the last token's logits) take the
     * decode kernels instead, which read the blocks in place.
     */
    public void gemm(float[][] xs, int n, float[][] ys, int from, int to) {
        if (n < MIN_GEMM_TOKENS) {
            for (int i = 0; i < n; i++) {
                kernel(xs[i], ys[i], from, to);
            }
            return;
        }
        float[][] tile = TILE.get();
        int kc = Math.min(cols, K_BLOCK);
        if (tile[0].length != kc) {
            for (int j = 0; j < TILE_ROWS; j++) {
                tile[j] = new float[kc];
            }
        }
        int tiled = from + (to - from) / TILE_ROWS * TILE_ROWS;
        // Column blocks outermost: the tokens' slice of a block (n × K_BLOCK floats) stays in the
        // core's cache while every row tile of the range passes over it.
        for (int k0 = 0; k0 < cols; k0 += K_BLOCK) {
            int k = Math.min(K_BLOCK, cols - k0);
            for (int r = from; r < tiled; r += TILE_ROWS) {
                for (int j = 0; j < TILE_ROWS; j++) {
                    rowPart(r + j, k0, k, tile[j]);
                }
                QuantKernel.tileTimesTokens(tile, k, xs, n, k0, k0 > 0, ys, r);
            }
        }
        float[] row = buffer();
        for (int r = tiled; r < to; r++) {
            row(r, row);
            QuantKernel.rowTimesTokens(row, xs, n, ys, r);
        }
    }

    /** Values {@code [k0, k0 + k)} of row {@code r} into {@code out}; k0 and k multiples of the block size (or k0 + k = cols). */
    private void rowPart(int r, int k0, int k, float[] out) {
        long offset = r * rowBytes() + type.bytes(k0);
        if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0) {
            QuantKernel.dequantizeRow(type, data, offset, out, k);
        } else {
            type.dequantize(data, offset, out, 0, k);
        }
    }

    private float[] buffer() {
        float[][] holder = ROW.get();
        if (holder[0] == null || holder[0].length != cols) {
            holder[0] = new float[cols];
        }
        return holder[0];
    }

    /**
     * The same matrix plus a LoRA update kept beside it in float32: {@code W + scale·B·A}, applied as
     * {@code W·x + scale·B·(A·x)} so the quantized weights stay as they are.
     *
     * @param a rank × cols, row-major
     * @param b rows × rank, row-major
     */
    public static QuantMatrix withLora(QuantMatrix base, float[] a, float[] b, int rank, float scale) {
        return new Lora(base, a, b, rank, scale);
    }

    private static final class Lora extends QuantMatrix {
        private final float[] a;
        private final float[] b;
        private final int rank;
        private final float scale;

        Lora(QuantMatrix base, float[] a, float[] b, int rank, float scale) {
            super(base.type, base.data, base.rows, base.cols);
            this.a = a;
            this.b = b;
            this.rank = rank;
            this.scale = scale;
        }

        private float[] down(float[] x) {
            float[] ax = new float[rank];
            for (int j = 0; j < rank; j++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += a[j * cols + c] * x[c];
                }
                ax[j] = (float) s * scale;
            }
            return ax;
        }

        private void up(float[] ax, float[] y, int from, int to) {
            for (int r = from; r < to; r++) {
                float s = 0;
                for (int j = 0; j < rank; j++) {
                    s += b[r * rank + j] * ax[j];
                }
                y[r] += s;
            }
        }

        @Override
        public void gemv(float[] x, float[] y, int from, int to) {
            super.gemv(x, y, from, to);
            up(down(x), y, from, to);
        }

        @Override
        public void gemm(float[][] xs, int n, float[][] ys, int from, int to) {
            super.gemm(xs, n, ys, from, to);
            for (int i = 0; i < n; i++) {
                up(down(xs[i]), ys[i], from, to);
            }
        }
    }
}
