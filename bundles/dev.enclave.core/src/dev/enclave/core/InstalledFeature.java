package dev.enclave.core;

/**
 * A p2 feature installed in the running product.
 *
 * @param id      the feature id without {@code .feature.group}
 * @param version the installed version
 * @param name    the feature's name
 */
public record InstalledFeature(String id, String version, String name) {
}
