package dev.enclave.audit;

/**
 * A span of a report's extracted text that supports a value or a finding.
 *
 * @param source the report's path
 * @param start  first character, inclusive
 * @param end    last character, exclusive
 */
public record Evidence(String source, int start, int end) {
}
