package dev.enclave.semi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Yield / defect prediction from process parameters ("feedback parameter
 * optimisation"): fits candidate models with k-fold cross-validation, keeps the best,
 * and suggests parameter settings within bounds that improve the predicted outcome.
 * The workspace methods read a runs file and keep the fitted model in the workspace, for
 * the command line ({@code enclave yield …}) and the Yield part alike; a fit from a file is
 * audited ({@code yield.fit}) by this service. Registered as an OSGi service; thread-safe.
 * Errors a user can act on are thrown as {@link dev.enclave.core.EnclaveException} (bad
 * input) naming the file, column or parameter.
 */
public interface YieldModels {

    /** Cross-validated error of one candidate model. */
    record Score(String model, int coefficients, double deviance, double rmse, double mae) {
    }

    /**
     * The result of fitting.
     *
     * @param family {@code poisson} for count outcomes, {@code gaussian} otherwise
     * @param runs number of runs
     * @param folds cross-validation folds
     * @param scores every candidate's cross-validated error, the mean-only baseline first
     * @param chosen the candidate with the lowest cross-validated deviance, refitted on all runs
     * @param modelJson the chosen model, for {@link #suggest}
     */
    record Fit(String family, int runs, int folds, List<Score> scores, String chosen, String modelJson) {
    }

    /** Parameter settings with their predicted outcome. */
    record Suggestion(Map<String, String> settings, double predicted) {
    }

    /**
     * A fit of the runs of a file, saved.
     *
     * @param fit       the fit
     * @param data      the runs as read (parameters in file order)
     * @param modelFile where the chosen model was saved
     */
    record Saved(Fit fit, YieldData data, Path modelFile) {
    }

    /**
     * Fits and cross-validates the candidate models on the runs; not audited.
     *
     * @param folds cross-validation folds, from 2 to the number of runs
     * @throws dev.enclave.core.EnclaveException (bad input) for a number of folds out of range
     */
    Fit fit(YieldData data, int folds, long seed);

    /**
     * Reads the runs of a CSV file ({@link YieldData#readCsv}), fits the candidate models
     * and saves the chosen one; audited as {@code yield.fit} with the chosen model's name.
     *
     * @param target  the outcome column
     * @param factors numeric parameters to treat as categorical
     * @param ignore  columns to leave out
     * @param out     where to save the model, or {@code null} for the workspace's model
     *                ({@link #modelFile}), which {@link #suggest(Workspace, Path, Map, boolean, int)} reads
     * @throws dev.enclave.core.EnclaveException (bad input) for a malformed runs file, an unknown column,
     *             folds out of range or a model file that cannot be written
     */
    Saved fit(Workspace workspace, Subject subject, Path runs, String target, Set<String> factors,
            Set<String> ignore, int folds, long seed, Path out);

    /** Where the workspace keeps its last fitted yield model. */
    Path modelFile(Workspace workspace);

    /**
     * Suggests settings within bounds.
     *
     * @param modelJson a model from {@link Fit#modelJson()}
     * @param bounds per parameter: {@code A|B|C} (allowed levels of a factor) or {@code LO:HI}
     *            (range of a numeric parameter); parameters not named range over what the
     *            training data held
     * @param maximize {@code true} to maximise the outcome (yield), {@code false} to minimise it (defects)
     * @param top how many settings to return, best first
     * @throws dev.enclave.core.EnclaveException (bad input) naming the parameter of a malformed bound, or
     *             when the bounds leave too many settings to search
     */
    List<Suggestion> suggest(String modelJson, Map<String, String> bounds, boolean maximize, int top);

    /**
     * Suggests settings within bounds from a saved model; see
     * {@link #suggest(String, Map, boolean, int)}. Not audited.
     *
     * @param modelFile a model saved by a fit, or {@code null} for the workspace's model
     * @throws dev.enclave.core.EnclaveException (bad input) when there is no such model yet
     */
    List<Suggestion> suggest(Workspace workspace, Path modelFile, Map<String, String> bounds, boolean maximize,
            int top);
}
