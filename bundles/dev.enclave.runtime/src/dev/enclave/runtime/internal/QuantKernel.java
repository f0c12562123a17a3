package dev.enclave.runtime.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops behind {@link QuantMatrix}: dot products of a float32 row with quantized
 * weights read in place, block by block. Each block's bytes are widened to float lanes in
 * registers (Q4_0: 16 at a time with AVX-512, see {@link #q4_0}; the others 8 at a time, a 64-bit
 * byte vector to a 256-bit float vector), multiplied into a per-block sum, and the sum is scaled
 * once by the block's scale, so the matrix is never dequantized into memory; and the prefill
 * GEMM's micro-kernel ({@link #tileTimesTokens}). Loaded only when the Vector API is present.
 */
final class QuantKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /**
     * The wide kernels' shapes: as many float lanes as the CPU's widest vectors hold (16 with
     * AVX-512, else 8), and an int species with the same lane count, so that widening bytes to
     * ints and ints to floats never changes the number of lanes.
     */
    private static final VectorSpecies<Float> FW = FloatVector.SPECIES_PREFERRED.length() >= 16 ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_256;
    private static final int LANES = FW.length();
    private static final VectorSpecies<Integer> IW = LANES == 16 ? IntVector.SPECIES_512 : IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BW = LANES == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;

    private QuantKernel() {
    }

    /**
     * {@code y[r] = Σ w[r]·x} for Q4_0 rows {@code [from, to)}, reading the blocks in place.
     *
     * <p>Per block, 16 bytes of nibbles are zero-extended to int lanes in one step (16 lanes with
     * AVX-512), split into low and high nibbles with two masks (the high one left in place and
     * met by x/16, see {@link #q4Inputs}), converted to float and multiplied with x: about nine
     * vector instructions per 32 weights, against the 8-lane kernel's four byte-to-float
     * widenings and emulated byte shifts. ggml's offset of 8 rides in the same fused
     * multiply-adds ({@code Σ(n − 8)·x = Σ n·x − 8·Σ x}, the x term computed once per call);
     * measured, that beat subtracting 8 from every lane and a scalar correction per block.
     *
     * <p>Why float products and not llama.cpp's integer ones ({@code ggml_vec_dot_q4_0_q8_0}
     * quantizes x to Q8_0 and multiplies int8 by int8 with {@code pmaddubsw}): the Vector API
     * has no int8 multiply-add-pairs, so int8 products must be widened to shorts, multiplied,
     * and converted back to float per block; measured against this kernel that cost as much,
     * while float products keep x exact and let prefill and single steps agree.
     */
    static void q4_0(MemorySegment w, float[] x, float[] y, int from, int to) {
        int blocks = x.length / 32;
        long rowBytes = blocks * 18L;
        MemorySegment in = q4Inputs(x);
        int r = from;
        // Two rows per pass: each x lane loaded feeds both, and two independent chains keep the
        // FMA units busy while a row waits on its scale (measured: four rows per pass ran slower).
        for (; r + 2 <= to; r += 2) {
            long o0 = r * rowBytes;
            long o1 = o0 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW);
            FloatVector a1 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                float d0 = Float.float16ToFloat(w.get(SHORT, o0 + ob));
                float d1 = Float.float16ToFloat(w.get(SHORT, o1 + ob));
                long xo = b * 192L;
                FloatVector xl = FloatVector.fromMemorySegment(FW, in, xo, NATIVE);
                FloatVector xhi = FloatVector.fromMemorySegment(FW, in, xo + 64, NATIVE);
                FloatVector zb = FloatVector.fromMemorySegment(FW, in, xo + 128, NATIVE);
                FloatVector p0 = q4Chunk(w, o0 + ob + 2, xl, xhi, zb);
                FloatVector p1 = q4Chunk(w, o1 + ob + 2, xl, xhi, zb);
                for (int c = LANES; c < 16; c += LANES) {
                    xl = FloatVector.fromMemorySegment(FW, in, xo + 4L * c, NATIVE);
                    xhi = FloatVector.fromMemorySegment(FW, in, xo + 64 + 4L * c, NATIVE);
                    zb = FloatVector.fromMemorySegment(FW, in, xo + 128 + 4L * c, NATIVE);
                    p0 = p0.add(q4Chunk(w, o0 + ob + 2 + c, xl, xhi, zb));
                    p1 = p1.add(q4Chunk(w, o1 + ob + 2 + c, xl, xhi, zb));
                }
                a0 = p0.fma(FloatVector.broadcast(FW, d0), a0);
                a1 = p1.fma(FloatVector.broadcast(FW, d1), a1);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
        }
        for (; r < to; r++) {
            long base = r * rowBytes;
            FloatVector acc = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long o = base + b * 18L;
                float d = Float.float16ToFloat(w.get(SHORT, o));
                FloatVector p = FloatVector.zero(FW);
                for (int c = 0; c < 16; c += LANES) {
                    long xo = b * 192L + 4L * c;
                    p = p.add(q4Chunk(w, o + 2 + c, FloatVector.fromMemorySegment(FW, in, xo, NATIVE),
                            FloatVector.fromMemorySegment(FW, in, xo + 64, NATIVE), FloatVector.fromMemorySegment(FW, in, xo + 128, NATIVE)));
                }
                acc = p.fma(FloatVector.broadcast(FW, d), acc);
            }
            y[r] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Per thread: the memory {@link #q4Inputs} fills, grown as needed (kept alive by the thread). */
    private static final ThreadLocal<MemorySegment[]> Q4_INPUTS = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    /**
     * What the Q4_0 kernel reads of x, computed once per call into 64-byte-aligned native memory,
     * 192 bytes per 32-value block b, each a run of 16 floats: x[32b + j]; x[32b + 16 + j] / 16, so
     * that a high nibble needs only a mask, not a shift ({@code (16·hi)·(x/16) = hi·x} exactly, the
     * division by a power of two being exact); and ggml's offset term {@code −8·(x[32b + j] + x[32b +
     * 16 + j])}, computed once per call instead of once per pass of two rows. One aligned stream
     * rather than x and two heap arrays: a 64-byte vector load from a float[] (16-byte header)
     * straddles two cache lines. Measured on AVX-512, alternating with the three-array version: with
     * the weights streaming from memory, a 66 MB matrix (a scratch harness, one thread) read 7.9–8.1 GB/s in four runs of five (6.9 in one)
     * against 7.0 (in two runs of five; the JIT left it boxed at 1.5–1.9 in three), and decoding
     * the Qwen2.5-0.5B-shaped Q4_0 file on one thread took a median 35.8–36.9 ms of CPU per token
     * against 36.2–37.6 (six pairs, each in favour); on a matrix held in cache it is 6 % slower
     * (QuantKernelBench), which decoding a model larger than the caches does not see.
     */
    private static MemorySegment q4Inputs(float[] x) {
        int blocks = x.length / 32;
        MemorySegment[] holder = Q4_INPUTS.get();
        long need = blocks * 192L;
        if (holder[0] == null || holder[0].byteSize() < need) {
            holder[0] = Arena.ofAuto().allocate(need, 64);
        }
        MemorySegment in = holder[0];
        for (int b = 0; b < blocks; b++) {
            long o = b * 192L;
            for (int c = 0; c < 16; c += LANES) {
                FloatVector l = FloatVector.fromArray(FW, x, b * 32 + c);
                FloatVector h = FloatVector.fromArray(FW, x, b * 32 + 16 + c);
                l.intoMemorySegment(in, o + 4L * c, NATIVE);
                h.mul(0.0625f).intoMemorySegment(in, o + 64 + 4L * c, NATIVE);
                l.add(h).mul(-8f).intoMemorySegment(in, o + 128 + 4L * c, NATIVE);
            }
        }
        return in;
    }

    /**
     * {@code Σ (n − 8)·x} lane-wise for LANES bytes of Q4_0 nibbles at {@code at}: byte j's low
     * nibble pairs with lane j of {@code xl} ({@code x[xo + j]}), its high nibble, kept in place as
     * {@code 16·hi} by a mask, with lane j of {@code xh16} ({@code x[xo + 16 + j] / 16}), as ggml lays
     * a block out; {@code zb = −8·(x[xo + j] + x[xo + 16 + j])} is the offset term, so
     * {@code Σ lo·xl + 16·hi·xh16 + zb = Σ (n − 8)·x} comes out of two fused multiply-adds.
     */
    private static FloatVector q4Chunk(MemorySegment w, long at, FloatVector xl, FloatVector xh16, FloatVector zb) {
        IntVector v = (IntVector) ByteVector.fromMemorySegment(BW, w, at, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I,
                IW, 0);
        FloatVector lo = (FloatVector) v.and(0x0F).convert(VectorOperators.I2F, 0);
        FloatVector hi = (FloatVector) v.and(0xF0).convert(VectorOperators.I2F, 0);
        return lo.fma(xl, hi.fma(xh16, zb));
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
        dequantizeRow(type, w, offset, out, out.length);
    }

    /** As {@link #dequantizeRow(GgmlType, MemorySegment, long, float[])}, for the first n values (a multiple of 32). */
    static void dequantizeRow(GgmlType type, MemorySegment w, long offset, float[] out, int n) {
        int blocks = n / 32;
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

    /**
     * {@code ys[i][r + j] = tile[j]·xs[i]} for the four dequantized rows {@code tile[0..3]} and tokens
     * {@code i < n}: the prefill GEMM's micro-kernel. Four rows times four tokens are sixteen
     * accumulators in registers (AVX-512 has 32), so each loaded row lane feeds four products and
     * each loaded token lane four as well: two loads per FMA become one half, against the one-row
     * kernel's five loads per four FMAs. Tokens left over (n not a multiple of 4) take a 4 × 1 pass.
     * The tile holds columns {@code [k0, k0 + k)} of the rows (its first k values); with
     * {@code add} the products are added to ys (the column blocks after the first).
     */
    static void tileTimesTokens(float[][] tile, int k, float[][] xs, int n, int k0, boolean add, float[][] ys, int r) {
        float[] w0 = tile[0];
        float[] w1 = tile[1];
        float[] w2 = tile[2];
        float[] w3 = tile[3];
        int upper = FW.loopBound(k);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            float[] x0 = xs[i];
            float[] x1 = xs[i + 1];
            float[] x2 = xs[i + 2];
            float[] x3 = xs[i + 3];
            FloatVector a00 = FloatVector.zero(FW), a01 = FloatVector.zero(FW), a02 = FloatVector.zero(FW), a03 = FloatVector.zero(FW);
            FloatVector a10 = FloatVector.zero(FW), a11 = FloatVector.zero(FW), a12 = FloatVector.zero(FW), a13 = FloatVector.zero(FW);
            FloatVector a20 = FloatVector.zero(FW), a21 = FloatVector.zero(FW), a22 = FloatVector.zero(FW), a23 = FloatVector.zero(FW);
            FloatVector a30 = FloatVector.zero(FW), a31 = FloatVector.zero(FW), a32 = FloatVector.zero(FW), a33 = FloatVector.zero(FW);
            int c = 0;
            for (; c < upper; c += LANES) {
                FloatVector v0 = FloatVector.fromArray(FW, x0, k0 + c);
                FloatVector v1 = FloatVector.fromArray(FW, x1, k0 + c);
                FloatVector v2 = FloatVector.fromArray(FW, x2, k0 + c);
                FloatVector v3 = FloatVector.fromArray(FW, x3, k0 + c);
                FloatVector u = FloatVector.fromArray(FW, w0, c);
                a00 = u.fma(v0, a00);
                a01 = u.fma(v1, a01);
                a02 = u.fma(v2, a02);
                a03 = u.fma(v3, a03);
                u = FloatVector.fromArray(FW, w1, c);
                a10 = u.fma(v0, a10);
                a11 = u.fma(v1, a11);
                a12 = u.fma(v2, a12);
                a13 = u.fma(v3, a13);
                u = FloatVector.fromArray(FW, w2, c);
                a20 = u.fma(v0, a20);
                a21 = u.fma(v1, a21);
                a22 = u.fma(v2, a22);
                a23 = u.fma(v3, a23);
                u = FloatVector.fromArray(FW, w3, c);
                a30 = u.fma(v0, a30);
                a31 = u.fma(v1, a31);
                a32 = u.fma(v2, a32);
                a33 = u.fma(v3, a33);
            }
            float[][] acc = {
                    { a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD),
                            a02.reduceLanes(VectorOperators.ADD), a03.reduceLanes(VectorOperators.ADD) },
                    { a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD),
                            a12.reduceLanes(VectorOperators.ADD), a13.reduceLanes(VectorOperators.ADD) },
                    { a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD),
                            a22.reduceLanes(VectorOperators.ADD), a23.reduceLanes(VectorOperators.ADD) },
                    { a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD),
                            a32.reduceLanes(VectorOperators.ADD), a33.reduceLanes(VectorOperators.ADD) } };
            for (int j = 0; j < 4; j++) {
                float[] wj = tile[j];
                float s0 = acc[j][0], s1 = acc[j][1], s2 = acc[j][2], s3 = acc[j][3];
                for (int t = c; t < k; t++) {
                    s0 += wj[t] * x0[k0 + t];
                    s1 += wj[t] * x1[k0 + t];
                    s2 += wj[t] * x2[k0 + t];
                    s3 += wj[t] * x3[k0 + t];
                }
                if (add) {
                    ys[i][r + j] += s0;
                    ys[i + 1][r + j] += s1;
                    ys[i + 2][r + j] += s2;
                    ys[i + 3][r + j] += s3;
                } else {
                    ys[i][r + j] = s0;
                    ys[i + 1][r + j] = s1;
                    ys[i + 2][r + j] = s2;
                    ys[i + 3][r + j] = s3;
                }
            }
        }
        for (; i < n; i++) {
            float[] x0 = xs[i];
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW), a2 = FloatVector.zero(FW), a3 = FloatVector.zero(FW);
            int c = 0;
            for (; c < upper; c += LANES) {
                FloatVector v = FloatVector.fromArray(FW, x0, k0 + c);
                a0 = FloatVector.fromArray(FW, w0, c).fma(v, a0);
                a1 = FloatVector.fromArray(FW, w1, c).fma(v, a1);
                a2 = FloatVector.fromArray(FW, w2, c).fma(v, a2);
                a3 = FloatVector.fromArray(FW, w3, c).fma(v, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; c < k; c++) {
                s0 += w0[c] * x0[k0 + c];
                s1 += w1[c] * x0[k0 + c];
                s2 += w2[c] * x0[k0 + c];
                s3 += w3[c] * x0[k0 + c];
            }
            if (add) {
                ys[i][r] += s0;
                ys[i][r + 1] += s1;
                ys[i][r + 2] += s2;
                ys[i][r + 3] += s3;
            } else {
                ys[i][r] = s0;
                ys[i][r + 1] = s1;
                ys[i][r + 2] = s2;
                ys[i][r + 3] = s3;
            }
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
