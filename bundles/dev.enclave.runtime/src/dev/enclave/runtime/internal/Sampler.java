package dev.enclave.runtime.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.enclave.runtime.GenerationSettings;

/** Picks the next token from logits: greedy, or temperature / top-k / top-p sampling, with repetition penalty. */
final class Sampler {
    private final GenerationSettings settings;
    private final Random random;

    Sampler(GenerationSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    int next(float[] logits, List<Integer> seen) {
        float[] l = logits;
        if (settings.repetitionPenalty() != 1f && !seen.isEmpty()) {
            l = logits.clone();
            for (int id : seen.stream().distinct().toList()) {
                l[id] = l[id] > 0 ? l[id] / settings.repetitionPenalty() : l[id] * settings.repetitionPenalty();
            }
        }
        if (settings.temperature() <= 0f) {
            return argmax(l);
        }
        int n = l.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final float[] z = l;
        Arrays.sort(order, (a, b) -> Float.compare(z[b], z[a]));
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), n) : n;
        double max = z[order[0]];
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp((z[order[i]] - max) / settings.temperature());
            sum += p[i];
        }
        int cut = keep;
        if (settings.topP() < 1f) {
            double acc = 0;
            for (int i = 0; i < keep; i++) {
                acc += p[i] / sum;
                if (acc >= settings.topP()) {
                    cut = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < cut; i++) {
            total += p[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < cut; i++) {
            r -= p[i];
            if (r <= 0) {
                return order[i];
            }
        }
        return order[cut - 1];
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
