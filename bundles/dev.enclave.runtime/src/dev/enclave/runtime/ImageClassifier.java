package dev.enclave.runtime;

import java.util.List;

/**
 * A loaded image classifier: a small convolutional network that maps float images
 * of a fixed shape {@code [channels][height][width]} to class probabilities and an
 * embedding vector (the activations of the layer before the output layer).
 *
 * <p>Obtained from {@link ImageClassifierService#load(java.nio.file.Path)} or returned
 * by training. Thread-safe; callers should batch many images per call for speed.
 * Close it to free native memory.
 */
public interface ImageClassifier extends AutoCloseable {

    /** The architecture and labels this classifier was built with. */
    ImageClassifierSpec spec();

    /** The class labels, in the order of {@link Classification#probabilities()}. */
    default List<String> labels() {
        return spec().labels();
    }

    /**
     * Classifies {@code count} images stored one after another in {@code images}, each
     * row-major {@code [channels][height][width]} as given by {@link #spec()}.
     *
     * @param images at least {@code count * channels * height * width} values
     * @param count number of images
     * @return one result per image, in order
     * @throws IllegalArgumentException if {@code images} is too short
     */
    Classification[] classify(float[] images, int count);

    @Override
    void close();
}
