package dev.enclave.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Documents of a workspace, stored by content hash under {@code <data>/documents}.
 * Every read goes through the {@link AccessPolicy}; every change is audited.
 */
public interface DocumentStore {

    /**
     * Imports a file. Importing the same bytes again returns the stored document
     * unchanged (its first name, owner and ACL are kept).
     *
     * @param acl the roles that may read it; empty means the importing subject's roles
     * @throws EnclaveException (bad input) when the file cannot be read or an ACL role is unknown
     */
    DocumentInfo add(Subject subject, Path file, List<String> acl);

    /** The document's metadata when it exists and the subject may read it. */
    Optional<DocumentInfo> get(Subject subject, String id);

    /** The documents the subject may read, newest first. */
    List<DocumentInfo> list(Subject subject);

    /** Opens the content; the caller closes the stream. */
    InputStream open(Subject subject, String id) throws IOException;

    /** Removes a document (its owner or an administrator). */
    void delete(Subject subject, String id);
}
