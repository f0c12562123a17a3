package dev.enclave.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point of the audit log to be recorded somewhere the workspace's files cannot reach (a ticket, a
 * printout, another machine): the sequence number of an entry and that entry's hash. Because each
 * hash covers everything before it, an anchor fixes the whole prefix of the log up to it;
 * {@link AuditLog#verify(AuditAnchor)} proves the log still holds exactly that prefix. Written
 * {@code SEQ:HASH}, e.g. {@code 42:9f86d0…}.
 *
 * @param seq  the entry's sequence number ({@code 0} for an empty log)
 * @param hash the entry's lower-case hex SHA-256 ({@code 64 zeros} for an empty log)
 */
public record AuditAnchor(long seq, String hash) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");

    /**
     * Parses {@code SEQ:HASH}.
     *
     * @throws EnclaveException (bad input) naming the text and the form expected
     */
    public static AuditAnchor parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw EnclaveException.badInput("Not an audit-log anchor: '" + text
                    + "'. An anchor is SEQ:HASH, as 'enclave audit-log anchor' prints it (a number, ':', 64 hex digits).");
        }
        return new AuditAnchor(Long.parseLong(m.group(1)), m.group(2));
    }

    /** The anchor as {@code SEQ:HASH}. */
    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
