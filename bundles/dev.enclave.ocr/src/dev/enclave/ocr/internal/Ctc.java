package dev.enclave.ocr.internal;

/** Greedy CTC decoding: the best class per time step, repeats merged, blanks (class 0) dropped. */
final class Ctc {
    private Ctc() {
    }

    /**
     * A decoded line: its text, the mean probability of its characters, and for each character of the text the
     * time step where it was read (the column of the recogniser's output, left to right).
     */
    record Decoded(String text, double confidence, int[] steps) {
    }

    /**
     * Decodes the {@code t × c} probabilities starting at {@code offset} in {@code probs}.
     *
     * @param keys the class names, blank first
     */
    static Decoded greedy(float[] probs, int offset, int t, int c, String[] keys) {
        StringBuilder sb = new StringBuilder();
        int[] steps = new int[t];
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
                for (int k = 0; k < keys[best].length(); k++) {
                    steps = sb.length() + k < steps.length ? steps : java.util.Arrays.copyOf(steps, 2 * steps.length + 1);
                    steps[sb.length() + k] = i;
                }
                sb.append(keys[best]);
                sum += bp;
                n++;
            }
            prev = best;
        }
        return new Decoded(sb.toString(), n == 0 ? 0 : sum / n, java.util.Arrays.copyOf(steps, sb.length()));
    }
}
