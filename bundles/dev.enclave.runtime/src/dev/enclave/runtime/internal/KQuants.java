package dev.enclave.runtime.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writing Q4_K super-blocks. The layout and the final rounding follow ggml's
 * {@code quantize_row_q4_K_ref}; the per-sub-block scale and min are the plain range of the 32
 * values (ggml searches a little further for a smaller error), so files differ from
 * llama-quantize's in the last bits but every reader, ours and llama.cpp's, decodes them alike.
 */
final class KQuants {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private KQuants() {
    }

    static void quantizeQ4K(float[] x, int xOffset, int n, MemorySegment out, long offset) {
        float[] scales = new float[8];
        float[] mins = new float[8];
        byte[] packed = new byte[12];
        int[] sm = new int[2];
        int[] l = new int[256];
        for (int b = 0; b < n / 256; b++) {
            int xo = xOffset + b * 256;
            long o = offset + b * 144L;
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 8; j++) {
                float lo = 0;
                float hi = 0;
                for (int i = 0; i < 32; i++) {
                    lo = Math.min(lo, x[xo + 32 * j + i]);
                    hi = Math.max(hi, x[xo + 32 * j + i]);
                }
                scales[j] = (hi - lo) / 15;
                mins[j] = -lo;
                maxScale = Math.max(maxScale, scales[j]);
                maxMin = Math.max(maxMin, mins[j]);
            }
            float invScale = maxScale > 0 ? 63f / maxScale : 0f;
            float invMin = maxMin > 0 ? 63f / maxMin : 0f;
            java.util.Arrays.fill(packed, (byte) 0);
            for (int j = 0; j < 8; j++) {
                int ls = Math.min(63, (int) Math.rint(invScale * scales[j]));
                int lm = Math.min(63, (int) Math.rint(invMin * mins[j]));
                if (j < 4) {
                    packed[j] = (byte) ls;
                    packed[j + 4] = (byte) lm;
                } else {
                    packed[j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                    packed[j - 4] |= (byte) ((ls >> 4) << 6);
                    packed[j] |= (byte) ((lm >> 4) << 6);
                }
            }
            short dh = Float.floatToFloat16(maxScale / 63f);
            short mh = Float.floatToFloat16(maxMin / 63f);
            out.set(SHORT, o, dh);
            out.set(SHORT, o + 2, mh);
            MemorySegment.copy(packed, 0, out, ValueLayout.JAVA_BYTE, o + 4, 12);
            for (int j = 0; j < 8; j++) {
                GgmlType.scaleMin(out, o + 4, j, sm);
                float d = Float.float16ToFloat(dh) * sm[0];
                float dm = Float.float16ToFloat(mh) * sm[1];
                for (int i = 0; i < 32; i++) {
                    l[32 * j + i] = d == 0f ? 0 : Math.max(0, Math.min(15, (int) Math.rint((x[xo + 32 * j + i] + dm) / d)));
                }
            }
            long q = o + 16;
            for (int j = 0; j < 256; j += 64) {
                for (int i = 0; i < 32; i++) {
                    out.set(ValueLayout.JAVA_BYTE, q + i, (byte) (l[j + i] | (l[j + i + 32] << 4)));
                }
                q += 32;
            }
        }
    }
}
