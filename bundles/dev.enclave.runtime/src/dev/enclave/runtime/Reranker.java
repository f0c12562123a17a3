package dev.enclave.runtime;

import java.util.List;

/**
 * A loaded cross-encoder (a reranker such as bge-reranker): reads a query and a passage together and
 * scores how well the passage answers the query. Slower than comparing embeddings, so it reorders the
 * few best candidates of a search, not a whole collection. Thread-safe.
 */
public interface Reranker extends AutoCloseable {

    /** The model folder's name, for settings and the audit log. */
    String name();

    /**
     * One relevance score per passage, in order: the model's logit (higher is more relevant; for a
     * two-label model the relevant label's logit minus the other's). A pair longer than the model
     * takes loses the end of its passage.
     */
    float[] score(String query, List<String> passages);

    @Override
    void close();
}
