/**
 * What the test bundles share, written once: OSGi services and workspaces through the public API,
 * the {@code enclave} command line in-process, the reference fixtures, and (for UI tests) the
 * display loop, part creation and screenshot paths.
 *
 * <p>Test code only: no product bundle depends on this one.
 */
package dev.enclave.tests.support;
