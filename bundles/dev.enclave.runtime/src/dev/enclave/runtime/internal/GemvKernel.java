package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The SIMD loop behind {@link Gemv}; loaded only when the Vector API is present. */
final class GemvKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GemvKernel() {
    }

    static void rows(MemorySegment w, float[] x, float[] y, int from, int to) {
        int k = x.length;
        int step = S.length();
        int upper = S.loopBound(k);
        for (int r = from; r < to; r++) {
            long base = (long) r * k * Float.BYTES;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int i = 0;
            for (; i + 4 * step <= upper; i += 4 * step) {
                a0 = load(w, base, i).fma(FloatVector.fromArray(S, x, i), a0);
                a1 = load(w, base, i + step).fma(FloatVector.fromArray(S, x, i + step), a1);
                a2 = load(w, base, i + 2 * step).fma(FloatVector.fromArray(S, x, i + 2 * step), a2);
                a3 = load(w, base, i + 3 * step).fma(FloatVector.fromArray(S, x, i + 3 * step), a3);
            }
            for (; i < upper; i += step) {
                a0 = load(w, base, i).fma(FloatVector.fromArray(S, x, i), a0);
            }
            float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
            for (; i < k; i++) {
                sum += w.get(FLOAT, base + (long) i * Float.BYTES) * x[i];
            }
            y[r] = sum;
        }
    }

    /** {@code Σ a[ao+i]·b[bo+i]} for {@code i < n}. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int step = S.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** {@code y[yo+i] += a·x[xo+i]} for {@code i < n}. */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int step = S.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** {@code gate[i] = silu(gate[i])·up[i]} for {@code i < n}, silu(g) = g / (1 + e^−g). */
    static void siluMul(float[] gate, float[] up, int n) {
        int step = S.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            FloatVector e = g.neg().lanewise(VectorOperators.EXP);
            g.div(e.add(1f)).mul(FloatVector.fromArray(S, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            gate[i] = gate[i] / (1f + (float) Math.exp(-gate[i])) * up[i];
        }
    }

    /** Row {@code row} of a row-major float32 matrix with {@code cols} columns, into {@code out}. */
    static void row(MemorySegment w, int row, float[] out) {
        MemorySegment.copy(w, FLOAT, (long) row * out.length * Float.BYTES, out, 0, out.length);
    }

    private static FloatVector load(MemorySegment w, long base, int i) {
        return FloatVector.fromMemorySegment(S, w, base + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
    }
}
