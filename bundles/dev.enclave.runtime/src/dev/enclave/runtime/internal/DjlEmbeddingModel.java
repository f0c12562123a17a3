package dev.enclave.runtime.internal;

import java.util.List;

import dev.enclave.runtime.EmbeddingModel;

/** {@link EmbeddingModel} over a {@link BertEncoder} and its tokenizer. */
public final class DjlEmbeddingModel implements EmbeddingModel {
    private static final int BATCH = 16;

    private final String name;
    private final BertEncoder encoder;
    private final HfTokenizer tokenizer;
    private final BertEncoder.Pooling pooling;

    DjlEmbeddingModel(String name, BertEncoder encoder, HfTokenizer tokenizer, BertEncoder.Pooling pooling) {
        this.name = name;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    public BertEncoder.Pooling pooling() {
        return pooling;
    }

    /** Embeds already tokenised rows (with their special tokens). */
    public float[][] embedIds(int[][] rows) {
        return encoder.embed(rows, pooling, true);
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        int max = encoder.config().maxPositions;
        for (int start = 0; start < texts.size(); start += BATCH) {
            int end = Math.min(texts.size(), start + BATCH);
            int[][] rows = new int[end - start][];
            for (int i = start; i < end; i++) {
                int[] ids = tokenizer.encode(texts.get(i), true);
                if (ids.length > max) {
                    // Keep [CLS] … and the final [SEP]: long passages are cut, as every BERT embedder does.
                    int[] cut = new int[max];
                    System.arraycopy(ids, 0, cut, 0, max - 1);
                    cut[max - 1] = ids[ids.length - 1];
                    ids = cut;
                }
                rows[i - start] = ids;
            }
            float[][] part = encoder.embed(rows, pooling, true);
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
        encoder.close();
    }
}
