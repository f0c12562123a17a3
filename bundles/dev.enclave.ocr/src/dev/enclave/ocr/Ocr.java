package dev.enclave.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.AuditLog;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;

/**
 * Reads text from page images: scanned pages, faxes, photographs of documents, in Chinese and
 * English. PaddleOCR PP-OCRv4: DB text detection (probability map, thresholded, each region's
 * rotated box widened by the unclip ratio), a direction classifier (upside-down lines turned), and
 * CTC recognition over the 6,623-character list; each line is cut out straightened along its own box,
 * which is how a tilted scan is deskewed. Lines are grouped into paragraphs and table rows in reading
 * order. Models run through DJL's ONNX Runtime engine on the CPU; they ship with the product.
 *
 * <p>An OSGi service; thread-safe. A page's lines are recognised in parallel, one thread per processor, so one
 * call uses the machine's cores; calls from several threads run side by side. Images larger than
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
    String MODEL_VERSION = "pp-ocrv4-det-cls-rec.4";

    /**
     * The workspace setting that bounds the OCR cache ({@code <data>/ocr}), in megabytes (a whole number from 1 to
     * 1,000,000; {@value #CACHE_MAX_MEGABYTES_DEFAULT} when not set).
     */
    String CACHE_MAX_MEGABYTES = "ocr.cache.maxMegabytes";

    /** The bound of the OCR cache, in megabytes, when {@link #CACHE_MAX_MEGABYTES} is not set. */
    long CACHE_MAX_MEGABYTES_DEFAULT = 512;

    /**
     * Where {@link #readPages} caches what it read, and how much it may keep there. When a result is stored and the
     * folder's cached results then take more than {@code maxBytes}, the least recently used are removed (a result
     * served from the cache counts as used: its file's modification time is set to the time of use) until they fit;
     * the result being stored and any being read or written at that moment are never removed, so one result larger
     * than the bound stays alone. Each removal is audited ({@code ocr.cache.evict}) when {@code audit} is given.
     *
     * @param folder   the cache folder (created when missing)
     * @param maxBytes the most bytes of cached results kept, at least 1
     * @param audit    where removals are recorded, or {@code null} for none (tests, benchmarks)
     */
    record Cache(Path folder, long maxBytes, AuditLog audit) {
        /** The name of the workspace's OCR cache folder, under {@link Workspace#serviceFolder}. */
        public static final String FOLDER = "ocr";

        public Cache {
            if (folder == null) {
                throw new IllegalArgumentException("The OCR cache needs a folder.");
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("The OCR cache bound must be at least 1 byte, not " + maxBytes + ".");
            }
        }

        /**
         * The workspace's OCR cache: {@code <data>/ocr}, bounded by the setting {@link #CACHE_MAX_MEGABYTES},
         * removals audited in the workspace's audit log.
         *
         * @throws EnclaveException (bad input) naming the setting when its value is not a whole number from 1 to
         *                          1,000,000
         */
        public static Cache of(Workspace workspace) {
            String v = workspace.settings().get(CACHE_MAX_MEGABYTES).map(String::trim)
                    .orElse(Long.toString(CACHE_MAX_MEGABYTES_DEFAULT));
            if (!v.matches("[0-9]{1,7}") || Long.parseLong(v) < 1 || Long.parseLong(v) > 1_000_000) {
                throw EnclaveException.badInput("The setting " + CACHE_MAX_MEGABYTES + " must be a whole number of "
                        + "megabytes from 1 to 1000000, not '" + v + "'. / 设置 " + CACHE_MAX_MEGABYTES
                        + " 须为 1 到 1000000 之间的整数（兆字节）。");
            }
            return new Cache(workspace.serviceFolder(FOLDER), Long.parseLong(v) * 1024 * 1024, workspace.auditLog());
        }
    }

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
     * pages when it is cancelled. With a {@code cache}, the pages read are stored in its folder under the SHA-256
     * of {@code content} and {@link #MODEL_VERSION} once every page has been read (least recently used results
     * removed beyond its bound, see {@link Cache}); a later call with the same
     * content and page count returns them without running OCR. Nothing is stored for a cancelled or failed read.
     *
     * @param name        the document's name, for messages and progress
     * @param content     the document's bytes: the cache key, so the pages must follow from them alone
     * @param pages       how many pages {@code source} renders
     * @param source      renders the pages
     * @param cache       where results are cached, or {@code null} for no cache
     * @param progress    told of each page as a sub-task; checked for cancellation before each page
     * @return the pages read, in order
     * @throws Progress.CanceledException when {@code progress} was cancelled
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code name} when a page cannot be rendered
     */
    List<OcrPage> readPages(String name, byte[] content, int pages, PageSource source, Cache cache,
            Progress progress);

    /**
     * Decodes an image file (every page of a multi-page tiff) and reads it page by page as
     * {@link #readPages} does, cached in {@code cache} (or not, when {@code null}).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) as {@link #readImages(String, byte[])}
     * @throws Progress.CanceledException when {@code progress} was cancelled
     */
    List<OcrPage> readImages(String name, byte[] bytes, Cache cache, Progress progress);

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
