package dev.enclave.runtime;

/**
 * What an {@link ImageClassifier} says about one image.
 *
 * @param probabilities softmax probabilities, one per label, summing to 1
 * @param embedding the L2-normalised activations of the layer before the output layer,
 *            for nearest-neighbour search
 */
public record Classification(float[] probabilities, float[] embedding) {

    /** Index of the most probable label. */
    public int best() {
        int b = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[b]) {
                b = i;
            }
        }
        return b;
    }

    /** Probability of the most probable label. */
    public float confidence() {
        return probabilities[best()];
    }
}
