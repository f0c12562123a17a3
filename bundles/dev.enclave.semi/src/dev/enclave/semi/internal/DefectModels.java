package dev.enclave.semi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierService;
import dev.enclave.runtime.ImageClassifierSpec;
import dev.enclave.semi.DefectImages;

/**
 * Which defect classifier a workspace uses and where its files are: the workspace's own
 * ({@code semi/defect-classifier}, written when a fine-tuning scored better) or the one shipped in
 * the bundle's {@code defect-model/} folder. Loaded classifiers stay open, keyed by folder and file
 * stamp, so a retraining from another process is picked up; a replaced classifier is closed once no
 * call uses it. Thread-safe.
 */
final class DefectModels {
    /**
     * Input side in pixels of a classifier trained from scratch. A loaded classifier's own side comes from its
     * {@code classifier.json} ({@link #size(ImageClassifier)}): the network pools globally, so its weights fit
     * any side and a model may be trained at 96 or 128 px.
     */
    static final int DEFAULT_SIZE = 64;
    /** The smallest and largest input side a defect classifier may have. */
    static final int MIN_SIZE = 32, MAX_SIZE = 256;
    /**
     * The network: 1×side×side luminance → four conv stages (12, 24, 48, 96 filters) → each filter's maximum and
     * mean over the image (a defect counts wherever it is) → 64-d embedding → the classes.
     */
    static final ImageClassifierSpec SPEC = spec(DefectImages.CLASSES);
    /** The shipped model's folder inside the bundle. */
    static final String SHIPPED = "defect-model";

    private final ImageClassifierService service;
    private final Map<Path, Entry> open = new HashMap<>();

    private static final class Entry {
        final ImageClassifier classifier;
        final List<String> stamp;
        final String source;
        int users;
        boolean retired;

        Entry(ImageClassifier classifier, List<String> stamp, String source) {
            this.classifier = classifier;
            this.stamp = stamp;
            this.source = source;
        }
    }

    DefectModels(ImageClassifierService service) {
        this.service = service;
    }

    static ImageClassifierSpec spec(List<String> labels) {
        return spec(labels, DEFAULT_SIZE);
    }

    /** The network for {@code labels} at an input side of {@code size} pixels. */
    static ImageClassifierSpec spec(List<String> labels, int size) {
        return new ImageClassifierSpec(labels, 1, size, size, List.of(12, 24, 48, 96), 64, true);
    }

    /** The input side in pixels of {@code c}, from its {@code classifier.json}. */
    static int size(ImageClassifier c) {
        return c.spec().height();
    }

    /** Whether {@code spec} describes a defect-image network: one channel, square, a side in range. */
    static boolean fits(ImageClassifierSpec spec) {
        return spec.channels() == 1 && spec.height() == spec.width() && spec.height() >= MIN_SIZE
                && spec.height() <= MAX_SIZE;
    }

    static Path current(Workspace ws) {
        return ws.serviceFolder(SemiWorkspace.SERVICE).resolve("defect-classifier");
    }

    static Path versions(Workspace ws) {
        return ws.serviceFolder(SemiWorkspace.SERVICE).resolve("defect-models");
    }

    static Path index(Workspace ws) {
        return ws.serviceFolder(SemiWorkspace.SERVICE).resolve("defect-index");
    }

    static Path images(Workspace ws) {
        return ws.serviceFolder(SemiWorkspace.SERVICE).resolve("defect-images");
    }

    /** The folder of the classifier the workspace uses: its own, else the shipped one (unpacked). */
    Path dir(Workspace ws) {
        Path own = current(ws);
        return Files.isRegularFile(own.resolve("classifier.json")) ? own : shippedDir();
    }

    /** Runs {@code work} with the workspace's classifier, open during the call. */
    <T> T with(Workspace ws, Function<ImageClassifier, T> work) {
        return with(ws, null, work);
    }

    /** Runs {@code work} with the classifier in {@code dir} ({@code null}: the workspace's). */
    <T> T with(Workspace ws, Path dir, Function<ImageClassifier, T> work) {
        Entry e = acquire(dir != null ? dir : dir(ws));
        try {
            return work.apply(e.classifier);
        } finally {
            release(e);
        }
    }

    /** Describes the classifier {@code ws} uses. */
    String describe(Workspace ws, Path modelDir) {
        if (modelDir != null) {
            return modelDir.toString();
        }
        Path d = dir(ws);
        return d.equals(current(ws)) ? "workspace (" + d + ")" : "shipped (dev.enclave.semi/" + SHIPPED + ")";
    }

    private synchronized Entry acquire(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        List<String> stamp = ClassifierCache.stamp(key);
        Entry e = open.get(key);
        if (e != null && !e.stamp.equals(stamp)) {
            open.remove(key);
            retire(e);
            e = null;
        }
        if (e == null) {
            if (!Files.isRegularFile(key.resolve("classifier.json"))) {
                throw EnclaveException.badInput(key + " is not a defect classifier folder (no classifier.json).");
            }
            ImageClassifier c = service.load(key);
            if (!fits(c.spec())) {
                c.close();
                throw EnclaveException.badInput(key + " holds an image classifier, but not a defect-image "
                        + "classifier (1 channel, square, " + MIN_SIZE + "–" + MAX_SIZE + " px; it has "
                        + c.spec().channels() + " channel(s), " + c.spec().width() + "×" + c.spec().height() + ").");
            }
            e = new Entry(c, stamp, key.toString());
            open.put(key, e);
        }
        e.users++;
        return e;
    }

    private synchronized void release(Entry e) {
        e.users--;
        if (e.retired && e.users == 0) {
            e.classifier.close();
        }
    }

    private static void retire(Entry e) {
        e.retired = true;
        if (e.users == 0) {
            e.classifier.close();
        }
    }

    synchronized void close() {
        open.values().forEach(DefectModels::retire);
        open.clear();
    }

    /** Unpacks the shipped model from the bundle into the bundle's data area, once per run. */
    private Path shipped;

    synchronized Path shippedDir() {
        if (shipped != null) {
            return shipped;
        }
        Bundle bundle = FrameworkUtil.getBundle(DefectModels.class);
        if (bundle == null || bundle.getBundleContext() == null) {
            throw EnclaveException.failure("The shipped defect classifier is available only inside the product.",
                    null);
        }
        Path dir = bundle.getBundleContext().getDataFile(SHIPPED).toPath();
        try {
            for (String name : List.of("classifier.json", "weights.params")) {
                URL url = bundle.getEntry(SHIPPED + "/" + name);
                if (url == null) {
                    throw EnclaveException.failure("This installation lacks the shipped defect classifier ("
                            + SHIPPED + "/" + name + " in bundle dev.enclave.semi); train one with "
                            + "'enclave defect train --data DIR'.", null);
                }
                Files.createDirectories(dir);
                try (InputStream in = url.openStream()) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot unpack the shipped defect classifier to " + dir + ": "
                    + e.getMessage(), e);
        }
        shipped = dir;
        return dir;
    }
}
