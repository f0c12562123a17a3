package dev.enclave.ocr;

import java.util.List;

/**
 * A block of a page in reading order: a paragraph (each row one visual line, usually of one
 * {@link OcrLine}) or a table (each row a list of cells, each cell the lines read in it).
 *
 * @param table whether the block is a table (two or more rows of two or more cells aligned on a page)
 * @param rows  the rows, each a list of cells in left-to-right order; a cell's text is its lines joined
 */
public record OcrBlock(boolean table, List<List<OcrLine>> rows) {

    public OcrBlock {
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The texts of a row's cells: the lines of each cell joined by a space (none between CJK characters). */
    public static List<String> cells(List<OcrLine> row) {
        return row.stream().map(l -> l.text()).toList();
    }
}
