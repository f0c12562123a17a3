package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;

/**
 * Matrix-vector products for decoding (one token: x·Wᵀ with a single row x) on the Java
 * Vector API, straight over the weights' memory (the mapped file or the widened copy). On
 * this project's machines libtorch's single-row product reads weights at about a third of the
 * memory bandwidth; a SIMD dot product per row reads at nearly all of it. Used only when the
 * JVM has {@code jdk.incubator.vector} (the product starts with {@code --add-modules
 * jdk.incubator.vector}); otherwise the caller keeps libtorch.
 */
public final class Gemv {
    private static final boolean AVAILABLE = probe();

    private Gemv() {
    }

    /** Whether the Vector API is there to use. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * {@code y[r] = Σ_i w[r][i]·x[i]} for rows {@code [from, to)} of the row-major float32
     * little-endian matrix {@code w} with {@code x.length} columns.
     */
    public static void rows(MemorySegment w, float[] x, float[] y, int from, int to) {
        GemvKernel.rows(w, x, y, from, to);
    }

    /**
     * A segment over a direct buffer's memory. Every weight gets the same segment class
     * (mapped file or widened copy alike), so the JIT sees one type and keeps the loads
     * vectorised. The caller keeps the buffer reachable for as long as the segment is used
     * (the engine tensor it backs holds it).
     */
    public static MemorySegment of(java.nio.ByteBuffer direct) {
        return MemorySegment.ofAddress(MemorySegment.ofBuffer(direct).address()).reinterpret(direct.capacity());
    }

    private static boolean probe() {
        if (Boolean.getBoolean("enclave.gemv.off")) {
            return false;
        }
        try {
            Class.forName("jdk.incubator.vector.FloatVector", true, Gemv.class.getClassLoader());
            float[] check = new float[1];
            java.nio.ByteBuffer two = java.nio.ByteBuffer.allocateDirect(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            two.putFloat(0, 1f).putFloat(4, 2f);
            GemvKernel.rows(of(two), new float[] { 3f, 4f }, check, 0, 1);
            if (check[0] != 11f) {
                return false;
            }
            // Until the JIT compiles a loop, the Vector API runs boxed and allocates for every lane
            // operation (a first decoding step made 130 MB of garbage, and the heap grew for it):
            // compile the decoding step's loops here on small inputs rather than during the first tokens.
            MemorySegment w = of(java.nio.ByteBuffer.allocateDirect(64 * 256 * 4));
            float[] x = new float[256];
            float[] y = new float[64];
            float[] z = new float[256];
            for (int i = 0; i < 3000; i++) {
                GemvKernel.rows(w, x, y, 0, 64);
                GemvKernel.dot(x, 0, z, 0, 256);
                GemvKernel.axpy(0.5f, x, 0, z, 0, 256);
                GemvKernel.siluMul(z, x, 256);
            }
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
