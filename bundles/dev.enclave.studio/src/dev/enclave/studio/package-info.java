/**
 * The data and model studio: datasets as JSON Lines (Alpaca, ShareGPT, plain text),
 * personal-data masking, exact and near-duplicate removal, stratified splits and
 * statistics. Every step keeps each record's {@code id}.
 */
package dev.enclave.studio;
