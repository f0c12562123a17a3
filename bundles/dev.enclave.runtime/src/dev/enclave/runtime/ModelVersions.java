package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Model versions and their lineage: merging a LoRA adapter into its base as a new model folder,
 * the version of a model (with or without an adapter), the versions of the workspace's models,
 * and two scorecards compared. An OSGi service; merges are appended to the workspace's audit
 * log by the service ({@code model.merge}).
 *
 * <p>Merging and {@link #of(Path, Path)} read and hash every weight file (seconds for large
 * models) on the calling thread; the other methods read recorded hashes only.
 */
public interface ModelVersions {

    /**
     * Merges an adapter into its base and writes a new Hugging Face model folder with its lineage
     * ({@code enclave-lineage.json}); the new folder keeps the version of base + adapter.
     *
     * @param base the base model by name or folder, or null for the adapter's own base model
     * @param out  a new or empty folder
     * @throws dev.enclave.core.EnclaveException (bad input) when {@code out} is not empty, or the
     *         adapter does not fit the base
     */
    ModelVersion merge(Workspace workspace, Subject subject, Path adapter, String base, Path out, Progress progress);

    /** The version of a model folder with an adapter (or null), hashing the files. */
    ModelVersion of(Path model, Path adapter);

    /** The version of a workspace model from its recorded hashes (no weights read). */
    ModelVersion of(ModelInfo model);

    /** The versions of the workspace's models, by model name. */
    Map<String, ModelVersion> list(Workspace workspace);

    /**
     * The {@link Scorecard#METRICS} of {@code b} minus those of {@code a}, by name; a metric that
     * either scorecard lacks is left out.
     */
    Map<String, Double> compare(Scorecard a, Scorecard b);

    /** The scorecards saved for a version, newest first. */
    List<Scorecard> scorecards(Workspace workspace, String version);
}
