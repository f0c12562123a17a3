package dev.enclave.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.enclave.runtime.Classification;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierSpec;

/**
 * A loaded {@link ImageClassifier}: runs the feature block, then the head, in inference
 * mode, on chunks of images in parallel.
 */
final class DjlImageClassifier implements ImageClassifier {
    /** Images per forward pass: large enough for fast convolutions, small enough for the cache. */
    private static final int CHUNK = 256;

    private final ImageClassifierSpec spec;
    private final NDManager manager;
    private final Block features;
    private final Block head;
    private final ParameterStore parameters;

    DjlImageClassifier(ImageClassifierSpec spec, NDManager manager, Block features, Block head) {
        this.spec = spec;
        this.manager = manager;
        this.features = features;
        this.head = head;
        this.parameters = new ParameterStore(manager, false);
    }

    @Override
    public ImageClassifierSpec spec() {
        return spec;
    }

    @Override
    public Classification[] classify(float[] images, int count) {
        int size = spec.imageSize();
        if ((long) count * size > images.length) {
            throw new IllegalArgumentException(count + " images need " + (long) count * size + " values, got "
                    + images.length);
        }
        Classification[] result = new Classification[count];
        int labels = spec.labels().size();
        int dim = spec.embeddingSize();
        int chunks = (count + CHUNK - 1) / CHUNK;
        // Chunks run on the common fork-join pool: libtorch uses one thread per operation here,
        // so parallel chunks are what spreads inference over the cores.
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
            int start = k * CHUNK;
            int n = Math.min(CHUNK, count - start);
            float[] chunk = new float[n * size];
            System.arraycopy(images, start * size, chunk, 0, n * size);
            try (NDManager local = manager.newSubManager()) {
                NDArray x = local.create(chunk, new Shape(n, spec.channels(), spec.height(), spec.width()));
                NDArray emb = features.forward(parameters, new NDList(x), false).singletonOrThrow();
                NDArray probs = head.forward(parameters, new NDList(emb), false).singletonOrThrow().softmax(1);
                float[] p = probs.toFloatArray();
                float[] e = emb.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] pi = new float[labels];
                    System.arraycopy(p, i * labels, pi, 0, labels);
                    float[] ei = new float[dim];
                    double norm = 0;
                    for (int j = 0; j < dim; j++) {
                        ei[j] = e[i * dim + j];
                        norm += ei[j] * ei[j];
                    }
                    if (norm > 0) {
                        float inv = (float) (1 / Math.sqrt(norm));
                        for (int j = 0; j < dim; j++) {
                            ei[j] *= inv;
                        }
                    }
                    result[start + i] = new Classification(pi, ei);
                }
            }
        });
        return result;
    }

    @Override
    public synchronized void close() {
        manager.close();
    }
}
