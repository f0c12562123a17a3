package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model version and where it came from: a base model's file hashes, plus the adapter and its
 * training record when the version is base + LoRA adapter (served together, or merged into a
 * new folder).
 *
 * @param version       the short version id (see {@link ModelInfo#version()}); null when the hashes are unknown
 * @param base          the base model folder
 * @param adapter       the adapter folder, or null for a base model alone
 * @param merged        whether the folder is a merge of {@code base} and {@code adapter} (it has {@code enclave-lineage.json})
 * @param trainingDataSha256 SHA-256 of the adapter's training data when it was trained here, else null
 * @param lineage       the full record (base file hashes, adapter hash, training hyper-parameters) as written
 *                      to {@code enclave-lineage.json}, keys in order; empty when only the version is known
 */
public record ModelVersion(String version, Path base, Path adapter, boolean merged, String trainingDataSha256,
        Map<String, Object> lineage) {
    public ModelVersion {
        lineage = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lineage));
    }
}
