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
     * {@code y[r] = Σ w[r]·x} for Q4_K rows: per 32-weight sub-block the nibbles' dot product with x
     * times d·scale, minus dmin·min times the sub-block's sum of x (computed once per call).
     */
    static void q4_k(MemorySegment w, float[] x, float[] y, int from, int to) {
        int supers = x.length / 256;
        long rowBytes = supers * 144L;
        float[] xsum = subBlockSums(x);
        int[] sm = new int[2];
        FloatVector[] acc = new FloatVector[1];
        for (int r = from; r < to; r++) {
            long base = r * rowBytes;
            acc[0] = FloatVector.zero(F);
            float mins = 0;
            for (int sb = 0; sb < supers; sb++) {
                long o = base + sb * 144L;
                float d = Float.float16ToFloat(w.get(SHORT, o));
                float dmin = Float.float16ToFloat(w.get(SHORT, o + 2));
                for (int j = 0; j < 4; j++) {
                    long q = o + 16 + 32L * j;
                    int xo = sb * 256 + 64 * j;
                    FloatVector lo = FloatVector.zero(F);
                    FloatVector hi = FloatVector.zero(F);
                    for (int c = 0; c < 4; c++) {
                        ByteVector v = ByteVector.fromMemorySegment(B, w, q + 8 * c, LE);
                        lo = widen(v.and((byte) 0x0F)).fma(FloatVector.fromArray(F, x, xo + 8 * c), lo);
                        hi = widen(v.lanewise(VectorOperators.LSHR, 4)).fma(FloatVector.fromArray(F, x, xo + 32 + 8 * c), hi);
                    }
                    GgmlType.scaleMin(w, o + 4, 2 * j, sm);
                    acc[0] = lo.fma(FloatVector.broadcast(F, d * sm[0]), acc[0]);
                    mins += dmin * sm[1] * xsum[sb * 8 + 2 * j];
                    GgmlType.scaleMin(w, o + 4, 2 * j + 1, sm);
                    acc[0] = hi.fma(FloatVector.broadcast(F, d * sm[0]), acc[0]);
                    mins += dmin * sm[1] * xsum[sb * 8 + 2 * j + 1];
                }
            }
            y[r] = acc[0].reduceLanes(VectorOperators.ADD) - mins;
        }
    }

    /** Sums of x over each run of 32 values. */
    private static float[] subBlockSums(float[] x) {
        float[] s = new float[x.length / 32];
        for (int b = 0; b < s.length; b++) {
            FloatVector v = FloatVector.fromArray(F, x, 32 * b).add(FloatVector.fromArray(F, x, 32 * b + 8))
                    .add(FloatVector.fromArray(F, x, 32 * b + 16)).add(FloatVector.fromArray(F, x, 32 * b + 24));
            s[b] = v.reduceLanes(VectorOperators.ADD);
        }
        return s;
    }

    /**
     * {@code y[r] = Σ w[r]·x} for Q6_K rows: the 6-bit quants rebuilt from their low nibbles and
     * high bit pairs 8 lanes at a time, each 16-weight group times d·scale.
     */
    static void q6_k(MemorySegment w, float[] x, float[] y, int from, int to) {
        int supers = x.length / 256;
        long rowBytes = supers * 210L;
        for (int r = from; r < to; r++) {
            long base = r * rowBytes;
            FloatVector acc = FloatVector.zero(F);
            for (int sb = 0; sb < supers; sb++) {
                long o = base + sb * 210L;
                float d = Float.float16ToFloat(w.get(SHORT, o + 208));
                for (int n = 0; n < 2; n++) {
                    long ql = o + 64L * n;
                    long qh = o + 128 + 32L * n;
                    long sc = o + 192 + 8L * n;
                    int xo = sb * 256 + 128 * n;
                    for (int c = 0; c < 4; c++) {
                        int l = 8 * c;
                        int is = c / 2;
                        ByteVector l0 = ByteVector.fromMemorySegment(B, w, ql + l, LE);
                        ByteVector l32 = ByteVector.fromMemorySegment(B, w, ql + l + 32, LE);
                        ByteVector h = ByteVector.fromMemorySegment(B, w, qh + l, LE);
                        ByteVector q1 = l0.and((byte) 0x0F).or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                        ByteVector q2 = l32.and((byte) 0x0F)
                                .or(h.lanewise(VectorOperators.LSHR, 2).and((byte) 3).lanewise(VectorOperators.LSHL, 4))
                                .sub((byte) 32);
                        ByteVector q3 = l0.lanewise(VectorOperators.LSHR, 4)
                                .or(h.lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4))
                                .sub((byte) 32);
                        ByteVector q4 = l32.lanewise(VectorOperators.LSHR, 4)
                                .or(h.lanewise(VectorOperators.LSHR, 6).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                        acc = widen(q1).mul(FloatVector.fromArray(F, x, xo + l))
                                .fma(FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is)), acc);
                        acc = widen(q2).mul(FloatVector.fromArray(F, x, xo + l + 32))
                                .fma(FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 2)), acc);
                        acc = widen(q3).mul(FloatVector.fromArray(F, x, xo + l + 64))
                                .fma(FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 4)), acc);
                        acc = widen(q4).mul(FloatVector.fromArray(F, x, xo + l + 96))
                                .fma(FloatVector.broadcast(F, d * w.get(ValueLayout.JAVA_BYTE, sc + is + 6)), acc);
                    }
                }
            }
            y[r] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /**
     * Dequantizes one Q8_0 or Q4_0 row at byte {@code offset} into {@code out} in vector lanes, with
     * ggml's arithmetic (the integer quant times the block's scale, one rounding), so the values
     * equal {@link GgmlType#dequantize}'s bit for bit; the prefill GEMM's tile loader.
     */
    static void dequantizeRow(GgmlType type, MemorySegment w, long offset, float[] out) {
        int blocks = out.length / 32;
        if (type == GgmlType.Q8_0) {
            for (int b = 0; b < blocks; b++) {
                long o = offset + b * 34L;
                FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(SHORT, o)));
                for (int c = 0; c < 4; c++) {
                    widen(ByteVector.fromMemorySegment(B, w, o + 2 + 8 * c, LE)).mul(d).intoArray(out, 32 * b + 8 * c);
                }
            }
        } else {
            for (int b = 0; b < blocks; b++) {
                long o = offset + b * 18L;
                FloatVector d = FloatVector.broadcast(F, Float.float16ToFloat(w.get(SHORT, o)));
                for (int c = 0; c < 2; c++) {
                    ByteVector v = ByteVector.fromMemorySegment(B, w, o + 2 + 8 * c, LE);
                    widen(v.and((byte) 0x0F).sub((byte) 8)).mul(d).intoArray(out, 32 * b + 8 * c);
                    widen(v.lanewise(VectorOperators.LSHR, 4).sub((byte) 8)).mul(d).intoArray(out, 32 * b + 16 + 8 * c);
                }
            }
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
