package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The ggml tensor types the runtime reads from GGUF files, with their block layout and
 * dequantization. Each formula follows ggml's reference code ({@code ggml-quants.c},
 * {@code dequantize_row_*}) operation for operation in float32, so a dequantized value equals
 * ggml's bit for bit. Blocks are read in place from the file's memory; nothing is copied.
 */
public enum GgmlType {
    /** 32-bit float. */
    F32(0, 1, 4),
    /** IEEE half. */
    F16(1, 1, 2),
    /** 32 weights: half scale d, 16 bytes of 4-bit q; w = (q − 8)·d. */
    Q4_0(2, 32, 18),
    /** 32 weights: half d and m, 16 bytes of 4-bit q; w = q·d + m. */
    Q4_1(3, 32, 20),
    /** 32 weights: half d, 4 bytes of fifth bits, 16 bytes of low nibbles; w = (q − 16)·d. */
    Q5_0(6, 32, 22),
    /** 32 weights: half d and m, fifth bits, low nibbles; w = q·d + m. */
    Q5_1(7, 32, 24),
    /** 32 weights: half d, 32 signed bytes; w = q·d. */
    Q8_0(8, 32, 34),
    /** 256 weights: half d and dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles. */
    Q4_K(12, 256, 144),
    /** 256 weights: as Q4_K plus 32 bytes of fifth bits. */
    Q5_K(13, 256, 176),
    /** 256 weights: 128 bytes low nibbles, 64 bytes high 2 bits, 16 signed scales, half d. */
    Q6_K(14, 256, 210),
    /** 256 weights: float d, 256 signed bytes, 16 block sums; w = d·q. */
    Q8_K(15, 256, 292),
    /** bfloat16: the upper half of a float32. */
    BF16(30, 1, 2);

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The type's number in GGUF tensor infos. */
    public final int id;
    /** Weights per block. */
    public final int blockSize;
    /** Bytes per block. */
    public final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The type with GGUF number {@code id}, or null for a type this runtime does not read. */
    public static GgmlType byId(long id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** Whether this is a block-quantized type (not F32, F16 or BF16). */
    public boolean quantized() {
        return blockSize > 1;
    }

    /** Bytes of {@code n} weights; n must be a multiple of {@link #blockSize}. */
    public long bytes(long n) {
        return n / blockSize * typeSize;
    }

    /**
     * Dequantizes {@code n} weights (a multiple of the block size) starting at byte {@code offset}
     * of {@code src} into {@code out[outOffset …]}.
     */
    public void dequantize(MemorySegment src, long offset, float[] out, int outOffset, int n) {
        int blocks = n / blockSize;
        for (int b = 0; b < blocks; b++) {
            long o = offset + (long) b * typeSize;
            int y = outOffset + b * blockSize;
            switch (this) {
            case F32 -> out[y] = src.get(FLOAT, o);
            case F16 -> out[y] = Float.float16ToFloat(src.get(SHORT, o));
            case BF16 -> out[y] = Float.intBitsToFloat((src.get(SHORT, o) & 0xffff) << 16);
            case Q4_0 -> q4_0(src, o, out, y);
            case Q4_1 -> q4_1(src, o, out, y);
            case Q5_0 -> q5_0(src, o, out, y);
            case Q5_1 -> q5_1(src, o, out, y);
            case Q8_0 -> q8_0(src, o, out, y);
            case Q4_K -> q4_k(src, o, out, y);
            case Q5_K -> q5_k(src, o, out, y);
            case Q6_K -> q6_k(src, o, out, y);
            case Q8_K -> q8_k(src, o, out, y);
            }
        }
    }

    private static float half(MemorySegment s, long o) {
        return Float.float16ToFloat(s.get(SHORT, o));
    }

    private static int u8(MemorySegment s, long o) {
        return s.get(ValueLayout.JAVA_BYTE, o) & 0xff;
    }

    private static void q4_0(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        for (int j = 0; j < 16; j++) {
            int q = u8(s, o + 2 + j);
            y[at + j] = ((q & 0x0F) - 8) * d;
            y[at + j + 16] = ((q >> 4) - 8) * d;
        }
    }

    private static void q4_1(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        float m = half(s, o + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(s, o + 4 + j);
            y[at + j] = (q & 0x0F) * d + m;
            y[at + j + 16] = (q >> 4) * d + m;
        }
    }

    private static void q5_0(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        int qh = s.get(INT, o + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(s, o + 6 + j);
            int xh0 = ((qh >>> j) << 4) & 0x10;
            int xh1 = (qh >>> (j + 12)) & 0x10;
            y[at + j] = (((q & 0x0F) | xh0) - 16) * d;
            y[at + j + 16] = (((q >> 4) | xh1) - 16) * d;
        }
    }

    private static void q5_1(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        float m = half(s, o + 2);
        int qh = s.get(INT, o + 4);
        for (int j = 0; j < 16; j++) {
            int q = u8(s, o + 8 + j);
            int xh0 = ((qh >>> j) << 4) & 0x10;
            int xh1 = (qh >>> (j + 12)) & 0x10;
            y[at + j] = ((q & 0x0F) | xh0) * d + m;
            y[at + j + 16] = ((q >> 4) | xh1) * d + m;
        }
    }

    private static void q8_0(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        for (int j = 0; j < 32; j++) {
            y[at + j] = s.get(ValueLayout.JAVA_BYTE, o + 2 + j) * d;
        }
    }

    private static void q8_k(MemorySegment s, long o, float[] y, int at) {
        float d = s.get(FLOAT, o);
        for (int j = 0; j < 256; j++) {
            y[at + j] = d * s.get(ValueLayout.JAVA_BYTE, o + 4 + j);
        }
    }

    /** ggml's get_scale_min_k4: the 6-bit scale (index 0) and min (index 1) of sub-block j. */
    static void scaleMin(MemorySegment s, long scales, int j, int[] out) {
        if (j < 4) {
            out[0] = u8(s, scales + j) & 63;
            out[1] = u8(s, scales + j + 4) & 63;
        } else {
            out[0] = (u8(s, scales + j + 4) & 0xF) | ((u8(s, scales + j - 4) >> 6) << 4);
            out[1] = (u8(s, scales + j + 4) >> 4) | ((u8(s, scales + j) >> 6) << 4);
        }
    }

    private static void q4_k(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        float min = half(s, o + 2);
        long scales = o + 4;
        long q = o + 16;
        int[] sm = new int[2];
        int is = 0;
        for (int j = 0; j < 256; j += 64) {
            scaleMin(s, scales, is, sm);
            float d1 = d * sm[0];
            float m1 = min * sm[1];
            scaleMin(s, scales, is + 1, sm);
            float d2 = d * sm[0];
            float m2 = min * sm[1];
            for (int l = 0; l < 32; l++) {
                y[at++] = d1 * (u8(s, q + l) & 0xF) - m1;
            }
            for (int l = 0; l < 32; l++) {
                y[at++] = d2 * (u8(s, q + l) >> 4) - m2;
            }
            q += 32;
            is += 2;
        }
    }

    private static void q5_k(MemorySegment s, long o, float[] y, int at) {
        float d = half(s, o);
        float min = half(s, o + 2);
        long scales = o + 4;
        long qh = o + 16;
        long ql = o + 48;
        int[] sm = new int[2];
        int is = 0;
        int u1 = 1;
        int u2 = 2;
        for (int j = 0; j < 256; j += 64) {
            scaleMin(s, scales, is, sm);
            float d1 = d * sm[0];
            float m1 = min * sm[1];
            scaleMin(s, scales, is + 1, sm);
            float d2 = d * sm[0];
            float m2 = min * sm[1];
            for (int l = 0; l < 32; l++) {
                y[at++] = d1 * ((u8(s, ql + l) & 0xF) + ((u8(s, qh + l) & u1) != 0 ? 16 : 0)) - m1;
            }
            for (int l = 0; l < 32; l++) {
                y[at++] = d2 * ((u8(s, ql + l) >> 4) + ((u8(s, qh + l) & u2) != 0 ? 16 : 0)) - m2;
            }
            ql += 32;
            is += 2;
            u1 <<= 2;
            u2 <<= 2;
        }
    }

    private static void q6_k(MemorySegment s, long o, float[] y, int at) {
        long ql = o;
        long qh = o + 128;
        long sc = o + 192;
        float d = half(s, o + 208);
        for (int n = 0; n < 256; n += 128) {
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int q1 = (byte) ((u8(s, ql + l) & 0xF) | (((u8(s, qh + l) >> 0) & 3) << 4)) - 32;
                int q2 = (byte) ((u8(s, ql + l + 32) & 0xF) | (((u8(s, qh + l) >> 2) & 3) << 4)) - 32;
                int q3 = (byte) ((u8(s, ql + l) >> 4) | (((u8(s, qh + l) >> 4) & 3) << 4)) - 32;
                int q4 = (byte) ((u8(s, ql + l + 32) >> 4) | (((u8(s, qh + l) >> 6) & 3) << 4)) - 32;
                y[at + l] = d * s.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                y[at + l + 32] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                y[at + l + 64] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                y[at + l + 96] = d * s.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
            }
            at += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }

    /** C's roundf: half-way cases away from zero (Java's Math.round rounds them up). */
    static float roundf(float x) {
        float a = Math.abs(x);
        float r = (float) Math.floor(a);
        if (a - r >= 0.5f) {
            r += 1f;
        }
        return Math.copySign(r, x);
    }

    /**
     * Quantizes {@code n} floats from {@code x[xOffset …]} into {@code out} at {@code offset}, as
     * ggml's {@code quantize_row_*_ref} does; for F32, F16, BF16, Q8_0 and Q4_0 (and Q4_K through
     * {@link KQuants}).
     */
    public void quantize(float[] x, int xOffset, int n, MemorySegment out, long offset) {
        switch (this) {
        case F32 -> {
            for (int i = 0; i < n; i++) {
                out.set(FLOAT, offset + 4L * i, x[xOffset + i]);
            }
        }
        case F16 -> {
            for (int i = 0; i < n; i++) {
                out.set(SHORT, offset + 2L * i, Float.floatToFloat16(x[xOffset + i]));
            }
        }
        case BF16 -> {
            for (int i = 0; i < n; i++) {
                int bits = Float.floatToRawIntBits(x[xOffset + i]);
                out.set(SHORT, offset + 2L * i, (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16));
            }
        }
        case Q8_0 -> {
            for (int b = 0; b < n / 32; b++) {
                int xo = xOffset + b * 32;
                long o = offset + b * 34L;
                float amax = 0f;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[xo + j]));
                }
                float d = amax / 127;
                float id = d != 0f ? 1.0f / d : 0.0f;
                out.set(SHORT, o, Float.floatToFloat16(d));
                for (int j = 0; j < 32; j++) {
                    out.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) roundf(x[xo + j] * id));
                }
            }
        }
        case Q4_0 -> {
            for (int b = 0; b < n / 32; b++) {
                int xo = xOffset + b * 32;
                long o = offset + b * 18L;
                float amax = 0f;
                float max = 0f;
                for (int j = 0; j < 32; j++) {
                    float v = x[xo + j];
                    if (amax < Math.abs(v)) {
                        amax = Math.abs(v);
                        max = v;
                    }
                }
                float d = max / -8;
                float id = d != 0f ? 1.0f / d : 0.0f;
                out.set(SHORT, o, Float.floatToFloat16(d));
                for (int j = 0; j < 16; j++) {
                    int xi0 = Math.min(15, (byte) (int) (x[xo + j] * id + 8.5f));
                    int xi1 = Math.min(15, (byte) (int) (x[xo + 16 + j] * id + 8.5f));
                    out.set(ValueLayout.JAVA_BYTE, o + 2 + j, (byte) (xi0 | (xi1 << 4)));
                }
            }
        }
        case Q4_K -> KQuants.quantizeQ4K(x, xOffset, n, out, offset);
        default -> throw new UnsupportedOperationException("No writer for " + this);
        }
    }
}
