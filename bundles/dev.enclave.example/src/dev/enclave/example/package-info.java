/**
 * The example domain pack: the model a partner copies. It contributes a
 * {@link dev.enclave.core.DomainPack} service, a service with real logic
 * ({@link dev.enclave.example.TextStatistics}), a CLI subcommand
 * ({@code enclave example stats}) and, in {@code dev.enclave.example.ui}, a part
 * through {@code fragment.e4xmi}.
 */
package dev.enclave.example;
