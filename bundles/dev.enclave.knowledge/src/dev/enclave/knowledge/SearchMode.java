package dev.enclave.knowledge;

import java.util.Locale;

import dev.enclave.core.EnclaveException;

/** How a search ranks chunks. */
public enum SearchMode {
    /** Keyword search: BM25 over the Chinese (bigram and word) and English (stemmed) fields. */
    BM25,
    /** Nearest neighbours of the query's embedding in the HNSW vector field. */
    VECTOR,
    /** Both, combined by weighted reciprocal-rank fusion. */
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
