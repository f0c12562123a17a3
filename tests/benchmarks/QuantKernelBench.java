/*
 * Single-thread speed of the quantized kernels on one matrix held in memory (random Q4_0 and
 * Q8_0 blocks), without a model: decoding's matrix-vector product (GB/s of weights streamed) and
 * prefill's GEMM against 64 tokens (GFLOP/s).
 *
 *   java -cp "$(bash tests/benchmarks/gguf-classpath.sh)" --add-modules jdk.incubator.vector \
 *        tests/benchmarks/QuantKernelBench.java [ROWS COLS [TRIALS]]
 *
 * Defaults: 4864 × 896 (the MLP gate/up shape of Qwen2.5-0.5B), 40 trials. Each line is the best
 * trial (the minimum time per call): on a shared machine the minimum is what the kernel costs,
 * the rest is time the core was lent to someone else. The matrix (a few MB) sits in the CPU's
 * caches, so these are compute-bound numbers; a model's decode also waits on memory.
 */
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.QuantMatrix;

public class QuantKernelBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[0]) : 4864;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 896;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int tokens = 64;
        Random r = new Random(1);
        var ctor = QuantMatrix.class.getDeclaredConstructor(GgmlType.class, MemorySegment.class, int.class, int.class);
        ctor.setAccessible(true);
        for (GgmlType t : new GgmlType[] { GgmlType.Q4_0, GgmlType.Q8_0 }) {
            byte[] bytes = new byte[(int) t.bytes((long) rows * cols)];
            r.nextBytes(bytes);
            for (int b = 0; b < bytes.length / t.typeSize; b++) {
                bytes[b * t.typeSize] = 0; // scale 2^-7 in half precision (0x2000)
                bytes[b * t.typeSize + 1] = 0x20;
            }
            MemorySegment seg = Arena.ofAuto().allocate(bytes.length, 64);
            seg.copyFrom(MemorySegment.ofArray(bytes));
            QuantMatrix m = ctor.newInstance(t, seg, rows, cols);
            float[] x = new float[cols];
            float[] y = new float[rows];
            float[][] xs = new float[tokens][cols];
            float[][] ys = new float[tokens][rows];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) r.nextGaussian();
                for (float[] v : xs) {
                    v[i] = (float) r.nextGaussian();
                }
            }
            double gemv = Double.MAX_VALUE;
            double gemm = Double.MAX_VALUE;
            for (int k = 0; k < trials; k++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    m.gemv(x, y, 0, rows);
                }
                gemv = Math.min(gemv, (System.nanoTime() - t0) / 10e9);
                t0 = System.nanoTime();
                m.gemm(xs, tokens, ys, 0, rows);
                gemm = Math.min(gemm, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("%s %d x %d  gemv %.3f ms  %.2f GB/s of weights   gemm(%d tokens) %.2f ms  %.1f GFLOP/s%n", t, rows,
                    cols, gemv * 1e3, m.bytes() / 1e9 / gemv, tokens, gemm * 1e3, 2.0 * rows * cols * tokens / 1e9 / gemm);
        }
        System.out.println("load average " + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
    }
}
