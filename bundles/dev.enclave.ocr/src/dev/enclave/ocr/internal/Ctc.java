package dev.enclave.ocr.internal;

/** Greedy CTC decoding: the best class per time step, repeats merged, blanks (class 0) dropped. */
final class Ctc {
    private Ctc() {
    }

    /** A decoded line: its text and the mean probability of its characters. */
    record Decoded(String text, double confidence) {
    }

    /**
     * Decodes the {@code t × c} probabilities starting at {@code offset} in {@code probs}.
     *
     * @param keys the class names, blank first
     */
    static Decoded greedy(float[] probs, int offset, int t, int c, String[] keys) {
        StringBuilder sb = new StringBuilder();
        double sum = 0;
        int n = 0;
        int prev = -1;
        for (int i = 0; i < t; i++) {
            int base = offset + i * c;
            int best = 0;
            float bp = probs[base];
            for (int k = 1; k < c; k++) {
                if (probs[base + k] > bp) {
                    bp = probs[base + k];
                    best = k;
                }
            }
            if (best != 0 && best != prev && best < keys.length) {
                sb.append(keys[best]);
                sum += bp;
                n++;
            }
            prev = best;
        }
        return new Decoded(sb.toString(), n == 0 ? 0 : sum / n);
    }
}
