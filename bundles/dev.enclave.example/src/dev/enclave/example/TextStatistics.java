package dev.enclave.example;

import java.nio.file.Path;

/**
 * Counts characters, Chinese characters, words, lines, paragraphs and sentences
 * of a text file (UTF-8, UTF-16 with BOM, or GB18030). Registered as an OSGi service.
 */
public interface TextStatistics {

    /** Counts a string. */
    TextStats of(String text);

    /**
     * Reads and counts a file.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file when it cannot be read or decoded
     */
    TextStats of(Path file);
}
