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
 */
public record Citation(int number, String source, String docId, int start, int end, String text) {
}
