package dev.enclave.knowledge;

/**
 * A heading of an extracted document and the span of text it governs.
 *
 * @param level   the heading level, 1 for the top level
 * @param heading the heading's text
 * @param start   offset of the heading's first character in {@link ExtractedDocument#text()}
 * @param end     offset just after the last character the section covers (exclusive)
 */
public record Section(int level, String heading, int start, int end) {
}
