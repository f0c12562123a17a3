/**
 * The example domain pack: the model a partner copies. It contributes a
 * {@link dev.enclave.core.DomainPack} service whose name and description come from the
 * bundle's localisation ({@code OSGI-INF/l10n/bundle*.properties}), a service with real logic
 * that audits what it reads ({@link dev.enclave.example.TextStatistics}), a CLI subcommand
 * ({@code enclave example stats}) that only calls that service and prints, and, in
 * {@code dev.enclave.example.ui}, a part (a view over the same service) through
 * {@code fragment.e4xmi}, with its strings in English and Simplified Chinese message files.
 */
package dev.enclave.example;
