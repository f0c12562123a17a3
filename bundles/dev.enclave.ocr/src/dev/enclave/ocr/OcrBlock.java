package dev.enclave.ocr;

import java.util.List;

/**
 * A block of a page in reading order: a paragraph (each row one visual line, usually of one
 * {@link OcrLine}) or a table (each row a list of cells, each cell the lines read in it).
 *
 * @param table     whether the block is a table (two or more consecutive rows of two or more cells)
 * @param rows      the rows, each a list of cells in left-to-right order; a cell's text is its lines joined
 * @param continued for each row, whether it continues the previous row's text (the previous row ran to the
 *                  page's right margin and wrapped); such rows are joined without a line break
 */
public record OcrBlock(boolean table, List<List<OcrLine>> rows, List<Boolean> continued) {

    public OcrBlock {
        rows = rows.stream().map(List::copyOf).toList();
        continued = List.copyOf(continued);
        if (continued.size() != rows.size()) {
            throw new IllegalArgumentException("one continued flag per row");
        }
    }

    /**
     * The block's text: rows on lines of their own (a wrapped row joined to the one before it), cells
     * separated by {@code " | "}, as the text reports of the credit-audit pack write table rows.
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String row = String.join(" | ", cells(rows.get(i)));
            if (i > 0) {
                if (!continued.get(i)) {
                    sb.append('\n');
                } else if (!cjk(sb.charAt(sb.length() - 1)) || !cjk(row.charAt(0))) {
                    sb.append(' ');
                }
            }
            sb.append(row);
        }
        return sb.toString();
    }

    /** Whether a character is Chinese or CJK punctuation (no space is put between two of them). */
    public static boolean cjk(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN || (c >= 0x3000 && c <= 0x303f)
                || (c >= 0xff00 && c <= 0xffef);
    }

    /** The texts of a row's cells: the lines of each cell joined by a space (none between CJK characters). */
    public static List<String> cells(List<OcrLine> row) {
        return row.stream().map(l -> l.text()).toList();
    }
}
