package dev.enclave.runtime;

import java.util.List;

/**
 * Architecture of a convolutional image classifier: input shape, the number of
 * filters of each 3×3 convolution stage (each followed by batch normalisation, ReLU
 * and 2×2 max pooling), the size of the dense embedding layer and the labels.
 * Saved as {@code classifier.json} beside the weights.
 *
 * @param labels class labels, at least two
 * @param channels input channels
 * @param height input height in pixels, divisible by {@code 2^stages}
 * @param width input width in pixels, divisible by {@code 2^stages}
 * @param convFilters filters per convolution stage
 * @param embeddingSize units of the dense layer before the output layer
 */
public record ImageClassifierSpec(List<String> labels, int channels, int height, int width,
        List<Integer> convFilters, int embeddingSize) {

    /** Checks the values. */
    public ImageClassifierSpec {
        labels = List.copyOf(labels);
        convFilters = List.copyOf(convFilters);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels");
        }
        int div = 1 << convFilters.size();
        if (channels < 1 || height < div || width < div || height % div != 0 || width % div != 0) {
            throw new IllegalArgumentException("input " + channels + "x" + height + "x" + width
                    + " does not fit " + convFilters.size() + " pooling stages");
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("embedding size must be positive");
        }
    }

    /** Values per image: {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }
}
