package dev.enclave.runtime;

/**
 * How to train an {@link ImageClassifier}.
 *
 * @param steps optimiser steps (one batch each)
 * @param batchSize images per batch
 * @param learningRate Adam's initial learning rate; decays by cosine to 5% of it
 * @param seed seeds weight initialisation and the engine's random generator; with the
 *            same data source and seed, training on the CPU repeats as far as PyTorch's
 *            kernels are deterministic
 */
public record ImageTrainingSettings(int steps, int batchSize, float learningRate, long seed) {

    /** Checks the values. */
    public ImageTrainingSettings {
        if (steps < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("steps, batch size and learning rate must be positive");
        }
    }
}
