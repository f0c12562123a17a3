package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What a model folder holds, read from its {@code config.json} and files.
 *
 * @param name         the folder name (the model's name in the registry)
 * @param folder       the folder
 * @param architecture e.g. {@code Qwen2ForCausalLM}, {@code BertModel}; {@link #REMOTE} for a model on a
 *                     remote server (its dtype is then the remote model id, and its folder holds only
 *                     the manifest)
 * @param kind         {@code decoder} (chat, generation) or {@code encoder} (embeddings)
 * @param parameters   number of parameters in the weights
 * @param dtype        the stored weight type (float32, float16, bfloat16)
 * @param weightBytes  bytes of the stored weights
 * @param files        the folder's files; hashes only where a manifest or a check computed them
 */
public record ModelInfo(String name, Path folder, String architecture, String kind, long parameters, String dtype,
        long weightBytes, List<ModelFile> files) {
    public ModelInfo {
        files = List.copyOf(files);
    }

    /** Kind of decoder models. */
    public static final String DECODER = "decoder";
    /** Kind of encoder (embedding) models. */
    public static final String ENCODER = "encoder";
    /** Kind of cross-encoder (reranker) models: {@code *ForSequenceClassification} with one or two labels. */
    public static final String RERANKER = "reranker";
    /** Architecture of a model served by a remote OpenAI-compatible server. */
    public static final String REMOTE = "remote";
    /** The entry {@link #files()} holds for a LoRA adapter served with the model. */
    public static final String ADAPTER_FILE = "adapter/adapter_model.safetensors";

    /**
     * The model version: a short hash over the hashes of the weights, {@code config.json} and
     * {@code tokenizer.json} and, when an adapter is served with the model, the adapter's hash; a
     * model merged from an adapter keeps the version recorded in its {@code enclave-lineage.json}.
     * Null when the hashes are unknown (a folder outside the registry that nothing has hashed).
     * The audit log records it with every answer and extraction a model makes.
     */
    public String version() {
        java.nio.file.Path recorded = folder.resolve("enclave-lineage.json");
        String adapter = files.stream().filter(f -> f.path().equals(ADAPTER_FILE)).map(ModelFile::sha256).findFirst()
                .orElse(null);
        if (adapter == null && java.nio.file.Files.isRegularFile(recorded)) {
            try {
                com.google.gson.JsonObject o = com.google.gson.JsonParser
                        .parseString(java.nio.file.Files.readString(recorded)).getAsJsonObject();
                if (o.has("version")) {
                    return o.get("version").getAsString();
                }
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
        java.util.Map<String, String> base = new java.util.TreeMap<>();
        for (ModelFile f : files) {
            if (!f.path().contains("/") && isVersioned(f.path())) {
                if (f.sha256() == null || f.sha256().isEmpty()) {
                    return null;
                }
                base.put(f.path(), f.sha256());
            }
        }
        return base.isEmpty() ? null : versionOf(base, adapter);
    }

    /** Whether a file of a model folder counts toward its version. */
    public static boolean isVersioned(String fileName) {
        return (fileName.endsWith(".safetensors") && !fileName.startsWith("reference")) || fileName.endsWith(".gguf")
                || fileName.equals("config.json")
                || fileName.equals("tokenizer.json");
    }

    /** The version of a base model with these file hashes (by file name) plus an adapter hash (or null). */
    public static String versionOf(java.util.Map<String, String> baseHashes, String adapterHash) {
        String id = new java.util.TreeMap<>(baseHashes).toString() + (adapterHash == null ? "" : adapterHash);
        return dev.enclave.core.Hashes.sha256Hex(id).substring(0, 12);
    }
}
