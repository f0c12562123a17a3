package dev.enclave.example;

import java.nio.file.Path;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Counts characters, Chinese characters, words, lines, paragraphs and sentences of a text.
 * Registered as an OSGi service by the example pack; the CLI command {@code enclave example stats}
 * and the Text Statistics part both call it, so a file is read, counted and audited the same way
 * from either.
 *
 * <p>Implementations are thread-safe and keep no state between calls.
 */
public interface TextStatistics {

    /** Counts a string the user typed; nothing is read, so nothing is audited. The charset is {@code UTF-16}. */
    TextStats of(String text);

    /**
     * Reads a text file (character set detected as {@link dev.enclave.core.TextFiles} does: UTF-8,
     * UTF-16, GBK or GB18030), counts it, and appends one {@code example.stats} entry for the file
     * to the workspace's audit log.
     *
     * @param workspace the workspace whose audit log records the read
     * @param user      the acting user, named in the audit entry
     * @param file      the file to count; at most 64 MiB
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file when it does not exist,
     *         is too large, cannot be read or is not text; nothing is audited then
     */
    TextStats of(Workspace workspace, Subject user, Path file);
}
