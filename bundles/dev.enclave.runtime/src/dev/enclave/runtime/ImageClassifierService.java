package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;

/**
 * Builds, trains, saves and loads small convolutional image classifiers on the
 * model runtime (DJL, PyTorch engine, CPU). A classifier folder holds
 * {@code classifier.json} (the {@link ImageClassifierSpec} plus training facts) and
 * {@code weights.params}. Registered as an OSGi service.
 */
public interface ImageClassifierService {

    /**
     * Loads a classifier folder.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) if the folder is not a classifier folder
     */
    ImageClassifier load(Path dir);

    /**
     * Trains a new classifier and saves it to {@code outDir} (created if needed).
     *
     * @param spec the architecture and labels
     * @param data batches to train on
     * @param settings steps, batch size, learning rate, seed
     * @param outDir where {@code classifier.json} and {@code weights.params} go
     * @param progress reports steps; cancelling stops training with
     *            {@link dev.enclave.core.Progress.CanceledException}
     * @return the loss after each step, averaged over windows of 50 steps
     */
    default List<Float> train(ImageClassifierSpec spec, ImageBatchSource data, ImageTrainingSettings settings,
            Path outDir, Progress progress) {
        return train(spec, data, settings, ImageClassifierTuning.none(), outDir, progress);
    }

    /**
     * Trains a classifier, optionally starting from another one's weights, with per-class loss weights and
     * validation with early stopping, and saves it to {@code outDir}. With validation, the weights saved are
     * those of the best validation, and {@code classifier.json} records the best score and the step it was
     * reached at ({@code training.best_validation}, {@code training.best_step}, {@code training.stopped_early}).
     *
     * @param tuning where to start, class weights and validation; {@link ImageClassifierTuning#none()} for
     *            plain training
     * @return the loss after each step, averaged over windows of 50 steps (or fewer at the end)
     * @throws dev.enclave.core.EnclaveException (bad input) if {@code tuning.initFrom()} is no classifier folder
     *             or its layers do not fit {@code spec}
     */
    List<Float> train(ImageClassifierSpec spec, ImageBatchSource data, ImageTrainingSettings settings,
            ImageClassifierTuning tuning, Path outDir, Progress progress);
}
