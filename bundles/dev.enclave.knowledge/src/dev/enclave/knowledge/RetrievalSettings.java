package dev.enclave.knowledge;

import java.util.List;
import java.util.Locale;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.SettingDefinition;
import dev.enclave.core.Settings;
import dev.enclave.core.Workspace;

/**
 * The retrieval settings of a workspace, as stored in its {@link Workspace#settings() settings}.
 * Read on every search, so a change applies to the next search without a restart.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>range</th><th>meaning</th></tr>
 * <tr><td>{@value #HYBRID_KEYWORD_WEIGHT}</td><td>1.0</td><td>0 … 10</td><td>weight of the keyword (BM25)
 * ranking in the reciprocal-rank fusion of hybrid search</td></tr>
 * <tr><td>{@value #HYBRID_VECTOR_WEIGHT}</td><td>1.0</td><td>0 … 10</td><td>weight of the vector ranking in
 * the fusion</td></tr>
 * <tr><td>{@value #TRANSLATION_WEIGHT}</td><td>1.0</td><td>0 … 10</td><td>weight of the query's words in the
 * other language in hybrid search's keyword ranking, relative to their weight in bm25 mode (1: as bm25 mode
 * searches; 0: the query's own words alone)</td></tr>
 * </table>
 *
 * @param keywordWeight     weight of the keyword ranking in hybrid search
 * @param vectorWeight      weight of the vector ranking in hybrid search
 * @param translationWeight weight of the query's translated words in hybrid search's keyword ranking
 */
public record RetrievalSettings(double keywordWeight, double vectorWeight, double translationWeight) {

    /** Weights of the keyword and vector rankings, the translated query's ranking at its default weight. */
    public RetrievalSettings(double keywordWeight, double vectorWeight) {
        this(keywordWeight, vectorWeight, 1.0);
    }

    /** Workspace setting: weight of the keyword ranking in hybrid search (0 … 10, default 1.0). */
    public static final String HYBRID_KEYWORD_WEIGHT = "knowledge.hybrid.keywordWeight";

    /** Workspace setting: weight of the vector ranking in hybrid search (0 … 10, default 1.0). */
    public static final String HYBRID_VECTOR_WEIGHT = "knowledge.hybrid.vectorWeight";

    /**
     * Workspace setting: weight of the query's words in the other language in hybrid search's keyword ranking,
     * relative to their weight in bm25 mode (0 … 10, default 1.0, as bm25 mode; 0: the query's own words alone).
     */
    public static final String TRANSLATION_WEIGHT = "knowledge.search.translationWeight";

    /**
     * Workspace setting: the reranker (a cross-encoder in the models folder, e.g. bge-reranker) that reorders
     * the best candidates of every search; not set (the default) leaves the fused ranking as it is.
     */
    public static final String RERANKER = "knowledge.reranker";

    /**
     * Workspace setting: weight of the reranker's order against the search's own (0 … 1, default 0.7; 1 orders by
     * the reranker alone), fused by reciprocal rank.
     */
    public static final String RERANKER_WEIGHT = "knowledge.reranker.weight";

    /** Workspace setting: how many of the best candidates the reranker reads (1 … 200, default 20). */
    public static final String RERANKER_CANDIDATES = "knowledge.reranker.candidates";

    /** The defaults: all rankings weigh the same. */
    public static final RetrievalSettings DEFAULTS = new RetrievalSettings(1.0, 1.0, 1.0);

    /** The keys above as {@link SettingDefinition}s, checked when a value is set. */
    public static final List<SettingDefinition> DEFINITIONS = List.of(
            SettingDefinition.decimal(HYBRID_KEYWORD_WEIGHT, DEFAULTS.keywordWeight(), 0, 10,
                    "Weight of the keyword (BM25) ranking in hybrid search."),
            SettingDefinition.decimal(HYBRID_VECTOR_WEIGHT, DEFAULTS.vectorWeight(), 0, 10,
                    "Weight of the vector ranking in hybrid search."),
            SettingDefinition.decimal(TRANSLATION_WEIGHT, DEFAULTS.translationWeight(), 0, 10,
                    "Weight of the query's translated words in hybrid search's keyword ranking (1: as bm25 mode; 0: off)."),
            SettingDefinition.text(RERANKER, "",
                    "Reranker model (a cross-encoder in the models folder) that reorders the best candidates."),
            SettingDefinition.decimal(RERANKER_WEIGHT, 0.7, 0, 1,
                    "Weight of the reranker's order against the search's own (1: the reranker's alone)."),
            SettingDefinition.decimal(RERANKER_CANDIDATES, 20, 1, 200, "How many candidates the reranker reads."));

    /**
     * The retrieval settings of a workspace, the defaults for keys that are not set.
     *
     * @throws EnclaveException (bad input) naming the setting and its allowed range when a value is
     *                          not a number in that range
     */
    public static RetrievalSettings of(Workspace workspace) {
        Settings s = workspace.settings();
        return new RetrievalSettings(decimal(s, HYBRID_KEYWORD_WEIGHT, DEFAULTS.keywordWeight(), 0, 10),
                decimal(s, HYBRID_VECTOR_WEIGHT, DEFAULTS.vectorWeight(), 0, 10),
                decimal(s, TRANSLATION_WEIGHT, DEFAULTS.translationWeight(), 0, 10));
    }

    /**
     * A decimal setting within {@code [min, max]}, or {@code fallback} when the key is not set.
     * Shared by the services that keep tuning values in the workspace settings.
     *
     * @throws EnclaveException (bad input) naming the setting and the range when the value is not a
     *                          number between {@code min} and {@code max}
     */
    public static double decimal(Settings settings, String key, double fallback, double min, double max) {
        String v = settings.get(key).orElse(null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= min && d <= max)) {
            throw EnclaveException.badInput(String.format(Locale.ROOT,
                    "The setting %s must be a number from %s to %s, not '%s'.", key, plain(min), plain(max), v));
        }
        return d;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
