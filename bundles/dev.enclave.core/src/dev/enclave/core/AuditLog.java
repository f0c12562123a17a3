package dev.enclave.core;

import java.util.List;

/**
 * The workspace's append-only, hash-chained and signed audit log ({@code <data>/audit/audit.jsonl}).
 *
 * <p>Each entry's hash covers its fields and the previous entry's hash, so a changed, removed or
 * inserted entry breaks the chain at that point. Each entry is also signed (Ed25519) with the audit
 * key of the account that owns the workspace, kept outside the workspace (see
 * {@code releng/docs/security.md}), so a rewritten chain — even one with recomputed hashes — fails
 * {@link #verify()} unless the writer had that key. The last sequence number and hash are kept,
 * signed, in {@code audit.head}; an {@link AuditAnchor} recorded elsewhere ({@link #anchor()}, or the
 * anchor sink of the settings {@code audit.anchor.file} / {@code audit.anchor.every}) proves later that
 * no entry up to it was cut, rewritten or replaced.
 *
 * <p><b>Durability:</b> {@link #append} and {@link #appendAll} return only after the entries were
 * written and forced to disk ({@code fsync}); a service that audits before an effect (e.g. before a
 * document becomes searchable) can rely on the entry surviving a crash once the call returns.
 * Appends from several processes are serialised by a file lock. A half-written last line (a crash
 * during a write) is reported by {@link #verify()} and never silently dropped; the next append starts
 * a new line after it so the damaged bytes stay visible.
 */
public interface AuditLog {

    /** Appends one entry; returns after it is forced to disk. */
    AuditEntry append(AuditRecord record);

    /** Appends entries as one batch with a single {@code fsync} before returning; returns them in order. */
    List<AuditEntry> appendAll(List<AuditRecord> records);

    /** Convenience for {@link #append(AuditRecord)}. */
    default AuditEntry append(String user, String action, String object, String outcome, String detail) {
        return append(new AuditRecord(user, action, object, outcome, detail));
    }

    /**
     * The last {@code n} well-formed entries, oldest first, unfiltered: for services and tests. What a
     * user is shown goes through {@link #tail(Subject, int)}.
     */
    List<AuditEntry> tail(int n);

    /**
     * The last {@code n} entries {@code reader} may read, oldest first: all of them for an
     * administrator or an {@link Roles#AUDIT_READER}, otherwise only the reader's own entries.
     */
    default List<AuditEntry> tail(Subject reader, int n) {
        if (mayReadAll(reader)) {
            return tail(n);
        }
        List<AuditEntry> all = tail(Integer.MAX_VALUE);
        List<AuditEntry> own = all.stream().filter(e -> e.user().equals(reader.name())).toList();
        return own.subList(Math.max(0, own.size() - Math.max(0, n)), own.size());
    }

    /** Whether the subject may read every user's entries (admin or {@link Roles#AUDIT_READER}). */
    static boolean mayReadAll(Subject reader) {
        return reader.isAdmin() || reader.hasRole(Roles.AUDIT_READER);
    }

    /** Checks the whole chain, the signatures and the head (and the anchor sink's last anchor when one is set). */
    AuditVerification verify();

    /**
     * As {@link #verify()}, and proves that the log still holds exactly the prefix {@code anchor}
     * fixes: entry {@code anchor.seq()} exists and has {@code anchor.hash()}.
     */
    default AuditVerification verify(AuditAnchor anchor) {
        throw new UnsupportedOperationException("This audit log does not support anchors.");
    }

    /** The current anchor: the last entry's sequence number and hash ({@code 0} and zeros when empty). */
    default AuditAnchor anchor() {
        throw new UnsupportedOperationException("This audit log does not support anchors.");
    }

    /**
     * A keyed hash of {@code text} for the audit log (e.g. of a question): lower-case hex
     * HMAC-SHA256 with a secret of this workspace that only the audit key's holder can derive, so equal
     * texts give equal hashes within the workspace but a guessed text cannot be checked against the log.
     *
     * @throws EnclaveException (bad input) when the audit key cannot be used (e.g. its passphrase is missing)
     */
    default String keyedHash(String text) {
        throw new UnsupportedOperationException("This audit log has no key for keyed hashes.");
    }
}
