package dev.enclave.core;

/**
 * What a caller asks the audit log to record; the log adds sequence, time and hashes.
 *
 * @param user    the acting workspace user
 * @param action  dotted action name
 * @param object  the object acted on
 * @param outcome one of {@link AuditEntry#SUCCESS}, {@link AuditEntry#FAILURE}, {@link AuditEntry#DENIED}
 * @param detail  free text, may be empty
 */
public record AuditRecord(String user, String action, String object, String outcome, String detail) {
    public AuditRecord {
        detail = detail == null ? "" : detail;
        object = object == null ? "" : object;
    }
}
