package dev.enclave.ocr;

/**
 * One line of text read from a page image.
 *
 * @param text       the recognised text
 * @param confidence the mean probability of the recognised characters, 0 to 1
 * @param box        the line's rotated box in page pixel coordinates, four corners clockwise from the top left
 *                   ({@code x0, y0, x1, y1, x2, y2, x3, y3})
 */
public record OcrLine(String text, double confidence, double[] box) {

    public OcrLine {
        box = box.clone();
    }

    /** Left edge of the box's bounds. */
    public double left() {
        return Math.min(Math.min(box[0], box[2]), Math.min(box[4], box[6]));
    }

    /** Top edge of the box's bounds. */
    public double top() {
        return Math.min(Math.min(box[1], box[3]), Math.min(box[5], box[7]));
    }

    /** Right edge of the box's bounds. */
    public double right() {
        return Math.max(Math.max(box[0], box[2]), Math.max(box[4], box[6]));
    }

    /** Bottom edge of the box's bounds. */
    public double bottom() {
        return Math.max(Math.max(box[1], box[3]), Math.max(box[5], box[7]));
    }

    /** The box's height measured across the text (the distance from the top-left to the bottom-left corner). */
    public double height() {
        return Math.hypot(box[6] - box[0], box[7] - box[1]);
    }
}
