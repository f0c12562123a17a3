package dev.enclave.core;

import java.net.URI;
import java.util.List;

/**
 * Installs and uninstalls pack features in the running product through p2,
 * offline, from a p2 repository folder or URL the administrator names.
 *
 * <p>Changes apply to the running framework (new bundles start, removed ones
 * stop) and persist for later starts. Callers check the {@link Roles#ADMIN} role
 * first; implementations audit the outcome.
 */
public interface PackInstaller {

    /** Features installed in this product's p2 profile, sorted by id. */
    List<InstalledFeature> installed();

    /**
     * The features a p2 repository offers, sorted by id.
     *
     * @throws EnclaveException (bad input) when the repository cannot be read
     */
    List<InstalledFeature> available(URI repository, Progress progress);

    /**
     * Installs a feature and what it requires.
     *
     * @param featureId  e.g. {@code dev.enclave.example.feature}
     * @param repository a p2 repository ({@code file:} URI of a folder, or a URL)
     * @throws AccessDeniedException when {@code actor} is not an administrator
     * @throws EnclaveException (bad input) when the repository cannot be read or does not hold the feature
     */
    InstalledFeature install(Workspace workspace, Subject actor, String featureId, URI repository, Progress progress);

    /**
     * Uninstalls a feature and removes its bundles that nothing else needs.
     *
     * @throws AccessDeniedException when {@code actor} is not an administrator
     * @throws EnclaveException (bad input) when the feature is not installed
     */
    void uninstall(Workspace workspace, Subject actor, String featureId, Progress progress);
}
