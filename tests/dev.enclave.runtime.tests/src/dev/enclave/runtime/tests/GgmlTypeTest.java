package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.QuantMatrix;

/**
 * Block dequantization of every GGUF type on blocks with known bytes, the expected values
 * written element by element from the block layouts (not from the decoder's loops), compared
 * bit for bit; then the in-place kernels and the prefill GEMM against dequantized rows.
 */
class GgmlTypeTest {
    private static final short HALF_ONE = 0x3C00;
    private static final short HALF_HALF = 0x3800;
    private static final short HALF_TWO = 0x4000;
    private static final short HALF_MINUS_ONE = (short) 0xBC00;

    private static float[] dequantize(GgmlType type, byte[] block) {
        float[] out = new float[type.blockSize];
        type.dequantize(MemorySegment.ofArray(block), 0, out, 0, type.blockSize);
        return out;
    }

    private static void half(byte[] b, int at, short v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void assertBits(float[] expected, float[] actual, GgmlType type) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    type + " element " + i + ": expected " + expected[i] + " got " + actual[i]);
        }
    }

    /** Low nibbles hold elements 0–15, high nibbles 16–31 (ggml's q4/q5 order). */
    private static int nibble32(byte[] b, int qs, int e) {
        int v = b[qs + (e % 16)] & 0xff;
        return e < 16 ? v & 0xF : v >> 4;
    }

    @Test
    void legacyBlocksDecodeAsGgmlDoes() {
        byte[] q8 = new byte[34];
        half(q8, 0, HALF_HALF);
        for (int j = 0; j < 32; j++) {
            q8[2 + j] = (byte) (j * 8 - 128);
        }
        float[] e8 = new float[32];
        for (int j = 0; j < 32; j++) {
            e8[j] = (j * 8 - 128) * 0.5f;
        }
        assertBits(e8, dequantize(GgmlType.Q8_0, q8), GgmlType.Q8_0);

        byte[] q4 = new byte[18];
        half(q4, 0, HALF_TWO);
        byte[] q41 = new byte[20];
        half(q41, 0, HALF_ONE);
        half(q41, 2, HALF_MINUS_ONE);
        for (int j = 0; j < 16; j++) {
            q4[2 + j] = (byte) (j | ((15 - j) << 4));
            q41[4 + j] = q4[2 + j];
        }
        float[] e4 = new float[32];
        float[] e41 = new float[32];
        for (int e = 0; e < 32; e++) {
            int n = nibble32(q4, 2, e);
            e4[e] = (n - 8) * 2f;
            e41[e] = n * 1f + -1f;
        }
        assertBits(e4, dequantize(GgmlType.Q4_0, q4), GgmlType.Q4_0);
        assertBits(e41, dequantize(GgmlType.Q4_1, q41), GgmlType.Q4_1);

        int qh = 0xAAAA5555;
        byte[] q5 = new byte[22];
        byte[] q51 = new byte[24];
        half(q5, 0, HALF_ONE);
        half(q51, 0, HALF_ONE);
        half(q51, 2, HALF_HALF);
        for (int i = 0; i < 4; i++) {
            q5[2 + i] = (byte) (qh >>> (8 * i));
            q51[4 + i] = q5[2 + i];
        }
        for (int j = 0; j < 16; j++) {
            q5[6 + j] = (byte) ((j * 5 & 0xF) | ((15 - j) << 4));
            q51[8 + j] = q5[6 + j];
        }
        float[] e5 = new float[32];
        float[] e51 = new float[32];
        for (int e = 0; e < 32; e++) {
            int q = nibble32(q5, 6, e) | (((qh >>> e) & 1) << 4);
            e5[e] = (q - 16) * 1f;
            e51[e] = q * 1f + 0.5f;
        }
        assertBits(e5, dequantize(GgmlType.Q5_0, q5), GgmlType.Q5_0);
        assertBits(e51, dequantize(GgmlType.Q5_1, q51), GgmlType.Q5_1);
    }

    @Test
    void floatTypesDecodeExactly() {
        byte[] f16 = new byte[2];
        half(f16, 0, (short) 0xC500); // -5
        assertEquals(-5f, dequantize(GgmlType.F16, f16)[0]);
        byte[] bf16 = { (byte) 0x80, 0x3F }; // 0x3F80 = 1.0
        assertEquals(1f, dequantize(GgmlType.BF16, bf16)[0]);
        byte[] f32 = new byte[4];
        int bits = Float.floatToIntBits(3.25f);
        for (int i = 0; i < 4; i++) {
            f32[i] = (byte) (bits >>> (8 * i));
        }
        assertEquals(3.25f, dequantize(GgmlType.F32, f32)[0]);
    }

    /** Sub-block scales 1..8 except 37 (block 6) and mins 0,2,..,14 except 50 (block 7): both 6-bit paths. */
    private static final int[] SC = { 1, 2, 3, 4, 5, 6, 37, 8 };
    private static final int[] MN = { 0, 2, 4, 6, 8, 10, 12, 50 };

    private static void kScales(byte[] b, int at) {
        for (int j = 0; j < 4; j++) {
            b[at + j] = (byte) SC[j];
            b[at + 4 + j] = (byte) MN[j];
        }
        for (int j = 4; j < 8; j++) {
            b[at + j + 4] = (byte) ((SC[j] & 0xF) | ((MN[j] & 0xF) << 4));
            b[at + j - 4] |= (byte) ((SC[j] >> 4) << 6);
            b[at + j] |= (byte) ((MN[j] >> 4) << 6);
        }
    }

    @Test
    void kQuantSuperBlocksDecodeAsGgmlDoes() {
        byte[] q4k = new byte[144];
        half(q4k, 0, HALF_ONE);
        half(q4k, 2, HALF_HALF);
        kScales(q4k, 4);
        for (int i = 0; i < 128; i++) {
            q4k[16 + i] = (byte) (i * 7);
        }
        byte[] q5k = new byte[176];
        half(q5k, 0, HALF_ONE);
        half(q5k, 2, HALF_HALF);
        kScales(q5k, 4);
        for (int i = 0; i < 32; i++) {
            q5k[16 + i] = (byte) (i * 37);
        }
        System.arraycopy(q4k, 16, q5k, 48, 128);
        float[] e4 = new float[256];
        float[] e5 = new float[256];
        for (int e = 0; e < 256; e++) {
            int g = e / 64;
            int w = e % 64;
            int sub = 2 * g + (w >= 32 ? 1 : 0);
            int v = q4k[16 + 32 * g + w % 32] & 0xff;
            int nib = w < 32 ? v & 0xF : v >> 4;
            int bit = ((q5k[16 + w % 32] & 0xff) >> sub) & 1;
            e4[e] = (1f * SC[sub]) * nib - (0.5f * MN[sub]);
            e5[e] = (1f * SC[sub]) * (nib + 16 * bit) - (0.5f * MN[sub]);
        }
        assertBits(e4, dequantize(GgmlType.Q4_K, q4k), GgmlType.Q4_K);
        assertBits(e5, dequantize(GgmlType.Q5_K, q5k), GgmlType.Q5_K);

        byte[] q6k = new byte[210];
        for (int i = 0; i < 128; i++) {
            q6k[i] = (byte) (i * 11);
        }
        for (int i = 0; i < 64; i++) {
            q6k[128 + i] = (byte) (i * 29);
        }
        for (int i = 0; i < 16; i++) {
            q6k[192 + i] = (byte) (i * 3 - 20);
        }
        half(q6k, 208, HALF_HALF);
        float[] e6 = new float[256];
        for (int e = 0; e < 256; e++) {
            int n = e / 128;
            int k = (e % 128) / 32;
            int l = e % 32;
            int lo = q6k[64 * n + l + (k % 2 == 1 ? 32 : 0)] & 0xff;
            int nib = k < 2 ? lo & 0xF : lo >> 4;
            int hi = ((q6k[128 + 32 * n + l] & 0xff) >> (2 * k)) & 3;
            int q = (nib | (hi << 4)) - 32;
            e6[e] = 0.5f * q6k[192 + 8 * n + l / 16 + 2 * k] * q;
        }
        assertBits(e6, dequantize(GgmlType.Q6_K, q6k), GgmlType.Q6_K);

        byte[] q8k = new byte[292];
        int bits = Float.floatToIntBits(0.25f);
        for (int i = 0; i < 4; i++) {
            q8k[i] = (byte) (bits >>> (8 * i));
        }
        float[] e8 = new float[256];
        for (int j = 0; j < 256; j++) {
            q8k[4 + j] = (byte) (j - 128);
            e8[j] = 0.25f * (j - 128);
        }
        assertBits(e8, dequantize(GgmlType.Q8_K, q8k), GgmlType.Q8_K);
    }

    @Test
    void quantizingRoundTripsWithinHalfAStep() {
        Random r = new Random(7);
        float[] x = new float[512];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (GgmlType t : new GgmlType[] { GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K }) {
            MemorySegment q = MemorySegment.ofArray(new byte[(int) t.bytes(x.length)]);
            t.quantize(x, 0, x.length, q, 0);
            float[] back = new float[x.length];
            t.dequantize(q, 0, back, 0, x.length);
            for (int b = 0; b < x.length / t.blockSize; b++) {
                float amax = 0;
                float lo = 0;
                float hi = 0;
                for (int i = b * t.blockSize; i < (b + 1) * t.blockSize; i++) {
                    amax = Math.max(amax, Math.abs(x[i]));
                    lo = Math.min(lo, x[i]);
                    hi = Math.max(hi, x[i]);
                }
                // One quantization step: 2·amax/255 (Q8_0), 2·amax/15 (Q4_0), the 32-value range/15 plus
                // the 6-bit rounding of scale and min (Q4_K, ≤ 2 steps).
                float step = t == GgmlType.Q8_0 ? amax / 127 : t == GgmlType.Q4_0 ? amax / 8 : 2 * (hi - lo) / 15;
                for (int i = b * t.blockSize; i < (b + 1) * t.blockSize; i++) {
                    // Q4_0 maps −8 steps to the extreme value, so the opposite extreme is clamped a full step off.
                    float limit = t == GgmlType.Q4_0 ? step : step * 0.5f * 1.01f;
                    assertTrue(Math.abs(back[i] - x[i]) <= limit + 1e-3f * amax,
                            t + " element " + i + ": " + x[i] + " came back as " + back[i]);
                }
            }
        }
    }

    @Test
    void kernelsMatchDequantizedRowsForEveryType() throws Exception {
        Random r = new Random(11);
        int rows = 12;
        int cols = 512;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.1f;
        }
        float[][] xs = new float[5][cols];
        for (float[] x : xs) {
            for (int i = 0; i < cols; i++) {
                x[i] = (float) r.nextGaussian();
            }
        }
        for (GgmlType t : GgmlType.values()) {
            byte[] bytes = new byte[(int) t.bytes((long) rows * cols)];
            MemorySegment seg = MemorySegment.ofArray(bytes);
            if (t == GgmlType.F32 || t == GgmlType.F16 || t == GgmlType.BF16 || t == GgmlType.Q8_0
                    || t == GgmlType.Q4_0 || t == GgmlType.Q4_K) {
                for (int row = 0; row < rows; row++) {
                    t.quantize(w, row * cols, cols, seg, row * t.bytes(cols));
                }
            } else {
                // Random blocks with a small positive half-precision scale in each block's scale fields.
                r.nextBytes(bytes);
                for (int b = 0; b < bytes.length / t.typeSize; b++) {
                    int at = b * t.typeSize;
                    int scaleAt = t == GgmlType.Q6_K ? at + 208 : at;
                    if (t == GgmlType.Q8_K) {
                        int f = Float.floatToIntBits(0.01f);
                        for (int i = 0; i < 4; i++) {
                            bytes[at + i] = (byte) (f >>> (8 * i));
                        }
                    } else {
                        half(bytes, scaleAt, (short) 0x2000);
                        if (t == GgmlType.Q4_1 || t == GgmlType.Q5_1 || t == GgmlType.Q5_K) {
                            half(bytes, at + 2, (short) 0x2000);
                        }
                    }
                }
            }
            QuantMatrix m = newMatrix(t, seg, rows, cols);
            float[] row = new float[cols];
            float[][] expected = new float[xs.length][rows];
            float[] scalar = new float[cols];
            for (int i = 0; i < rows; i++) {
                m.row(i, row);
                // The vectorised tile loader gives ggml's values bit for bit, as the scalar decoder does.
                t.dequantize(seg, i * t.bytes(cols), scalar, 0, cols);
                for (int c = 0; c < cols; c++) {
                    assertEquals(Float.floatToIntBits(scalar[c]), Float.floatToIntBits(row[c]), t + " row " + i + " col " + c);
                }
                for (int k = 0; k < xs.length; k++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) {
                        s += (double) row[c] * xs[k][c];
                    }
                    expected[k][i] = (float) s;
                }
            }
            float[] y = new float[rows];
            m.gemv(xs[0], y, 0, rows);
            float[][] ys = new float[xs.length][rows];
            m.gemm(xs, xs.length, ys, 0, rows);
            for (int i = 0; i < rows; i++) {
                float tol = 1e-4f * (1 + Math.abs(expected[0][i]));
                assertEquals(expected[0][i], y[i], tol, t + " gemv row " + i);
                for (int k = 0; k < xs.length; k++) {
                    assertEquals(expected[k][i], ys[k][i], 1e-4f * (1 + Math.abs(expected[k][i])), t + " gemm row " + i);
                }
            }
        }
    }

    /**
     * The plain scalar reference for Q4_0 products, written from the block layout: per block the
     * half-precision scale times the sum of (nibble − 8)·x, byte j's low nibble at position j and
     * its high nibble at j + 16, accumulated in double.
     */
    static float[] q4_0Reference(byte[] w, int rows, int cols, float[] x) {
        int blocks = cols / 32;
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int b = 0; b < blocks; b++) {
                int at = (r * blocks + b) * 18;
                float dw = Float.float16ToFloat((short) ((w[at] & 0xFF) | (w[at + 1] << 8)));
                double dot = 0;
                for (int j = 0; j < 16; j++) {
                    int v = w[at + 2 + j] & 0xFF;
                    dot += ((v & 0x0F) - 8) * (double) x[32 * b + j] + ((v >> 4) - 8) * (double) x[32 * b + 16 + j];
                }
                s += dot * dw;
            }
            y[r] = (float) s;
        }
        return y;
    }

    @Test
    void q4_0DecodeMatchesAScalarReferenceOnRandomBlocks() throws Exception {
        Random r = new Random(5);
        // Odd row counts and ranges that start and end mid-matrix; 7 blocks per row (an odd count,
        // so both accumulators and every lane split see uneven work); random nibbles and scales. The
        // shapes' order makes the kernel's per-thread input buffers (x/16 and the offset terms) first
        // hold a longer input's values, then grow (288 columns after 224).
        for (int[] shape : new int[][] { { 13, 224 }, { 1, 32 }, { 7, 96 }, { 5, 288 } }) {
            int rows = shape[0];
            int cols = shape[1];
            byte[] bytes = new byte[rows * cols / 32 * 18];
            r.nextBytes(bytes);
            for (int b = 0; b < bytes.length / 18; b++) {
                half(bytes, b * 18, Float.floatToFloat16((float) (r.nextGaussian() * 0.02)));
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) (r.nextGaussian() * (i % 5 == 0 ? 10 : 1));
            }
            QuantMatrix m = newMatrix(GgmlType.Q4_0, MemorySegment.ofArray(bytes), rows, cols);
            float[] expected = q4_0Reference(bytes, rows, cols, x);
            float[] y = new float[rows];
            java.util.Arrays.fill(y, Float.NaN);
            int from = rows > 2 ? 1 : 0;
            int to = rows > 2 ? rows - 1 : rows;
            m.gemv(x, y, from, to);
            for (int i = 0; i < rows; i++) {
                if (i < from || i >= to) {
                    assertTrue(Float.isNaN(y[i]), "row " + i + " outside the range was written");
                } else {
                    assertEquals(expected[i], y[i], 1e-4f * (1 + Math.abs(expected[i])), rows + "x" + cols + " row " + i);
                }
            }
        }
    }

    /**
     * The Q4_0 decode kernel against {@link #q4_0Reference} where its shortcuts could go wrong: block
     * scales of every half-precision class (zero, negative, subnormal, the largest finite value and
     * ordinary ones, as real files hold all-zero blocks and varied magnitudes), nibbles at both ends
     * (0 and 15, i.e. −8 and +7), rows as long as Qwen2.5's down projection (4864 columns, 152 blocks),
     * and row ranges of every length from 0 to 9 at every start, so each remainder after the
     * kernel's multi-row passes is covered.
     */
    @Test
    void q4_0DecodeMatchesTheReferenceOnEdgeScalesNibblesAndRanges() throws Exception {
        Random r = new Random(23);
        short[] special = { 0, (short) 0x8000, 0x0001, (short) 0x83FF, 0x7BFF, (short) 0xFBFF, 0x3C00, 0x1C47 };
        for (int[] shape : new int[][] { { 11, 64 }, { 3, 4864 }, { 9, 32 } }) {
            int rows = shape[0];
            int cols = shape[1];
            int blocks = rows * cols / 32;
            byte[] bytes = new byte[blocks * 18];
            r.nextBytes(bytes);
            for (int b = 0; b < blocks; b++) {
                short scale = b % 3 == 0 ? special[(b / 3) % special.length] : Float.floatToFloat16((float) (r.nextGaussian() * 0.05));
                half(bytes, b * 18, scale);
                if (b % 5 == 1) {
                    java.util.Arrays.fill(bytes, b * 18 + 2, b * 18 + 18, (byte) 0x00); // every nibble 0: weight −8·d
                } else if (b % 5 == 2) {
                    java.util.Arrays.fill(bytes, b * 18 + 2, b * 18 + 18, (byte) 0xFF); // every nibble 15: weight 7·d
                }
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) (r.nextGaussian() * (i % 7 == 0 ? 100 : 1));
            }
            QuantMatrix m = newMatrix(GgmlType.Q4_0, MemorySegment.ofArray(bytes), rows, cols);
            float[] expected = q4_0Reference(bytes, rows, cols, x);
            // Float32 rounding bound per row, whatever the order of the sums: a few hundred roundings
            // of at most the sum of |d|·16·|x| (no partial result of (n − 8)·x exceeds it).
            double[] tolerance = new double[rows];
            for (int i = 0; i < rows; i++) {
                double abs = 0;
                for (int b = 0; b < cols / 32; b++) {
                    int at = (i * (cols / 32) + b) * 18;
                    double d = Math.abs(Float.float16ToFloat((short) ((bytes[at] & 0xFF) | (bytes[at + 1] << 8))));
                    for (int j = 0; j < 16; j++) {
                        abs += d * 16 * (Math.abs(x[32 * b + j]) + Math.abs(x[32 * b + 16 + j]));
                    }
                }
                tolerance[i] = 2e-5 * abs + 1e-30;
            }
            for (int from = 0; from < rows; from++) {
                for (int to = from; to <= Math.min(rows, from + 9); to++) {
                    float[] y = new float[rows];
                    java.util.Arrays.fill(y, Float.NaN);
                    m.gemv(x, y, from, to);
                    for (int i = 0; i < rows; i++) {
                        if (i < from || i >= to) {
                            assertTrue(Float.isNaN(y[i]), rows + "x" + cols + " [" + from + ", " + to + "): row " + i + " outside the range was written");
                        } else {
                            assertEquals(expected[i], y[i], tolerance[i],
                                    rows + "x" + cols + " [" + from + ", " + to + ") row " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void tiledGemmMatchesScalarProductsOnOddShapes() throws Exception {
        Random r = new Random(9);
        // Rows not a multiple of the 4-row tile, token counts around the 4-token groups (and under
        // the 4 below which the decode kernels run), float32 columns that leave a lane tail, and
        // rows longer than the GEMM's 1024-column blocks (partial sums added up across blocks).
        for (int[] spec : new int[][] { { 0, 101 }, { 1, 96 }, { 2, 96 }, { 0, 1125 }, { 2, 1120 }, { 3, 1280 } }) {
            GgmlType t = new GgmlType[] { GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K }[spec[0]];
            int rows = 11;
            int cols = spec[1];
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian() * 0.1f;
            }
            byte[] bytes = new byte[(int) t.bytes((long) rows * cols)];
            MemorySegment seg = MemorySegment.ofArray(bytes);
            for (int row = 0; row < rows; row++) {
                t.quantize(w, row * cols, cols, seg, row * t.bytes(cols));
            }
            QuantMatrix m = newMatrix(t, seg, rows, cols);
            for (int n : new int[] { 3, 4, 7, 9 }) {
                float[][] xs = new float[n][cols];
                for (float[] x : xs) {
                    for (int i = 0; i < cols; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                }
                float[][] ys = new float[n][rows];
                m.gemm(xs, n, ys, 2, rows);
                float[] row = new float[cols];
                for (int i = 0; i < rows; i++) {
                    t.dequantize(seg, i * t.bytes(cols), row, 0, cols);
                    for (int k = 0; k < n; k++) {
                        if (i < 2) {
                            assertEquals(0f, ys[k][i], t + " n=" + n + ": row " + i + " outside the range was written");
                            continue;
                        }
                        double s = 0;
                        for (int c = 0; c < cols; c++) {
                            s += (double) row[c] * xs[k][c];
                        }
                        float expected = (float) s;
                        assertEquals(expected, ys[k][i], 1e-4f * (1 + Math.abs(expected)), t + " n=" + n + " row " + i + " token " + k);
                    }
                }
            }
        }
    }

    /** QuantMatrix's constructor is package-private: tests reach it the way the runtime's loaders do. */
    static QuantMatrix newMatrix(GgmlType t, MemorySegment seg, int rows, int cols) throws Exception {
        var c = QuantMatrix.class.getDeclaredConstructor(GgmlType.class, MemorySegment.class, int.class, int.class);
        c.setAccessible(true);
        return c.newInstance(t, seg, rows, cols);
    }

    @Test
    void loraBesideAQuantizedMatrixAddsScaleTimesBA() throws Exception {
        int rows = 4;
        int cols = 64;
        float[] w = new float[rows * cols];
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = i % 3 - 1;
        }
        MemorySegment seg = MemorySegment.ofArray(new byte[(int) GgmlType.Q8_0.bytes(w.length)]);
        for (int r = 0; r < rows; r++) {
            GgmlType.Q8_0.quantize(w, r * cols, cols, seg, r * GgmlType.Q8_0.bytes(cols));
        }
        QuantMatrix base = newMatrix(GgmlType.Q8_0, seg, rows, cols);
        float[] a = new float[cols]; // rank 1
        a[1] = 1;
        a[2] = 2;
        float[] b = { 1, -1, 0.5f, 0 };
        QuantMatrix adapted = QuantMatrix.withLora(base, a, b, 1, 2f);
        float[] y = new float[rows];
        adapted.gemv(x, y, 0, rows);
        float ax = x[1] + 2 * x[2]; // 0 + 2·1
        assertArrayEquals(new float[] { 2 * ax, -2 * ax, ax, 0 }, y, 1e-6f);
    }
}
