package dev.enclave.knowledge;

/**
 * A chunk found by a search.
 *
 * @param source  the document's path as it was ingested
 * @param docId   the document's id in its collection
 * @param chunkId the chunk's id ({@code docId#ordinal})
 * @param start   offset of the chunk's first character in the document's extracted text
 * @param end     offset just after its last character (exclusive)
 * @param score   the ranking score (BM25, cosine similarity or fused reciprocal rank, by mode)
 * @param text    exactly the extracted text from {@code start} to {@code end}
 * @param type    the document type
 * @param heading the heading the chunk sits under, or an empty string
 * @param ingestedBy the workspace user who ingested the document (its provenance), or an empty string for a
 *                   document ingested before this was recorded
 */
public record SearchHit(String source, String docId, String chunkId, int start, int end, float score, String text,
        String type, String heading, String ingestedBy) {

    public SearchHit {
        ingestedBy = ingestedBy == null ? "" : ingestedBy;
    }

    /** A hit whose provenance is not known. */
    public SearchHit(String source, String docId, String chunkId, int start, int end, float score, String text,
            String type, String heading) {
        this(source, docId, chunkId, start, end, score, text, type, heading, "");
    }
}
