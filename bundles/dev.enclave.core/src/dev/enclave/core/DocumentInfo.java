package dev.enclave.core;

import java.time.Instant;
import java.util.List;

/**
 * Metadata of a document in the workspace store.
 *
 * @param id       SHA-256 of the content, lower-case hex; the same bytes are stored once
 * @param name     the original file name
 * @param type     the type, from the file extension (e.g. {@code pdf}, {@code docx}, {@code txt})
 * @param size     content length in bytes
 * @param imported when it was first imported
 * @param owner    the user that imported it
 * @param acl      roles that may read it
 */
public record DocumentInfo(String id, String name, String type, long size, Instant imported, String owner,
        List<String> acl) {
    public DocumentInfo {
        acl = List.copyOf(acl);
    }
}
