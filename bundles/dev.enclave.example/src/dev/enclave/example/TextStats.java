package dev.enclave.example;

/**
 * Counts for one text.
 *
 * @param characters    Unicode code points, excluding line breaks
 * @param cjkCharacters Han ideographs (Chinese characters)
 * @param words         runs of Latin letters or digits
 * @param lines         lines (a final line without a break counts)
 * @param paragraphs    blocks separated by blank lines
 * @param sentences     sentences ended by {@code 。！？.!?} (or the end of the text)
 * @param charset       the character set the bytes were decoded with
 */
public record TextStats(long characters, long cjkCharacters, long words, long lines, long paragraphs, long sentences,
        String charset) {
}
