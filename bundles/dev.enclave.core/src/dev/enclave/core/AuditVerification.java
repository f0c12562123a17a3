package dev.enclave.core;

/**
 * Result of checking the audit log: its hash chain, its signatures and, when one is given, an anchor.
 *
 * @param intact      true when every entry is unchanged, none is missing and none was inserted, every
 *                    entry that must be signed carries a valid signature, and the anchors checked hold
 * @param entries     entries read
 * @param badLine     1-based line number of the first bad entry, or 0 when intact
 * @param badSeq      sequence number that line claims (or should have had), or 0
 * @param problem     what is wrong with that entry, in words; empty when intact
 * @param signed      whether the log is signed (its entries from {@code signedFrom} on carry Ed25519 signatures)
 * @param signedFrom  first entry that must be signed (entries before it were written before signing began), or 0
 * @param key         fingerprint of the key the signatures were checked with, or empty
 * @param keyTrusted  whether that key came from this account's own record (the pin outside the
 *                    workspace) rather than only from the workspace's {@code audit.pub}
 * @param anchor      the anchor checked ({@code SEQ:HASH}), or empty when none was given or found
 */
public record AuditVerification(boolean intact, long entries, long badLine, long badSeq, String problem,
        boolean signed, long signedFrom, String key, boolean keyTrusted, String anchor) {

    /** A result for a log without signatures or anchors (the form before signing existed). */
    public AuditVerification(boolean intact, long entries, long badLine, long badSeq, String problem) {
        this(intact, entries, badLine, badSeq, problem, false, 0, "", false, "");
    }
}
