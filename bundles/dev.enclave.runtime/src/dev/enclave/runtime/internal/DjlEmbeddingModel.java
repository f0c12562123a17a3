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

    /** Embeds texts in batches of similar token length ({@link LengthBatches}), in the texts' order. */
    @Override
    public float[][] embed(List<String> texts) {
        return LengthBatches.embed(texts, t -> tokenizer.encode(t, true), encoder.config().maxPositions, BATCH,
                rows -> encoder.embed(rows, pooling, true));
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
        encoder.close();
    }
}
