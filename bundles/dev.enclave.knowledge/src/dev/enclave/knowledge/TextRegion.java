package dev.enclave.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a span of a document's extracted text is printed on a page image: one line that OCR read from a scanned
 * PDF page or an image file. Citations and audit evidence point into {@link ExtractedDocument#text()}; their
 * regions let a viewer show the page with the cited lines highlighted.
 *
 * @param start  offset of the line's first character in {@link ExtractedDocument#text()}
 * @param end    offset just after the line's last character (exclusive)
 * @param page   the file's page the line is on, 0-based (a PDF's page, a multi-page TIFF's frame)
 * @param x      the line's left edge as a fraction of the page's width (0 at the left edge, 1 at the right)
 * @param y      the line's top edge as a fraction of the page's height (0 at the top)
 * @param width  the line's width as a fraction of the page's width
 * @param height the line's height as a fraction of the page's height
 */
public record TextRegion(int start, int end, int page, double x, double y, double width, double height) {

    public TextRegion {
        if (start < 0 || end < start || page < 0) {
            throw new IllegalArgumentException("bad region " + start + ".." + end + " on page " + page);
        }
    }

    /** Whether the region shares at least one character with {@code [from, to)}. */
    public boolean overlaps(int from, int to) {
        return start < to && from < end;
    }

    /**
     * The regions of {@code regions} that share a character with {@code [from, to)}, in order; for an empty span
     * ({@code from == to}) the region holding that offset, if any.
     */
    public static List<TextRegion> within(List<TextRegion> regions, int from, int to) {
        List<TextRegion> out = new ArrayList<>();
        for (TextRegion r : regions) {
            if (from == to ? r.start <= from && from < r.end : r.overlaps(from, to)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The page to show for the span {@code [from, to)}: the page of its first region; for an empty span (a whole
     * document opened) the first page read by OCR; -1 when the span lies outside every region (text the file held).
     */
    public static int pageOf(List<TextRegion> regions, int from, int to) {
        List<TextRegion> at = within(regions, from, to);
        return !at.isEmpty() ? at.get(0).page() : from == to && !regions.isEmpty() ? regions.get(0).page() : -1;
    }
}
