package dev.enclave.runtime;

/**
 * Texts embedded by a model: one L2-normalised vector per text, in order.
 *
 * @param model     the embedding model's name
 * @param dimension the vectors' length
 * @param vectors   one vector per text
 */
public record Embeddings(String model, int dimension, float[][] vectors) {

    /** The cosine similarity of the vectors of texts {@code i} and {@code j}. */
    public double cosine(int i, int j) {
        double d = 0;
        for (int k = 0; k < vectors[i].length; k++) {
            d += vectors[i][k] * vectors[j][k];
        }
        return d;
    }
}
