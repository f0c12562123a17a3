package dev.enclave.runtime.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Embedding of many texts in batches of similar token length: every text is tokenized (long
 * ones cut to the model's limit, keeping the final separator), the texts are sorted by token
 * count, consecutive runs of {@code batch} are embedded together, and the vectors come back in
 * the texts' order. A batch of similar lengths pads little: less work, and each text's vector
 * stays close to the one it gets alone (a quantized model's activation scales are computed over
 * the whole batch, padding included).
 */
final class LengthBatches {
    private LengthBatches() {
    }

    static float[][] embed(List<String> texts, Function<String, int[]> tokenize, int maxTokens, int batch,
            Function<int[][], float[][]> embedRows) {
        int[][] tokens = new int[texts.size()][];
        for (int i = 0; i < tokens.length; i++) {
            int[] ids = tokenize.apply(texts.get(i));
            if (ids.length > maxTokens) {
                int[] cut = new int[maxTokens];
                System.arraycopy(ids, 0, cut, 0, maxTokens - 1);
                cut[maxTokens - 1] = ids[ids.length - 1];
                ids = cut;
            }
            tokens[i] = ids;
        }
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> tokens[i].length));
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += batch) {
            int end = Math.min(order.length, start + batch);
            int[][] rows = new int[end - start][];
            for (int i = start; i < end; i++) {
                rows[i - start] = tokens[order[i]];
            }
            float[][] part = embedRows.apply(rows);
            for (int i = start; i < end; i++) {
                out[order[i]] = part[i - start];
            }
        }
        return out;
    }
}
