package dev.enclave.audit;

import java.nio.file.Path;

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
}
