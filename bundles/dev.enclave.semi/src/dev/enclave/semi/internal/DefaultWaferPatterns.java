package dev.enclave.semi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.Classification;
import dev.enclave.runtime.ImageBatchSource;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierService;
import dev.enclave.runtime.ImageClassifierSpec;
import dev.enclave.runtime.ImageTrainingSettings;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.WaferTrainingSettings;
import dev.enclave.semi.WaferGenerator;

/** {@link WaferPatterns} on the runtime's {@link ImageClassifierService}. */
@Component(service = WaferPatterns.class)
public final class DefaultWaferPatterns implements WaferPatterns {
    /** Input side of the network in pixels. */
    public static final int SIZE = 32;
    /** The network: 2×32×32 → three conv stages → 64-d embedding → 9 classes. */
    public static final ImageClassifierSpec SPEC = new ImageClassifierSpec(WaferMap.PATTERNS, WaferImages.CHANNELS,
            SIZE, SIZE, List.of(16, 32, 64), 64);
    /** Folder inside the bundle with the shipped model. */
    static final String SHIPPED = "model";

    @Reference
    private ImageClassifierService classifiers;
    private Model shipped;

    @Deactivate
    synchronized void deactivate() {
        if (shipped != null) {
            shipped.delegate.close();
            shipped = null;
        }
    }

    @Override
    public synchronized WaferPatternModel shipped() {
        if (shipped == null) {
            Bundle bundle = FrameworkUtil.getBundle(DefaultWaferPatterns.class);
            if (bundle == null || bundle.getBundleContext() == null) {
                throw EnclaveException.failure("The shipped wafer classifier is available only inside the product.",
                        null);
            }
            Path dir = bundle.getBundleContext().getDataFile(SHIPPED).toPath();
            try {
                for (String name : List.of("classifier.json", "weights.params")) {
                    URL url = bundle.getEntry(SHIPPED + "/" + name);
                    if (url == null) {
                        throw EnclaveException.failure("This installation lacks the shipped wafer classifier ("
                                + SHIPPED + "/" + name + " in bundle dev.enclave.semi).", null);
                    }
                    Files.createDirectories(dir);
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw EnclaveException.failure("Cannot unpack the shipped wafer classifier to " + dir + ": "
                        + e.getMessage(), e);
            }
            shipped = new Model(classifiers.load(dir), "shipped (dev.enclave.semi/" + SHIPPED + ")", false);
        }
        return shipped;
    }

    @Override
    public WaferPatternModel load(Path dir) {
        ImageClassifier c = classifiers.load(dir);
        if (!c.labels().equals(WaferMap.PATTERNS) || c.spec().channels() != WaferImages.CHANNELS
                || c.spec().height() != c.spec().width()) {
            c.close();
            throw EnclaveException.badInput(dir + " holds an image classifier, but not a wafer-pattern classifier "
                    + "(labels " + WaferMap.PATTERNS + ", 2 square channels).");
        }
        return new Model(c, dir.toString(), true);
    }

    @Override
    public List<Float> train(WaferTrainingSettings s, Path outDir, Progress progress) {
        int steps = Math.max(1, s.maps() / s.batchSize());
        return classifiers.train(SPEC, batches(SPEC, s.seed()), new ImageTrainingSettings(steps, s.batchSize(),
                s.learningRate(), s.seed()), outDir, progress);
    }

    /**
     * Training batches: fresh synthetic maps for every step, classes drawn at random. Each
     * map has its own generator seeded from (seed, step, position), so batches are the
     * same whether they are drawn on one thread or several.
     */
    public static ImageBatchSource batches(ImageClassifierSpec spec, long seed) {
        return (step, images, labels) -> {
            Random r = new Random(seed * 7919L + step);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(WaferMap.PATTERNS.size());
            }
            java.util.stream.IntStream.range(0, labels.length).parallel().forEach(i -> {
                WaferGenerator g = new WaferGenerator((seed * 1_000_003L + step) * 4099L + i);
                WaferImages.render(g.next("t", WaferMap.PATTERNS.get(labels[i])), spec.height(), images,
                        i * spec.imageSize());
            });
        };
    }

    @Override
    public List<WaferMap> generate(int count, long seed) {
        WaferGenerator g = new WaferGenerator(seed);
        List<WaferMap> maps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            maps.add(g.next(String.format("syn-%d-%06d", seed, i)));
        }
        return maps;
    }

    /** A loaded model: renders maps to the network's input and names the classes. */
    static final class Model implements WaferPatternModel {
        /** Maps rendered and classified together, bounding memory for large files. */
        private static final int BATCH = 4096;
        final ImageClassifier delegate;
        private final String source;
        private final boolean closeable;

        Model(ImageClassifier delegate, String source, boolean closeable) {
            this.delegate = delegate;
            this.source = source;
            this.closeable = closeable;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public List<WaferPrediction> classify(List<WaferMap> maps) {
            int size = delegate.spec().height();
            int imageSize = delegate.spec().imageSize();
            List<String> labels = delegate.labels();
            List<WaferPrediction> out = new ArrayList<>(maps.size());
            for (int start = 0; start < maps.size(); start += BATCH) {
                int n = Math.min(BATCH, maps.size() - start);
                float[] images = new float[n * imageSize];
                int first = start;
                java.util.stream.IntStream.range(0, n).parallel()
                        .forEach(i -> WaferImages.render(maps.get(first + i), size, images, i * imageSize));
                Classification[] cs = delegate.classify(images, n);
                for (int i = 0; i < n; i++) {
                    Classification c = cs[i];
                    out.add(new WaferPrediction(maps.get(start + i).id(), labels.get(c.best()), c.confidence(),
                            c.probabilities(), c.embedding()));
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (closeable) {
                delegate.close();
            }
        }
    }
}
