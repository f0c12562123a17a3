package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops behind {@link QuantMatrix}: dot products of a float32 row with quantized
 * weights read in place, block by block. Each block's bytes are widened to float lanes in
 * registers (8 at a time: a 64-bit byte vector to a 256-bit float vector), multiplied into a
 * per-block sum, and the sum is scaled once by the block's scale, so the matrix is never
 * dequantized into memory. Loaded only when the Vector API is present.
 */
final class QuantKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private QuantKernel() {
    }

    private static FloatVector widen(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }

    /** {@code y[r] = Σ w[r]·x} for Q8_0 rows {@code [from, to)}. */
    static void q8_0(MemorySegment w, float[] x, float[] y, int from, int to) {
        int blocks = x.length / 32;
        long rowBytes = blocks * 34L;
        for (int r = from; r < to; r++) {
            long base = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int b = 0; b < blocks; b++) {
                long o = base + b * 34L;
                int xo = b * 32;
                FloatVector s0 = widen(ByteVector.fromMemorySegment(B, w, o + 2, LE)).mul(FloatVector.fromArray(F, x, xo));
                FloatVector s1 = widen(ByteVector.fromMemorySegment(B, w, o + 10, LE))
                        .mul(FloatVector.fromArray(F, x, xo + 8));
                s0 = widen(ByteVector.fromMemorySegment(B, w, o + 18, LE)).fma(FloatVector.fromArray(F, x, xo + 16), s0);
                s1 = widen(ByteVector.fromMemorySegment(B, w, o + 26, LE)).fma(FloatVector.fromArray(F, x, xo + 24), s1);
                FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(SHORT, o)));
                if ((b & 1) == 0) {
                    acc0 = s0.add(s1).fma(d, acc0);
                } else {
                    acc1 = s0.add(s1).fma(d, acc1);
                }
            }
            y[r] = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
    }

    /** {@code y[r] = Σ w[r]·x} for Q4_0 rows {@code [from, to)}. */
    static void q4_0(MemorySegment w, float[] x, float[] y, int from, int to) {
        int blocks = x.length / 32;
        long rowBytes = blocks * 18L;
        for (int r = from; r < to; r++) {
            long base = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int b = 0; b < blocks; b++) {
                long o = base + b * 18L;
                int xo = b * 32;
                ByteVector v0 = ByteVector.fromMemorySegment(B, w, o + 2, LE);
                ByteVector v1 = ByteVector.fromMemorySegment(B, w, o + 10, LE);
                FloatVector s0 = widen(v0.and((byte) 0x0F).sub((byte) 8)).mul(FloatVector.fromArray(F, x, xo));
                FloatVector s1 = widen(v1.and((byte) 0x0F).sub((byte) 8)).mul(FloatVector.fromArray(F, x, xo + 8));
                s0 = widen(v0.lanewise(VectorOperators.LSHR, 4).sub((byte) 8)).fma(FloatVector.fromArray(F, x, xo + 16), s0);
                s1 = widen(v1.lanewise(VectorOperators.LSHR, 4).sub((byte) 8)).fma(FloatVector.fromArray(F, x, xo + 24), s1);
                FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(SHORT, o)));
                if ((b & 1) == 0) {
                    acc0 = s0.add(s1).fma(d, acc0);
                } else {
                    acc1 = s0.add(s1).fma(d, acc1);
                }
            }
            y[r] = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
    }

    /**
     * {@code ys[i][r] = Σ row·xs[i]} for tokens {@code i < n}: one dequantized row against up to
     * four tokens per pass, so each loaded weight lane feeds four products (the GEMM of a prefill).
     */
    static void rowTimesTokens(float[] row, float[][] xs, int n, float[][] ys, int r) {
        int k = row.length;
        int upper = F.loopBound(k);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            float[] x0 = xs[i];
            float[] x1 = xs[i + 1];
            float[] x2 = xs[i + 2];
            float[] x3 = xs[i + 3];
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            int c = 0;
            for (; c < upper; c += F.length()) {
                FloatVector wv = FloatVector.fromArray(F, row, c);
                a0 = wv.fma(FloatVector.fromArray(F, x0, c), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x1, c), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x2, c), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x3, c), a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; c < k; c++) {
                s0 += row[c] * x0[c];
                s1 += row[c] * x1[c];
                s2 += row[c] * x2[c];
                s3 += row[c] * x3[c];
            }
            ys[i][r] = s0;
            ys[i + 1][r] = s1;
            ys[i + 2][r] = s2;
            ys[i + 3][r] = s3;
        }
        for (; i < n; i++) {
            ys[i][r] = dot(row, xs[i]);
        }
    }

    /** {@code Σ a[i]·b[i]} over the length of {@code a}. */
    static float dot(float[] a, float[] b) {
        int k = a.length;
        int upper = F.loopBound(k);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * F.length() <= upper; c += 2 * F.length()) {
            a0 = FloatVector.fromArray(F, a, c).fma(FloatVector.fromArray(F, b, c), a0);
            a1 = FloatVector.fromArray(F, a, c + F.length()).fma(FloatVector.fromArray(F, b, c + F.length()), a1);
        }
        for (; c < upper; c += F.length()) {
            a0 = FloatVector.fromArray(F, a, c).fma(FloatVector.fromArray(F, b, c), a0);
        }
        float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; c < k; c++) {
            s += a[c] * b[c];
        }
        return s;
    }
}
