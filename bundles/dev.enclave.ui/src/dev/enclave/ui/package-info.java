/**
 * The Enclave workbench: the e4 application model, the shared parts (Home,
 * Audit Log, Packs), preferences, themes and translations. Parts are small
 * POJOs over the core services; packs add their own parts through
 * {@code fragment.e4xmi}.
 */
package dev.enclave.ui;
