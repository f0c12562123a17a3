package dev.enclave.semi;

/**
 * How {@link WaferPatterns#train} trains a classifier on synthetic maps.
 *
 * @param seed seeds the map generator and the network's initialisation
 * @param maps synthetic maps to train on (generated on the fly, each seen once)
 * @param batchSize maps per optimiser step
 * @param learningRate Adam's initial learning rate
 */
public record WaferTrainingSettings(long seed, int maps, int batchSize, float learningRate) {
    /** The settings the shipped model was trained with, for a given seed. */
    public static WaferTrainingSettings defaults(long seed) {
        return new WaferTrainingSettings(seed, 256_000, 64, 0.003f);
    }
}
