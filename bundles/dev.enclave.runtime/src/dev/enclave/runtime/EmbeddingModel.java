package dev.enclave.runtime;

import java.util.List;

/** A loaded text embedding model. Vectors are L2-normalised. Thread-safe. */
public interface EmbeddingModel extends AutoCloseable {

    /** A name for citations and settings (the model folder's or the built-in model's name). */
    String name();

    /** Length of each vector. */
    int dimension();

    /** One unit-length vector per text, in order. */
    float[][] embed(List<String> texts);

    @Override
    void close();
}
