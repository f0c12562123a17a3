package dev.enclave.knowledge;

/**
 * A term of an analyzed text with the span of the text it came from.
 *
 * @param term  the term as indexed (lower-cased, stemmed or segmented by its field's analysis)
 * @param start offset of the span's first character in the analyzed text ({@code char} offset)
 * @param end   offset just after the span's last character (exclusive)
 * @see KnowledgeBase#analyze(AnalyzedField, String)
 */
public record Token(String term, int start, int end) {
}
