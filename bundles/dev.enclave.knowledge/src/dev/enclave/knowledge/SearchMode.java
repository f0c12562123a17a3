package dev.enclave.knowledge;

import java.util.Locale;

import dev.enclave.core.EnclaveException;

/** How a search ranks chunks. */
public enum SearchMode {
    /** Keyword search: BM25 over the Chinese (bigram and word) and English (stemmed) fields. */
    BM25,
    /** Nearest neighbours of the query's embedding in the HNSW vector field. */
    VECTOR,
    /**
     * Both, combined by weighted reciprocal-rank fusion of documents (a document ranks by its best chunk; the
     * best chunk of each of the best documents comes first); the keyword ranking holds the query's translated
     * words as bm25 does, and the vector ranking never places a document of the other language below where the
     * keyword ranking placed it (the embedder compares across languages poorly).
     */
    HYBRID;

    /**
     * The mode named {@code bm25}, {@code vector} or {@code hybrid} (any case).
     *
     * @throws EnclaveException (bad input) for another name
     */
    public static SearchMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw EnclaveException.badInput("Unknown search mode '" + name + "': use bm25, vector or hybrid.");
        }
    }
}
