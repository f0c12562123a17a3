package dev.enclave.audit;

import java.nio.file.Path;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;

/**
 * Extracts the key elements of a 授信调查报告 with an evidence span for every value. Thread-safe.
 */
public interface CreditReportExtractor {

    /**
     * Reads a report file and extracts it.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file when it cannot be read
     *         or its format is not supported
     */
    CreditReport extract(Path file);

    /**
     * Extracts a report from its text; evidence offsets point into {@code text}.
     *
     * @param source the path reported as {@link CreditReport#source()}
     */
    CreditReport extract(String text, String source);

    /** Reads a report file to the text that evidence offsets refer to. */
    String readText(Path file);

    /**
     * Reads a report file as {@link #readText(Path)} does, with a scan's OCR run page by page under
     * {@code progress} (cancel stops between pages) and cached in {@code workspace} by the file's content, so that
     * a scanned report read again (a re-audit, a portfolio import) is not read by OCR again.
     */
    default String readText(Workspace workspace, Path file, Progress progress) {
        return readText(file);
    }
}
