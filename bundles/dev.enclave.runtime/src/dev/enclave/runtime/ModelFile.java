package dev.enclave.runtime;

/**
 * A file of a model folder.
 *
 * @param path   path relative to the model folder
 * @param size   bytes
 * @param sha256 lower-case hex SHA-256, or empty when not computed
 */
public record ModelFile(String path, long size, String sha256) {
}
