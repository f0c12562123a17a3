package dev.enclave.knowledge;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;

/**
 * Turns files into plain text with headings: txt (UTF-8, UTF-16 with or without a
 * byte-order mark, GB18030/GBK detected), Markdown, HTML (jsoup), PDF (PDFBox 3),
 * Word docx and Excel xlsx (Apache POI); images (png, jpg, tiff incl. multi-page, bmp) and PDF pages
 * without a text layer are read by OCR ({@code dev.enclave.ocr.Ocr}, PDF pages rendered at 200 dpi).
 * An OSGi service; thread-safe.
 *
 * <p>Packs reuse it for their own reports (for example the credit-audit pack
 * reads docx and pdf reports through it), so offsets they compute into
 * {@link ExtractedDocument#text()} match the knowledge base's.
 */
public interface DocumentParsers {

    /** The document types understood, lower-case file extensions such as {@code pdf}. */
    Set<String> types();

    /** The type of {@code file} by its extension, or {@code null} when it is not supported. */
    String typeOf(Path file);

    /**
     * Extracts a file.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file when it cannot be read, is not
     *                                           of a supported type, is corrupt, encrypted or has no text
     */
    ExtractedDocument parse(Path file);

    /**
     * Extracts a document from a stream; the caller closes it.
     *
     * @param name the file name, whose extension selects the parser
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code name} as for {@link #parse(Path)}
     */
    ExtractedDocument parse(String name, InputStream in);

    /**
     * Extracts a document as {@link #parse(String, InputStream)} does, with OCR (images, scanned PDF pages) run page
     * by page under {@code progress}, which is told of each page and checked for cancellation between pages, and
     * with what OCR read cached in {@code workspace} by the file's content hash: the same scan read again (a
     * re-import, another collection, an audit) is not read by OCR again.
     *
     * @param workspace where OCR results are cached, or {@code null} for no cache
     * @throws Progress.CanceledException when {@code progress} was cancelled during OCR; nothing is cached then
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code name} as for {@link #parse(Path)}
     */
    default ExtractedDocument parse(Workspace workspace, String name, InputStream in, Progress progress) {
        return parse(name, in);
    }

    /**
     * Renders one page of a PDF or image file, about {@code width} pixels wide, to show a scanned page with the
     * {@link TextRegion}s of its text highlighted (their coordinates are fractions of the page, so any width
     * fits). PDF pages are rendered as PDFBox draws them for OCR; an image file's page is its frame {@code page}
     * (a multi-page TIFF), read subsampled so that a large scan does not fill the memory.
     *
     * @param file  a PDF or image file ({@link #typeOf} pdf, png, jpg, tiff or bmp)
     * @param page  the page, 0-based
     * @param width the width wanted in pixels (clamped to 64 … 4000)
     * @throws dev.enclave.core.EnclaveException (bad input) naming {@code file} when it no longer exists, is
     *                                           not a PDF or image, is corrupt or has no such page
     */
    BufferedImage renderPage(Path file, int page, int width);
}
