package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.util.Map;

/**
 * Where an ingest writes a collection's chunks: the embedded Lucene index ({@link CollectionIndex}) or a SolrCloud
 * collection ({@link SolrCloudIndex}). Writes become visible and durable at {@link #commit()}.
 */
interface ChunkStore {
    /** docId → what the store holds of every document in it. */
    Map<String, CollectionIndex.Existing> existing() throws IOException;

    /** Writes a document with its chunks, replacing its older version (not yet committed). */
    void put(CollectionIndex.DocInput doc) throws IOException;

    /** Makes the writes so far visible and durable, all at once. */
    void commit() throws IOException;
}
