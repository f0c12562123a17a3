/**
 * Core services of Enclave Workbench: the workspace (data folder, document
 * store, settings), local users and roles with the {@link dev.enclave.core.AccessPolicy},
 * the hash-chained {@link dev.enclave.core.AuditLog}, the {@link dev.enclave.core.DomainPack}
 * SPI through which packs plug in, and the progress abstraction for long work.
 *
 * <p>This package has no UI, no model runtime and no index dependency: every
 * capability is usable headless from the CLI and from tests.
 */
package dev.enclave.core;
