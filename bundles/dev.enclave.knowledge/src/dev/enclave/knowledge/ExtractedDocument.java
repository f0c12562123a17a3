package dev.enclave.knowledge;

import java.util.List;

/**
 * The text of a document as a parser extracted it, with its headings.
 *
 * <p>All offsets in the knowledge base (chunks, hits, citations) are character
 * ({@code char}) offsets into {@link #text()}. Paragraphs are separated by a
 * blank line; a table is kept as one line per row, each cell preceded by its
 * header cell ({@code header: value | header: value}).
 *
 * @param name     the file name the text came from (no folders)
 * @param type     the document type: {@code txt}, {@code md}, {@code html}, {@code pdf}, {@code docx}, {@code xlsx}, or for
 *                 images read by OCR {@code png}, {@code jpg}, {@code tiff} or {@code bmp}
 * @param text     the extracted text
 * @param sections the headings in document order, each with the span it governs
 * @param charset  the detected character set of a text file, or {@code null} for other types
 * @param regions  for text read by OCR, where each line is printed on its page, in text order; empty for text
 *                 the file itself holds
 */
public record ExtractedDocument(String name, String type, String text, List<Section> sections, String charset,
        List<TextRegion> regions) {

    public ExtractedDocument {
        sections = List.copyOf(sections);
        regions = List.copyOf(regions);
    }

    /** A document whose text the file itself holds (nothing read by OCR). */
    public ExtractedDocument(String name, String type, String text, List<Section> sections, String charset) {
        this(name, type, text, sections, charset, List.of());
    }

    /** The innermost section covering {@code offset}, or {@code null} when none does. */
    public Section sectionAt(int offset) {
        Section best = null;
        for (Section s : sections) {
            if (s.start() <= offset && offset < s.end() && (best == null || s.level() >= best.level())) {
                best = s;
            }
        }
        return best;
    }
}
