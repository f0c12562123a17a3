/**
 * The data and model studio: datasets as JSON Lines (Alpaca, ShareGPT, plain text),
 * cleaning, personal-data masking, exact and near-duplicate removal, balancing, stratified
 * splits, statistics and versioned workspace datasets. Every step keeps each record's
 * {@code id}.
 *
 * <p>{@link dev.enclave.studio.Datasets} is the service that does this work for the command
 * line and the workbench and audits it; {@link dev.enclave.studio.Cleaner},
 * {@link dev.enclave.studio.PiiMasker}, {@link dev.enclave.studio.Deduplicator},
 * {@link dev.enclave.studio.Balancer} and {@link dev.enclave.studio.Splitter} are its engines,
 * which change records in memory only and audit nothing.
 */
package dev.enclave.studio;
