package dev.enclave.core;

/**
 * One entry of the audit log, as stored: a JSON object per line, chained to the
 * previous entry by {@code prev} and sealed by {@code hash}.
 *
 * @param seq     position in the log, starting at 1
 * @param time    ISO-8601 instant (UTC)
 * @param user    the acting workspace user
 * @param action  what was done, dotted (e.g. {@code users.add}, {@code packs.install})
 * @param object  what it was done to (a user name, a document id, a feature id …)
 * @param outcome {@code success}, {@code failure} or {@code denied}
 * @param detail  free text, may be empty
 * @param prev    hash of the previous entry ({@code 64 zeros} for the first)
 * @param hash    SHA-256 over this entry's other fields and {@code prev}
 */
public record AuditEntry(long seq, String time, String user, String action, String object, String outcome,
        String detail, String prev, String hash) {

    /** Outcome of a successful action. */
    public static final String SUCCESS = "success";
    /** Outcome of a failed action. */
    public static final String FAILURE = "failure";
    /** Outcome of an action refused by the access policy. */
    public static final String DENIED = "denied";
}
