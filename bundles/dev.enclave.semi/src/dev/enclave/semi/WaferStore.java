package dev.enclave.semi;

import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The semiconductor pack's wafer maps in a workspace: reading map files, classifying them
 * with the workspace's classifier, the stored map library with similarity search, die
 * yield, retraining, evaluation and lot / weekly reports. This is the service the command
 * line ({@code enclave wafer …}) and the workbench parts both use, so that an action does
 * the same thing, and is audited the same way, from either.
 *
 * <p><b>Audit.</b> Every classification of a file ({@code wafer.classify}), import of a
 * file ({@code wafer.import}), evaluation ({@code wafer.eval}), training run
 * ({@code wafer.train}) and report ({@code wafer.report}) appends exactly one entry to
 * the workspace's audit log, in the subject's name, after it succeeded. Looking at maps
 * already classified ({@link #predict}, {@link #stored}, {@link #similar},
 * {@link #yieldSummary}) is not audited.
 *
 * <p><b>Classifier.</b> The workspace's classifier is the one {@code wafer train} wrote
 * into the workspace, else the pack's shipped one. The store keeps it open between calls
 * and opens it again when the workspace's classifier files change (a retraining from the
 * command line or another session); callers never close it. A model folder named
 * explicitly is opened for the call and closed after it.
 *
 * <p>Registered as an OSGi service; thread-safe. Errors a user can act on (a missing or
 * malformed file, a folder that holds no classifier, a report with no maps) are thrown as
 * {@link dev.enclave.core.EnclaveException} (bad input) naming the file and, for map
 * files, the line.
 */
public interface WaferStore {

    /**
     * Maps of one file with the classifier's verdict on each.
     *
     * @param maps        the maps, in file order
     * @param predictions one per map, in the same order
     * @param model       where the classifier came from (see {@link WaferPatternModel#source()})
     */
    record Classified(List<WaferMap> maps, List<WaferPrediction> predictions, String model) {
        public Classified {
            maps = List.copyOf(maps);
            predictions = List.copyOf(predictions);
        }
    }

    /** A file that could not be imported, with the reason in the user's terms. */
    record Failure(Path file, String error) {
    }

    /**
     * What an import did.
     *
     * @param added  maps classified and stored (added or replaced)
     * @param stored maps the library holds afterwards
     * @param failed the files that could not be read; the others were imported
     */
    record Imported(int added, int stored, List<Failure> failed) {
        public Imported {
            failed = List.copyOf(failed);
        }
    }

    /**
     * The labelled maps of a file against the classifier's verdicts.
     *
     * @param model      where the classifier came from
     * @param truth      the known labels of the labelled maps, in file order
     * @param predicted  the predicted labels of the same maps
     * @param unlabelled maps of the file without a label, left out
     */
    record Evaluation(String model, List<String> truth, List<String> predicted, int unlabelled) {
        public Evaluation {
            truth = List.copyOf(truth);
            predicted = List.copyOf(predicted);
        }
    }

    /**
     * A trained classifier.
     *
     * @param dir  the folder it was saved to
     * @param loss the training loss, averaged over windows of 50 steps
     */
    record Trained(Path dir, List<Float> loss) {
        public Trained {
            loss = List.copyOf(loss);
        }
    }

    /**
     * The maps of a wafer map CSV file ({@code id,label,rows,cols,data}) or the one map of
     * a text grid (any other file name).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file and line when it is missing or malformed
     */
    List<WaferMap> read(Path file);

    /**
     * Reads and classifies the maps of a file, without storing them; audited as
     * {@code wafer.classify}.
     *
     * @param modelDir a classifier folder written by {@link #train}, or {@code null} for the workspace's classifier
     * @throws dev.enclave.core.EnclaveException (bad input) for a malformed file or a folder that holds no
     *             wafer-pattern classifier
     */
    Classified classify(Workspace workspace, Subject subject, Path file, Path modelDir);

    /**
     * The workspace classifier's verdicts on maps already read (for example a map chosen in
     * a view, to show its class probabilities and find similar maps); not audited.
     *
     * @return one prediction per map, in order
     */
    List<WaferPrediction> predict(Workspace workspace, List<WaferMap> maps);

    /**
     * Classifies the maps of the files with the workspace's classifier and stores them in
     * the workspace's map library, replacing maps of the same lot and id; one
     * {@code wafer.import} entry per file imported. A file that cannot be read is listed
     * in {@link Imported#failed()} and the others go on. Names each file as a sub-task and
     * reports one unit of work per file (the caller begins the task with one unit per file);
     * stops before the next file when the progress is cancelled.
     *
     * @param lot the lot given to maps that name none, or {@code null}
     */
    Imported importFiles(Workspace workspace, Subject subject, List<Path> files, String lot, Progress progress);

    /** The stored maps, optionally only those of one lot ({@code null}: all), oldest first. */
    List<WaferLibrary.StoredMap> stored(Workspace workspace, String lot);

    /**
     * The {@code k} stored maps whose embeddings are closest to {@code embedding} (a
     * {@link WaferPrediction#embedding()}), most similar first; a stored map is its own
     * nearest neighbour.
     */
    List<WaferLibrary.Similar> similar(Workspace workspace, float[] embedding, int k);

    /** The die yield of the stored maps, optionally only those of one lot ({@code null}: all). */
    YieldSummary yieldSummary(Workspace workspace, String lot);

    /**
     * Classifies the labelled maps of a file; audited as {@code wafer.eval} with the
     * macro-F1.
     *
     * @param modelDir a classifier folder, or {@code null} for the workspace's classifier
     * @throws dev.enclave.core.EnclaveException (bad input) when the file has no labelled maps
     */
    Evaluation evaluate(Workspace workspace, Subject subject, Path file, Path modelDir);

    /**
     * Trains a classifier on synthetic maps (see {@link WaferPatterns#train}); audited as
     * {@code wafer.train}. Trained into the workspace, it becomes the workspace's
     * classifier from the next call on.
     *
     * @param outDir the folder to save it to, or {@code null} for the workspace's classifier
     */
    Trained train(Workspace workspace, Subject subject, WaferTrainingSettings settings, Path outDir,
            Progress progress);

    /**
     * Writes a lot or weekly report over the stored maps (see {@link WaferReports#write});
     * audited as {@code wafer.report}.
     *
     * @param lot  the lot, or {@code null} for a weekly report
     * @param week the ISO week {@code YYYY-Www} (UTC), or {@code null} for a lot report
     * @throws dev.enclave.core.EnclaveException (bad input) as {@link WaferReports#write} does
     */
    WaferReports.Summary report(Workspace workspace, Subject subject, String lot, String week, List<String> notes,
            WaferReports.Format format, Path out);
}
