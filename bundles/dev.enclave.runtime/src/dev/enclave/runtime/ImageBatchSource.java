package dev.enclave.runtime;

/**
 * Supplies training batches, typically generated on the fly. Must be deterministic in
 * {@code step} for reproducible training. Called from the training thread only.
 */
@FunctionalInterface
public interface ImageBatchSource {

    /**
     * Fills one batch.
     *
     * @param step the optimiser step, from 0
     * @param images {@code batchSize * imageSize} values to fill, row-major per image
     * @param labels {@code batchSize} label indices to fill
     */
    void fill(int step, float[] images, int[] labels);
}
