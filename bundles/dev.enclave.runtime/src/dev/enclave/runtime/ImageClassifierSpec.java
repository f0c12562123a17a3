package dev.enclave.runtime;

import java.util.List;

/**
 * Architecture of a convolutional image classifier: input shape, the number of
 * filters of each 3×3 convolution stage (each followed by batch normalisation, ReLU
 * and 2×2 max pooling), how the last feature map becomes a vector, the size of the dense
 * embedding layer and the labels. Saved as {@code classifier.json} beside the weights.
 *
 * <p>With {@code globalPooling} the last feature map is reduced to each filter's maximum and mean over
 * all positions, so what a filter detects counts the same wherever it is in the image (a defect, a
 * particle); without it the map is flattened, which ties every feature to its position and needs many
 * more examples to learn an object that may appear anywhere. Classifiers saved before this choice
 * existed flatten.
 *
 * @param labels class labels, at least two
 * @param channels input channels
 * @param height input height in pixels, divisible by {@code 2^stages}
 * @param width input width in pixels, divisible by {@code 2^stages}
 * @param convFilters filters per convolution stage
 * @param embeddingSize units of the dense layer before the output layer
 * @param globalPooling global max and mean pooling (position-invariant) instead of flattening
 */
public record ImageClassifierSpec(List<String> labels, int channels, int height, int width,
        List<Integer> convFilters, int embeddingSize, boolean globalPooling) {

    /** A classifier that flattens its last feature map (the layout of classifiers saved before pooling). */
    public ImageClassifierSpec(List<String> labels, int channels, int height, int width, List<Integer> convFilters,
            int embeddingSize) {
        this(labels, channels, height, width, convFilters, embeddingSize, false);
    }

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
