package dev.enclave.core;

/**
 * Result of checking the audit log's hash chain.
 *
 * @param intact  true when every entry is unchanged, none is missing and none was inserted
 * @param entries entries read
 * @param badLine 1-based line number of the first bad entry, or 0 when intact
 * @param badSeq  sequence number that line claims (or should have had), or 0
 * @param problem what is wrong with that entry, in words; empty when intact
 */
public record AuditVerification(boolean intact, long entries, long badLine, long badSeq, String problem) {
}
