package dev.enclave.semi;

import java.nio.file.Path;
import java.util.List;

/**
 * The stored wafer maps of a workspace: each with its lot, wafer id, time, known and
 * predicted pattern and the classifier's embedding, in a Lucene index with a vector
 * field for nearest-neighbour search. Registered as an OSGi service; each call opens
 * the index in the given folder.
 */
public interface WaferLibrary {

    /** One stored map. */
    record StoredMap(WaferMap map, String predicted, float confidence) {
    }

    /** A stored map similar to a query, with the cosine similarity of their embeddings. */
    record Similar(String id, String lot, String waferId, String label, String predicted, float score) {
    }

    /**
     * Adds or replaces (by lot and id) maps with their predictions.
     *
     * @param indexDir the index folder (created when missing)
     * @return how many maps the library holds afterwards
     */
    int add(Path indexDir, List<WaferMap> maps, List<WaferPrediction> predictions);

    /** The {@code k} stored maps whose embeddings are closest to {@code embedding}. */
    List<Similar> similar(Path indexDir, float[] embedding, int k);

    /** All stored maps, optionally only those of one lot ({@code null}: all), oldest first. */
    List<StoredMap> list(Path indexDir, String lot);
}
