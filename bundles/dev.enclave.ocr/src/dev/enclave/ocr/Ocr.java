package dev.enclave.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;

/**
 * Reads text from page images: scanned pages, faxes, photographs of documents, in Chinese and
 * English. PaddleOCR PP-OCRv4: DB text detection (probability map, thresholded, each region's
 * rotated box widened by the unclip ratio), a direction classifier (upside-down lines turned), and
 * CTC recognition over the 6,623-character list; each line is cut out straightened along its own box,
 * which is how a tilted scan is deskewed. Lines are grouped into paragraphs and table rows in reading
 * order. Models run through DJL's ONNX Runtime engine on the CPU; they ship with the product.
 *
 * <p>An OSGi service; thread-safe (calls are serialised per model). Images larger than
 * {@link #MAX_PIXELS} are refused before they are decoded. Documents are read page by page with progress
 * and cancel ({@link #readPages}), and what was read can be cached by the document's content hash, so
 * that reading the same scan again (a re-import, a re-audit) does not run OCR again.
 */
public interface Ocr {

    /** Largest image read, in pixels (an A0 sheet at 300 dpi is about 140 million). */
    long MAX_PIXELS = 150_000_000L;

    /** The image types {@link #readImages} decodes, lower-case file extensions. */
    List<String> IMAGE_TYPES = List.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

    /**
     * Names the models and the processing whose output {@link #readPages} caches: a cached result is used only
     * under the same version. Changes whenever the models or the pre- and post-processing change what is read.
     */
    String MODEL_VERSION = "pp-ocrv4-det-cls-rec.1";

    /** Reads one page image. Not cached; see {@link #readPages}. */
    OcrPage read(BufferedImage image);

    /** One page of a document as an image, rendered when OCR reaches it (so one page is in memory at a time). */
    @FunctionalInterface
    interface PageSource {
        /**
         * Renders page {@code index} (0-based).
         *
         * @throws IOException when the page cannot be rendered
         */
        BufferedImage render(int index) throws IOException;
    }

    /**
     * Reads a document's pages one after the other, reporting each page to {@code progress} and stopping between
     * pages when it is cancelled. With a {@code cacheFolder}, the pages read are stored there under the SHA-256
     * of {@code content} and {@link #MODEL_VERSION} once every page has been read; a later call with the same
     * content and page count returns them without running OCR. Nothing is stored for a cancelled or failed read.
     *
     * @param name        the document's name, for messages and progress
     * @param content     the document's bytes: the cache key, so the pages must follow from them alone
     * @param pages       how many pages {@code source} renders
     * @param source      renders the pages
     * @param cacheFolder where results are cached (created when missing), or {@code null} for no cache
     * @param progress    told of each page as a sub-task; checked for cancellation before each page
     * @return the pages read, in order
     * @throws Progress.CanceledException when {@code progress} was cancelled
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code name} when a page cannot be rendered
     */
    List<OcrPage> readPages(String name, byte[] content, int pages, PageSource source, Path cacheFolder,
            Progress progress);

    /**
     * Decodes an image file (every page of a multi-page tiff) and reads it page by page as
     * {@link #readPages} does, cached in {@code cacheFolder} (or not, when {@code null}).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) as {@link #readImages(String, byte[])}
     * @throws Progress.CanceledException when {@code progress} was cancelled
     */
    List<OcrPage> readImages(String name, byte[] bytes, Path cacheFolder, Progress progress);

    /**
     * How many pages this service has run through its networks since it started: pages served from the cache
     * are not counted (tests and diagnostics use it to see that a cached scan was not read again).
     */
    long pagesRecognised();

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
