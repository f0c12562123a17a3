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
 * @param warnings   what the ingesting user should know about what was ingested (e.g. that it may not read it),
 *                   each once; empty when all is well
 */
public record IngestReport(String collection, int added, int updated, int unchanged, List<Failure> failed,
        int chunks, List<Warning> warnings) {

    public IngestReport {
        failed = List.copyOf(failed);
        warnings = List.copyOf(warnings);
    }

    /** A report without warnings. */
    public IngestReport(String collection, int added, int updated, int unchanged, List<Failure> failed, int chunks) {
        this(collection, added, updated, unchanged, failed, chunks, List.of());
    }

    /**
     * A file that was not ingested.
     *
     * @param path  the path as given
     * @param error what was wrong, for the user
     */
    public record Failure(String path, String error) {
    }

    /**
     * Something the ingesting user should know; the documents were ingested all the same.
     *
     * @param code    what kind of warning, e.g. {@link #UNREADABLE}, for callers that word it themselves
     * @param message the warning for the user, in English
     */
    public record Warning(String code, String message) {
        /**
         * The ingesting user holds none of the roles the documents were given, so it may not read them: they
         * will not appear in its own searches, answers or document lists.
         */
        public static final String UNREADABLE = "unreadable";
    }
}
