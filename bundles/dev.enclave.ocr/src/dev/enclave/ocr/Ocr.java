package dev.enclave.ocr;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads text from page images: scanned pages, faxes, photographs of documents, in Chinese and
 * English. PaddleOCR PP-OCRv4: DB text detection (probability map, thresholded, each region's
 * rotated box widened by the unclip ratio), a direction classifier (upside-down lines turned), and
 * CTC recognition over the 6,623-character list; each line is cut out straightened along its own box,
 * which is how a tilted scan is deskewed. Lines are grouped into paragraphs and table rows in reading
 * order. Models run through DJL's ONNX Runtime engine on the CPU; they ship with the product.
 *
 * <p>An OSGi service; thread-safe (calls are serialised per model). Images larger than
 * {@link #MAX_PIXELS} are refused before they are decoded.
 */
public interface Ocr {

    /** Largest image read, in pixels (an A0 sheet at 300 dpi is about 140 million). */
    long MAX_PIXELS = 150_000_000L;

    /** The image types {@link #readImages} decodes, lower-case file extensions. */
    List<String> IMAGE_TYPES = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

    /** Reads one page image. */
    OcrPage read(BufferedImage image);

    /**
     * Decodes an image file (png, jpg, bmp, tiff; every page of a multi-page tiff) and reads each page.
     *
     * @param name  the file name, for messages
     * @param bytes the file's contents
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code name} when the image is corrupt,
     *                                           truncated, of an unknown format or larger than {@link #MAX_PIXELS}
     */
    List<OcrPage> readImages(String name, byte[] bytes);

    /** Reads an image file; see {@link #readImages(String, byte[])}. */
    List<OcrPage> readImages(Path file);
}
