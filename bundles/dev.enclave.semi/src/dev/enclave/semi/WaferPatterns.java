package dev.enclave.semi;

import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;

/**
 * The wafer-pattern classifier service: a small CNN on the model runtime that sorts
 * maps into the WM-811K classes. The pack ships a trained model; {@link #train}
 * retrains one on synthetic maps. Registered as an OSGi service.
 */
public interface WaferPatterns {

    /** The model shipped inside the pack (loaded once, shared; do not close it). */
    WaferPatternModel shipped();

    /**
     * Loads a model folder written by {@link #train}.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) if the folder holds no model
     */
    WaferPatternModel load(Path dir);

    /**
     * Trains a model on synthetic maps from the pack's generator and saves it to
     * {@code outDir}. Reproducible for a given seed on the same machine type.
     *
     * @return the training loss, averaged over windows of 50 steps
     */
    List<Float> train(WaferTrainingSettings settings, Path outDir, Progress progress);

    /**
     * Synthetic maps from the pack's generator, classes drawn uniformly.
     *
     * @param count how many
     * @param seed the generator's seed
     */
    List<WaferMap> generate(int count, long seed);
}
