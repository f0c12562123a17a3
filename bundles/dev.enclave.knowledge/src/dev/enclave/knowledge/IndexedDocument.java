package dev.enclave.knowledge;

import java.time.Instant;
import java.util.List;

/**
 * A document of a collection, as listed for a reader.
 *
 * @param docId    its id in the collection
 * @param source   the path it was ingested from
 * @param type     the document type
 * @param size     the file's size in bytes
 * @param acl      the roles that may read it
 * @param chunks   how many chunks it has
 * @param modified the file's modification time when ingested
 * @param hash     the SHA-256 of the file's bytes (hex)
 * @param ingestedBy the workspace user who ingested it, or an empty string when not recorded
 */
public record IndexedDocument(String docId, String source, String type, long size, List<String> acl, int chunks,
        Instant modified, String hash, String ingestedBy) {

    public IndexedDocument {
        ingestedBy = ingestedBy == null ? "" : ingestedBy;
    }

    /** A document whose provenance is not known. */
    public IndexedDocument(String docId, String source, String type, long size, List<String> acl, int chunks,
            Instant modified, String hash) {
        this(docId, source, type, size, acl, chunks, modified, hash, "");
    }
}
