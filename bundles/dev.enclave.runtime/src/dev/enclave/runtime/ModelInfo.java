package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What a model folder holds, read from its {@code config.json} and files.
 *
 * @param name         the folder name (the model's name in the registry)
 * @param folder       the folder
 * @param architecture e.g. {@code Qwen2ForCausalLM}, {@code BertModel}
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
}
