/*
 * Q4_0 decode-kernel variants side by side (issue 15's search for llama.cpp's Q4_0 speed), one
 * thread, alternating in one JVM, each line the best of N trials and its ratio to the kernel the
 * runtime ships (QuantKernel.q4_0's formulation, copied here as "shipped"):
 *
 *   for v in lut byte byte4 int8; do
 *     java --add-modules jdk.incubator.vector tests/benchmarks/Q4KernelVariants.java ROWS COLS TRIALS $v
 *   done
 *
 * Each JVM runs the shipped kernel and one variant, alternating: the Vector API's code depends on
 * what the JIT inlines (a kernel whose compilation reaches the JIT's node limit keeps vectors boxed
 * and runs several times slower), and that depends on what else the JVM compiled, so variants are
 * not mixed in one JVM.
 * Defaults: 4864 × 896 (a 2.5 MB matrix, in cache). With ROWS 65536 (33 MB, far past the caches)
 * the weights stream from memory as in decoding. Needs AVX-512 (16 float lanes); prints the max
 * |difference| of each variant to a double-precision reference, so a faster variant that is
 * wrong shows. Variants:
 *   shipped   nibbles zero-extended to 16 int lanes, masked 0x0F / 0xF0 (high nibble met by x/16),
 *             converted to float, two FMAs, the f16 scale converted per block; two rows per pass
 *   lut       the same, the scale read from a 65536-entry float table (no conversion instruction)
 *   byte      one mask only: the whole byte against x_h/16 and the low nibble against x_l − x_h/16
 *   byte4     byte + lut with four rows per pass
 *   int8      llama.cpp's arithmetic emulated: x quantized per block to int8, nibbles − 8 packed into
 *             short pairs, ShortVector multiply, pair sums by shifts (pmaddwd), one int→float and one
 *             FMA per block with the product of the scales
 * Not a test: the numbers depend on the CPU and on what else runs. Compare ratios within one run.
 */
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public class Q4KernelVariants {
    static final VectorSpecies<Float> FW = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> IW = IntVector.SPECIES_512;
    static final VectorSpecies<Short> SW = ShortVector.SPECIES_512;
    static final VectorSpecies<Byte> BW = ByteVector.SPECIES_128;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final float[] HALF = new float[1 << 16];

    static {
        for (int i = 0; i < HALF.length; i++) {
            HALF[i] = Float.float16ToFloat((short) i);
        }
    }

    /** Per-call inputs: x, x_h/16, −8(x_l + x_h), x_l − x_h/16; int8 x (pairs x_j, x_{j+16}) and its scales. */
    record Inputs(float[] x, float[] xh, float[] zs, float[] xa, short[] xq, float[] dx) {
        static Inputs of(float[] x) {
            int blocks = x.length / 32;
            float[] xh = new float[blocks * 16], zs = new float[blocks * 16], xa = new float[blocks * 16];
            short[] xq = new short[blocks * 32];
            float[] dx = new float[blocks];
            for (int b = 0; b < blocks; b++) {
                float max = 0;
                for (int j = 0; j < 32; j++) {
                    max = Math.max(max, Math.abs(x[32 * b + j]));
                }
                dx[b] = max / 127;
                float inv = max == 0 ? 0 : 127 / max;
                for (int j = 0; j < 16; j++) {
                    float l = x[32 * b + j], h = x[32 * b + 16 + j];
                    xh[16 * b + j] = h / 16;
                    zs[16 * b + j] = -8 * (l + h);
                    xa[16 * b + j] = l - h / 16;
                    xq[32 * b + 2 * j] = (short) Math.round(l * inv);
                    xq[32 * b + 2 * j + 1] = (short) Math.round(h * inv);
                }
            }
            return new Inputs(x, xh, zs, xa, xq, dx);
        }
    }

    static FloatVector shippedChunk(MemorySegment w, long at, FloatVector xl, FloatVector xh16, FloatVector zb) {
        IntVector v = (IntVector) ByteVector.fromMemorySegment(BW, w, at, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, IW, 0);
        FloatVector lo = (FloatVector) v.and(0x0F).convert(VectorOperators.I2F, 0);
        FloatVector hi = (FloatVector) v.and(0xF0).convert(VectorOperators.I2F, 0);
        return lo.fma(xl, hi.fma(xh16, zb));
    }

    static FloatVector byteChunk(MemorySegment w, long at, FloatVector xa, FloatVector xh16, FloatVector zb) {
        IntVector v = (IntVector) ByteVector.fromMemorySegment(BW, w, at, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, IW, 0);
        FloatVector lo = (FloatVector) v.and(0x0F).convert(VectorOperators.I2F, 0);
        FloatVector all = (FloatVector) v.convert(VectorOperators.I2F, 0);
        return lo.fma(xa, all.fma(xh16, zb));
    }

    /** The shipped kernel, two rows per pass. */
    static void shipped(MemorySegment w, Inputs in, float[] y, int rows) {
        int blocks = in.x.length / 32;
        long rowBytes = blocks * 18L;
        for (int r = 0; r + 2 <= rows; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                FloatVector l = FloatVector.fromArray(FW, in.x, b * 32);
                FloatVector h = FloatVector.fromArray(FW, in.xh, b * 16);
                FloatVector z = FloatVector.fromArray(FW, in.zs, b * 16);
                a0 = shippedChunk(w, o0 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, Float.float16ToFloat(w.get(SHORT, o0 + ob))), a0);
                a1 = shippedChunk(w, o1 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, Float.float16ToFloat(w.get(SHORT, o1 + ob))), a1);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Shipped, scales from the table, two rows per pass. */
    static void lut(MemorySegment w, Inputs in, float[] y, int rows) {
        int blocks = in.x.length / 32;
        long rowBytes = blocks * 18L;
        for (int r = 0; r + 2 <= rows; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                FloatVector l = FloatVector.fromArray(FW, in.x, b * 32);
                FloatVector h = FloatVector.fromArray(FW, in.xh, b * 16);
                FloatVector z = FloatVector.fromArray(FW, in.zs, b * 16);
                a0 = shippedChunk(w, o0 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o0 + ob) & 0xFFFF]), a0);
                a1 = shippedChunk(w, o1 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o1 + ob) & 0xFFFF]), a1);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
        }
    }

    /** One mask: the whole byte and the low nibble, two rows per pass. */
    static void byteMask(MemorySegment w, Inputs in, float[] y, int rows) {
        int blocks = in.x.length / 32;
        long rowBytes = blocks * 18L;
        for (int r = 0; r + 2 <= rows; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                FloatVector l = FloatVector.fromArray(FW, in.xa, b * 16);
                FloatVector h = FloatVector.fromArray(FW, in.xh, b * 16);
                FloatVector z = FloatVector.fromArray(FW, in.zs, b * 16);
                a0 = byteChunk(w, o0 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, Float.float16ToFloat(w.get(SHORT, o0 + ob))), a0);
                a1 = byteChunk(w, o1 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, Float.float16ToFloat(w.get(SHORT, o1 + ob))), a1);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
        }
    }

    static void byte4(MemorySegment w, Inputs in, float[] y, int rows) {
        int blocks = in.x.length / 32;
        long rowBytes = blocks * 18L;
        for (int r = 0; r + 4 <= rows; r += 4) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes, o2 = o1 + rowBytes, o3 = o2 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW), a2 = FloatVector.zero(FW), a3 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                FloatVector l = FloatVector.fromArray(FW, in.xa, b * 16);
                FloatVector h = FloatVector.fromArray(FW, in.xh, b * 16);
                FloatVector z = FloatVector.fromArray(FW, in.zs, b * 16);
                a0 = byteChunk(w, o0 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o0 + ob) & 0xFFFF]), a0);
                a1 = byteChunk(w, o1 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o1 + ob) & 0xFFFF]), a1);
                a2 = byteChunk(w, o2 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o2 + ob) & 0xFFFF]), a2);
                a3 = byteChunk(w, o3 + ob + 2, l, h, z).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o3 + ob) & 0xFFFF]), a3);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
            y[r + 2] = a2.reduceLanes(VectorOperators.ADD);
            y[r + 3] = a3.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Σ over a block of (n − 8)·xq as 16 int lanes (each the sum of one product pair). */
    static IntVector int8Chunk(MemorySegment w, long at, ShortVector xq) {
        IntVector v = (IntVector) ByteVector.fromMemorySegment(BW, w, at, LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, IW, 0);
        IntVector packed = v.or(v.lanewise(VectorOperators.LSHL, 12)).and(0x000F000F); // lo in the low short, hi in the high
        ShortVector n = ((ShortVector) packed.reinterpretShape(SW, 0)).sub((short) 8);
        IntVector p = (IntVector) n.mul(xq).reinterpretShape(IW, 0);
        return p.add(p.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16); // hi + lo products
    }

    static void int8(MemorySegment w, Inputs in, float[] y, int rows) {
        int blocks = in.dx.length;
        long rowBytes = blocks * 18L;
        for (int r = 0; r + 2 <= rows; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector a0 = FloatVector.zero(FW), a1 = FloatVector.zero(FW);
            for (int b = 0; b < blocks; b++) {
                long ob = b * 18L;
                ShortVector xq = ShortVector.fromArray(SW, in.xq, b * 32);
                IntVector s0 = int8Chunk(w, o0 + ob + 2, xq);
                IntVector s1 = int8Chunk(w, o1 + ob + 2, xq);
                float dx = in.dx[b];
                a0 = ((FloatVector) s0.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o0 + ob) & 0xFFFF] * dx), a0);
                a1 = ((FloatVector) s1.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FW, HALF[w.get(SHORT, o1 + ob) & 0xFFFF] * dx), a1);
            }
            y[r] = a0.reduceLanes(VectorOperators.ADD);
            y[r + 1] = a1.reduceLanes(VectorOperators.ADD);
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[0]) : 4864;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 896;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int blocks = cols / 32;
        Random rnd = new Random(1);
        byte[] bytes = new byte[rows * blocks * 18];
        rnd.nextBytes(bytes);
        for (int b = 0; b < rows * blocks; b++) {
            short h = Float.floatToFloat16((float) (0.001 + rnd.nextDouble() * 0.02)); // varied scales, as real files hold
            bytes[b * 18] = (byte) h;
            bytes[b * 18 + 1] = (byte) (h >> 8);
        }
        MemorySegment seg = Arena.ofAuto().allocate(bytes.length, 64);
        seg.copyFrom(MemorySegment.ofArray(bytes));
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Inputs in = Inputs.of(x);
        double[] ref = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int b = 0; b < blocks; b++) {
                int o = (r * blocks + b) * 18;
                double d = Float.float16ToFloat((short) ((bytes[o] & 0xFF) | (bytes[o + 1] << 8)));
                for (int j = 0; j < 16; j++) {
                    int q = bytes[o + 2 + j] & 0xFF;
                    s += d * (((q & 15) - 8) * (double) x[32 * b + j] + ((q >> 4) - 8) * (double) x[32 * b + 16 + j]);
                }
            }
            ref[r] = s;
        }
        String[] all = { "shipped", "lut", "byte", "byte4", "int8" };
        String variant = args.length > 3 ? args[3] : "byte";
        int other = java.util.Arrays.asList(all).indexOf(variant);
        if (other < 1) {
            throw new IllegalArgumentException("variant " + variant + ": one of lut, byte, byte4, int8");
        }
        String[] names = { "shipped", variant };
        int[] kinds = { 0, other };
        double[] best = new double[names.length];
        double[] err = new double[names.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        float[] y = new float[rows];
        int reps = Math.max(1, 20 * 4864 * 896 / (rows * cols));
        for (int t = 0; t < trials; t++) {
            for (int v = 0; v < names.length; v++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    switch (kinds[v]) {
                    case 0 -> shipped(seg, in, y, rows);
                    case 1 -> lut(seg, in, y, rows);
                    case 2 -> byteMask(seg, in, y, rows);
                    case 3 -> byte4(seg, in, y, rows);
                    default -> int8(seg, in, y, rows);
                    }
                }
                double dt = (System.nanoTime() - t0) / (reps * 1e9);
                if (t >= trials / 4) {
                    best[v] = Math.min(best[v], dt);
                }
                if (t == trials - 1) {
                    for (int r = 0; r < rows; r++) {
                        err[v] = Math.max(err[v], Math.abs(y[r] - ref[r]));
                    }
                }
            }
        }
        long weightBytes = (long) rows * blocks * 18;
        for (int v = 0; v < names.length; v++) {
            System.out.printf("%-8s %.3f ms  %6.2f GB/s  %.2f x shipped   max |err| %.2e%n", names[v], best[v] * 1e3,
                    weightBytes / 1e9 / best[v], best[0] / best[v], err[v]);
        }
        System.out.println("load average " + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
    }
}
