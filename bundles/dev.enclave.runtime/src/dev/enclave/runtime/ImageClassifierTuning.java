package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.function.ToDoubleFunction;

/**
 * How {@link ImageClassifierService#train(ImageClassifierSpec, ImageBatchSource, ImageTrainingSettings,
 * ImageClassifierTuning, Path, dev.enclave.core.Progress) fine-tuning} differs from training from scratch:
 * the weights it starts from, per-class loss weights and validation with early stopping.
 *
 * @param initFrom a classifier folder whose weights start the training, or {@code null} for random
 *            initialisation; its convolution and embedding layers must have the new spec's shapes; its output
 *            layer is reused only when its labels equal the new spec's, else it starts afresh (new classes)
 * @param classWeights one loss weight per label of the new spec (e.g. inverse class frequency), or
 *            {@code null} for equal weights
 * @param validateEvery steps between validations; 0 disables validation
 * @param patience validations without improvement after which training stops early
 * @param validationScore scores the model being trained (higher is better, e.g. macro-F1 on held-out images);
 *            called on the training thread with a classifier that is valid only during the call; the weights
 *            saved are those of the best-scoring validation
 */
public record ImageClassifierTuning(Path initFrom, float[] classWeights, int validateEvery, int patience,
        ToDoubleFunction<ImageClassifier> validationScore) {

    /** Checks the values. */
    public ImageClassifierTuning {
        if (validateEvery < 0 || patience < 1) {
            throw new IllegalArgumentException("validateEvery must be >= 0 and patience >= 1");
        }
        if (validateEvery > 0 && validationScore == null) {
            throw new IllegalArgumentException("validation needs a score function");
        }
        if (classWeights != null) {
            classWeights = classWeights.clone();
            for (float w : classWeights) {
                if (!(w > 0) || !Float.isFinite(w)) {
                    throw new IllegalArgumentException("class weights must be positive");
                }
            }
        }
    }

    /** Training from scratch, without validation: what the plain {@code train} does. */
    public static ImageClassifierTuning none() {
        return new ImageClassifierTuning(null, null, 0, 1, null);
    }
}
