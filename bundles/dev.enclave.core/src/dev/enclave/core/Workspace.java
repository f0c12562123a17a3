package dev.enclave.core;

import java.nio.file.Path;

/**
 * An Enclave data folder: documents, settings, security, the audit log and one
 * folder per service. Obtained from {@link WorkspaceManager#open(Path)}.
 */
public interface Workspace {

    /** The data folder. */
    Path root();

    Settings settings();

    SecurityService security();

    AccessPolicy accessPolicy();

    AuditLog auditLog();

    DocumentStore documents();

    /**
     * The folder a service keeps its own data in, {@code <data>/<serviceId>}, created private
     * ({@code 0700}) when missing. Files a service writes there should be private too: use
     * {@link FileIO#writeAtomically}, {@link FileIO#createPrivateFile} or {@link FileIO#makePrivate}.
     *
     * @param serviceId a short lower-case name such as {@code knowledge} or {@code models}
     */
    Path serviceFolder(String serviceId);

    /**
     * Warnings about this workspace found as it was opened, in words a user can act on: e.g. that
     * other accounts on the machine can read its files ({@code enclave doctor --fix} repairs that).
     * Empty when all is well.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }
}
