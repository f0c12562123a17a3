package dev.enclave.runtime;

import dev.enclave.core.Progress;

/**
 * A loaded decoder model with its tokenizer. Thread-safe for {@link #encode} and
 * {@link #decode}; {@link #generate} runs one generation at a time per instance.
 * Close it to free the weights.
 */
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    /** The context length in tokens. */
    int contextLength();

    /** Token ids of {@code text}, without special tokens added. */
    int[] encode(String text);

    /** Text of the ids, special tokens left out. */
    String decode(int[] ids);

    /** Whether the model folder has a chat template. */
    boolean hasChatTemplate();

    /**
     * The model's own chat template applied to {@code messages} (with the prompt for the
     * assistant's reply), as text.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the model has no chat template or it fails
     */
    String chatPrompt(java.util.List<ChatMessage> messages);

    /**
     * Generates after {@code prompt} (token ids), streaming to {@code listener}; stops on
     * an end-of-sequence id, a stop string, the token limit, or when {@code progress}
     * is cancelled from another thread.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when prompt plus new tokens exceed the context
     */
    Generation generate(int[] prompt, GenerationSettings settings, TokenListener listener, Progress progress);

    @Override
    void close();
}
