package dev.enclave.semi;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Defect-image recognition: optical, SEM or AOI images of a die surface (png, jpg, bmp, tiff; grey
 * or colour; any size up to {@link #MAX_SIDE} pixels a side) classified into {@link #CLASSES} by a
 * small CNN on the model runtime, with confidence, the three most likely classes, an occlusion heat
 * map and the most similar images of the workspace's defect-image library (a Lucene vector index).
 *
 * <p>Each workspace uses its own fine-tuned classifier once {@link #train} has produced one that
 * scored better on validation than the one before, else the classifier shipped in the pack.
 * Images are read with {@code javax.imageio}; their size is checked from the file header before
 * any pixel is decoded. Bad images never stop a batch: they come back as results with an
 * {@link Result#error() error}. Every call audits what it did in the workspace's audit log.
 * Registered as an OSGi service; thread-safe.
 */
public interface DefectImages {
    /** The pack's classes: scratch 划痕, pit 凹坑, bump 凸起, crack 裂纹, deformation 变形, misalignment 错位, none 无缺陷. */
    List<String> CLASSES = List.of("scratch", "pit", "bump", "crack", "deformation", "misalignment", "none");
    /** The largest width or height accepted, in pixels. */
    int MAX_SIDE = 20_000;
    /** The most pixels accepted in one image. */
    long MAX_PIXELS = 100_000_000L;
    /** The smallest width or height accepted, in pixels. */
    int MIN_SIDE = 16;
    /** File name endings read as images. */
    List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "gif");

    /** A class and its probability. */
    record Score(String label, float probability) {
    }

    /**
     * What the classifier says about one image, or why it could not.
     *
     * @param path the image file
     * @param label the most likely class; {@code null} when {@code error} is set
     * @param confidence its probability
     * @param top the three most likely classes, most likely first
     * @param embedding the unit-length embedding used for similarity search
     * @param error "FILE: what is wrong" for an image that could not be classified, else {@code null}
     */
    record Result(Path path, String label, float confidence, List<Score> top, float[] embedding, String error) {
        /** Whether the image was classified. */
        public boolean ok() {
            return error == null;
        }
    }

    /** A stored image of the library that resembles a query. */
    record Similar(String id, Path path, String lot, String label, float score) {
    }

    /**
     * An image of the library.
     *
     * @param id a stable id (hash of the image bytes)
     * @param path the workspace's copy of the image
     * @param source where it was imported from
     * @param lot its lot, may be {@code null}
     * @param predicted the classifier's class at import
     * @param confidence the classifier's probability
     * @param label the class a user gave it ({@link #relabel}), or {@code null}
     */
    record StoredImage(String id, Path path, String source, String lot, String predicted, float confidence,
            String label) {
        /** The user's class when there is one, else the classifier's. */
        public String effectiveLabel() {
            return label != null ? label : predicted;
        }
    }

    /**
     * Accuracy, macro-F1, per-class F1 and the confusion matrix ({@code confusion.get(truth).get(predicted)}).
     *
     * @param errors images that could not be read ("FILE: what is wrong")
     */
    record Scorecard(int images, double accuracy, double macroF1, Map<String, Double> perClassF1,
            Map<String, Map<String, Integer>> confusion, String model, List<String> errors) {
    }

    /**
     * What {@link #train} asks for.
     *
     * @param data a folder {@code DATA/<class>/*} of labelled images; class names are the folder names
     * @param epochs passes over the training split at most (early stopping may end sooner); a pass is at least
     *            20 augmented batches of 32, so a small set is still seen under many augmentations
     * @param seed seeds the split, the augmentation and the training
     * @param out where the new model goes; {@code null}: a new version folder in the workspace
     * @param force replace the workspace's classifier even when the new one does not score better
     */
    record TrainRequest(Path data, int epochs, long seed, Path out, boolean force) {
    }

    /**
     * What {@link #train} did.
     *
     * @param dir the new model's folder (with {@code classifier.json}, {@code weights.params}, {@code scorecard.json})
     * @param version the new model's version name
     * @param dataHash SHA-256 over the training images' relative paths and bytes: the lineage
     * @param validation the new model's scorecard on the validation split
     * @param previousMacroF1 the previous classifier's macro-F1 on the same split
     * @param replaced whether the workspace now uses the new model
     * @param loss the training loss curve
     * @param stoppedEarly whether validation stopped the training before the last epoch
     * @param trainImages images in the training split
     * @param validationImages images in the validation split
     * @param skipped images that could not be read
     */
    record Trained(Path dir, String version, String dataHash, Scorecard validation, double previousMacroF1,
            boolean replaced, List<Float> loss, boolean stoppedEarly, int trainImages, int validationImages,
            List<String> skipped) {
    }

    /** What {@link #importImages} did: images added, the library's size, and failures ("FILE: what is wrong"). */
    record Imported(int added, int stored, List<String> failed) {
    }

    /**
     * Classifies images; folders are searched recursively for {@link #EXTENSIONS}.
     *
     * @param paths files or folders
     * @return one result per image, in input order (a folder's images sorted by path)
     * @throws dev.enclave.core.EnclaveException (bad input) if a path does not exist
     */
    default List<Result> classify(Workspace workspace, Subject subject, List<Path> paths, Progress progress) {
        return classify(workspace, subject, paths, null, progress);
    }

    /**
     * Classifies images with the classifier in {@code modelDir} ({@code null}: the workspace's).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) if a path does not exist or {@code modelDir} holds
     *             no defect classifier
     */
    List<Result> classify(Workspace workspace, Subject subject, List<Path> paths, Path modelDir, Progress progress);

    /**
     * Where in the image the evidence for {@code label} is: the drop of its probability when each part
     * of the image is covered (occlusion), drawn over the image in warm colours.
     *
     * @param label a class of the classifier, or {@code null} for the most likely one
     * @throws dev.enclave.core.EnclaveException (bad input) if the image cannot be read
     */
    default BufferedImage heatmap(Workspace workspace, Path image, String label) {
        return heatmap(workspace, image, label, null);
    }

    /** {@link #heatmap(Workspace, Path, String)} with the classifier in {@code modelDir} ({@code null}: the workspace's). */
    BufferedImage heatmap(Workspace workspace, Path image, String label, Path modelDir);

    /** The {@code k} stored images most similar to an embedding from {@link #classify}, most similar first. */
    List<Similar> similar(Workspace workspace, float[] embedding, int k);

    /**
     * Classifies a labelled folder {@code DIR/<class>/*} and scores the result.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) if the folder holds no labelled image
     */
    default Scorecard evaluate(Workspace workspace, Subject subject, Path dir, Progress progress) {
        return evaluate(workspace, subject, dir, null, progress);
    }

    /** {@link #evaluate(Workspace, Subject, Path, Progress)} with the classifier in {@code modelDir} ({@code null}: the workspace's). */
    Scorecard evaluate(Workspace workspace, Subject subject, Path dir, Path modelDir, Progress progress);

    /**
     * Fine-tunes the workspace's classifier (or the shipped one) on labelled images: stratified
     * train/validation split (a fifth, at least one image a class, for validation), augmentation,
     * class weights, early stopping on validation macro-F1. The new model and its scorecard are
     * saved with a version and lineage; it becomes the workspace's classifier only when it scores
     * better on validation than the current one, or when forced.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) if the folder has fewer than two classes with two
     *             or more readable images (a class with one image is left out and named in {@link Trained#skipped()})
     */
    Trained train(Workspace workspace, Subject subject, TrainRequest request, Progress progress);

    /**
     * Trains a classifier from scratch on the pack's {@link DefectImageGenerator}: how the shipped model
     * is made. Reproducible for a given seed on the same machine type.
     *
     * @param images synthetic images to train on
     * @return the loss curve
     */
    default List<Float> trainSynthetic(int images, long seed, Path outDir, Progress progress) {
        return trainSynthetic(images, seed, 0, null, outDir, progress);
    }

    /**
     * Trains a classifier on the pack's {@link DefectImageGenerator} at a given input side, from scratch or
     * continuing from another classifier's weights (the network pools globally, so a model trained at 64 px
     * can continue at 96 px). The command that repeats the training is recorded in the model's
     * {@code classifier.json}.
     *
     * @param images synthetic images to train on
     * @param size the input side in pixels (32–256), or 0 for the default (64)
     * @param from a classifier folder whose weights start the training, or {@code null} for random ones
     * @return the loss curve
     * @throws dev.enclave.core.EnclaveException (bad input) for a side out of range or a {@code from}
     *             folder that holds no classifier of the same network
     */
    List<Float> trainSynthetic(int images, long seed, int size, Path from, Path outDir, Progress progress);

    /**
     * Classifies the images under {@code dir} and stores copies with their classes in the workspace's
     * defect-image library (for similarity search and the workbench's gallery).
     *
     * @param lot the lot the images belong to, may be {@code null}
     */
    Imported importImages(Workspace workspace, Subject subject, Path dir, String lot, Progress progress);

    /** The library's images, of one lot or all ({@code lot == null}). */
    List<StoredImage> stored(Workspace workspace, String lot);

    /**
     * Gives a stored image the class a user says it has; the correction is kept and used as training
     * data ({@link #exportTrainingData}).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) for an unknown id or an empty label
     */
    void relabel(Workspace workspace, Subject subject, String id, String label);

    /**
     * Writes the library's images to {@code dir/<class>/} by their {@link StoredImage#effectiveLabel()},
     * a folder {@link #train} reads.
     *
     * @return images written
     */
    int exportTrainingData(Workspace workspace, Path dir);

    /** Describes the classifier the workspace uses ("shipped …" or its version folder). */
    String model(Workspace workspace);
}
