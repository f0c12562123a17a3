package dev.enclave.knowledge;

import java.time.Instant;
import java.util.Set;

/**
 * One search.
 *
 * @param collection the collection searched
 * @param query      the query text, Chinese, English or both
 * @param top        how many hits to return (at least 1)
 * @param mode       how to rank
 * @param types      document types to keep ({@code pdf}, {@code docx} …); empty keeps all
 * @param from       keep documents modified at or after this instant, or {@code null}
 * @param to         keep documents modified before this instant, or {@code null}
 */
public record SearchRequest(String collection, String query, int top, SearchMode mode, Set<String> types,
        Instant from, Instant to) {

    public SearchRequest {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** A search with no type or date filter. */
    public static SearchRequest of(String collection, String query, int top, SearchMode mode) {
        return new SearchRequest(collection, query, top, mode, Set.of(), null, null);
    }
}
