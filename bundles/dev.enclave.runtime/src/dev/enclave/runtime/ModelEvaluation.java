package dev.enclave.runtime;

import java.util.List;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Scores model versions on test sets and keeps their scorecards in the workspace, so versions
 * can be compared side by side. An OSGi service; each evaluation is appended to the workspace's
 * audit log by the service ({@code eval.model}, {@code eval.preference}).
 *
 * <p>{@link #evaluate} loads the model and generates answers: seconds to minutes, on the calling
 * thread; cancel it through {@link Progress#cancel()}. Listing is cheap and thread-safe.
 */
public interface ModelEvaluation {

    /**
     * Scores the model (with its adapter) on the test set and saves the scorecard.
     *
     * @return the saved scorecard, {@link Scorecard#file()} set
     * @throws dev.enclave.core.EnclaveException (bad input) when the test set is missing, a limit is
     *         out of range, or the model or adapter cannot be read
     */
    Scorecard evaluate(Workspace workspace, Subject subject, EvaluationRequest request, Progress progress);

    /**
     * Scores preference pairs ({@code {"prompt"|"messages", "chosen", "rejected"}}) under the model
     * (with its adapter, or none) and saves the result with the scorecards.
     *
     * @param adapter a PEFT adapter folder, or null for the base alone
     * @throws dev.enclave.core.EnclaveException (bad input) when the data is missing or a record is not
     *         a preference pair, or the model or adapter cannot be read
     */
    PreferenceScore preference(Workspace workspace, Subject subject, java.nio.file.Path model,
            java.nio.file.Path adapter, java.nio.file.Path data, int maxLength, Progress progress);

    /** The workspace's saved scorecards, newest first. */
    List<Scorecard> scorecards(Workspace workspace);

    /**
     * A saved scorecard by its file, or by the start of its model version (the newest such).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when there is none
     */
    Scorecard scorecard(Workspace workspace, String fileOrVersion);
}
