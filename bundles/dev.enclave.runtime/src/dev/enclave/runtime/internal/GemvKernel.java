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

    private static FloatVector load(MemorySegment w, long base, int i) {
        return FloatVector.fromMemorySegment(S, w, base + (long) i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
    }
}
