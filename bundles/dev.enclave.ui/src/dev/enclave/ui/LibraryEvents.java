package dev.enclave.ui;

/**
 * Event topics of the Library part, for other parts (the Assistant, packs) that want to show
 * a passage of a knowledge-base document. Post with {@code IEventBroker.post(OPEN_DOCUMENT, span)};
 * the Library part, when it exists, opens its document view at the span (on the UI thread).
 */
public final class LibraryEvents {
    /** Topic whose data is a {@link DocumentSpan}: open the document and highlight the span. */
    public static final String OPEN_DOCUMENT = "dev/enclave/ui/library/openDocument";

    /** The Library part's element id in the application model. */
    public static final String LIBRARY_PART_ID = "dev.enclave.ui.part.library";

    private LibraryEvents() {
    }

    /**
     * A passage of a document in a knowledge collection.
     *
     * @param collection the collection
     * @param docId      the document's id in the collection
     * @param source     the document's path as ingested (for display)
     * @param start      offset of the passage's first character in the document's extracted text
     * @param end        offset just after its last character (exclusive)
     */
    public record DocumentSpan(String collection, String docId, String source, int start, int end) {
    }
}
