package dev.enclave.assistant;

/**
 * A passage an answer cites.
 *
 * @param number the marker's number in the answer ({@code [n]})
 * @param source the document's path as ingested
 * @param docId  the document's id in the collection
 * @param start  offset of the passage in the document's extracted text
 * @param end    offset just after it (exclusive)
 * @param text   exactly the extracted text from {@code start} to {@code end}
 * @param ingestedBy the workspace user who ingested the document (its provenance), or an empty string when not
 *                   recorded
 */
public record Citation(int number, String source, String docId, int start, int end, String text, String ingestedBy) {

    public Citation {
        ingestedBy = ingestedBy == null ? "" : ingestedBy;
    }

    /** A citation whose provenance is not known. */
    public Citation(int number, String source, String docId, int start, int end, String text) {
        this(number, source, docId, start, end, text, "");
    }
}
