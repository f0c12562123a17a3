package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.enclave.runtime.internal.Gemv;

/** The decode path's matrix-vector product against a plain double-precision loop. */
class GemvTest {
    @Test
    void rowsMatchAPlainLoopForOddSizes() {
        // The tests run with jdk.incubator.vector, as the product does: the SIMD path is the one checked here
        // and in ReferenceTest's greedy decoding against transformers.
        assertTrue(Gemv.available(), "the Vector API path is active");
        Random random = new Random(7);
        for (int[] size : new int[][] { { 37, 901 }, { 5, 3 }, { 64, 256 }, { 130, 17 } }) {
            int n = size[0];
            int k = size[1];
            ByteBuffer w = ByteBuffer.allocateDirect(n * k * 4).order(ByteOrder.LITTLE_ENDIAN);
            float[] x = new float[k];
            for (int i = 0; i < k; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < n * k; i++) {
                w.putFloat(i * 4, (float) random.nextGaussian());
            }
            float[] y = new float[n];
            Gemv.rows(Gemv.of(w), x, y, 0, n / 2);
            Gemv.rows(Gemv.of(w), x, y, n / 2, n);
            for (int r = 0; r < n; r++) {
                double expected = 0;
                double scale = 0;
                for (int i = 0; i < k; i++) {
                    expected += (double) w.getFloat((r * k + i) * 4) * x[i];
                    scale += Math.abs((double) w.getFloat((r * k + i) * 4) * x[i]);
                }
                assertEquals(expected, y[r], 1e-5 * Math.max(1, scale), "row " + r + " of " + n + "×" + k);
            }
        }
    }
}
