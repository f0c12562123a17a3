package dev.enclave.core;

import java.util.List;

/**
 * The workspace's append-only, hash-chained audit log ({@code <data>/audit/audit.jsonl}).
 *
 * <p>Each entry's hash covers its fields and the previous entry's hash, so a
 * changed, removed or inserted entry breaks the chain at that point; the last
 * sequence number and hash are also kept in {@code audit.head}, so entries cut
 * from the end are found too. Appends from several processes are serialised by
 * a file lock and forced to disk ({@code fsync}) once per batch before the call
 * returns. A half-written last line (a crash during a write) is reported by
 * {@link #verify()} and never silently dropped; the next append starts a new line
 * after it so the damaged bytes stay visible.
 */
public interface AuditLog {

    /** Appends one entry and forces it to disk. */
    AuditEntry append(AuditRecord record);

    /** Appends entries as one batch with a single {@code fsync}; returns them in order. */
    List<AuditEntry> appendAll(List<AuditRecord> records);

    /** Convenience for {@link #append(AuditRecord)}. */
    default AuditEntry append(String user, String action, String object, String outcome, String detail) {
        return append(new AuditRecord(user, action, object, outcome, detail));
    }

    /** The last {@code n} well-formed entries, oldest first. */
    List<AuditEntry> tail(int n);

    /** Checks the whole chain. */
    AuditVerification verify();
}
