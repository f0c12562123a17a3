package dev.enclave.server;

/**
 * One stored server token, without its secret (only a SHA-256 hash of it is kept).
 *
 * @param id      a short public identifier, for {@code enclave serve token revoke}
 * @param user    the workspace user the token acts as
 * @param created when it was made, ISO-8601 UTC
 */
public record TokenInfo(String id, String user, String created) {
}
