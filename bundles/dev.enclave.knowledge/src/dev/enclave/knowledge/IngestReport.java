package dev.enclave.knowledge;

import java.util.List;

/**
 * What one ingest did.
 *
 * @param collection the collection
 * @param added      documents new to the collection
 * @param updated    documents whose content changed and whose chunks were replaced
 * @param unchanged  documents whose content was already indexed (nothing done)
 * @param failed     files that could not be ingested, each with the reason
 * @param chunks     chunks written by this ingest
 */
public record IngestReport(String collection, int added, int updated, int unchanged, List<Failure> failed,
        int chunks) {

    public IngestReport {
        failed = List.copyOf(failed);
    }

    /**
     * A file that was not ingested.
     *
     * @param path  the path as given
     * @param error what was wrong, for the user
     */
    public record Failure(String path, String error) {
    }
}
