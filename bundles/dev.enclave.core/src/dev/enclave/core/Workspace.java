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
     * The folder a service keeps its own data in, {@code <data>/<serviceId>}, created when missing.
     *
     * @param serviceId a short lower-case name such as {@code knowledge} or {@code models}
     */
    Path serviceFolder(String serviceId);
}
