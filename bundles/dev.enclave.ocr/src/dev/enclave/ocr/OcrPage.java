package dev.enclave.ocr;

import java.util.List;

/**
 * What OCR read from one page image.
 *
 * @param width  the image's width in pixels
 * @param height the image's height in pixels
 * @param skew   the page's estimated tilt in degrees (positive: text runs downhill to the right); lines are
 *               read straightened and ordered as if the page were level
 * @param lines  every line read, in reading order
 * @param blocks the lines grouped into paragraphs and tables, in reading order
 */
public record OcrPage(int width, int height, double skew, List<OcrLine> lines, List<OcrBlock> blocks) {

    public OcrPage {
        lines = List.copyOf(lines);
        blocks = List.copyOf(blocks);
    }

    /**
     * The page's text: blocks ({@link OcrBlock#text()}) separated by a blank line.
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (OcrBlock b : blocks) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(b.text());
        }
        return sb.toString();
    }
}
