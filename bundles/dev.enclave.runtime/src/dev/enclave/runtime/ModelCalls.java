package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * A user's calls to the workspace's models: loading a decoder, choosing the workspace's chat and
 * embedding models, generating, chatting and embedding. An OSGi service; every call is appended
 * to the workspace's audit log by the service ({@code models.load}, {@code models.use},
 * {@code model.generate}, {@code model.chat}, {@code model.embed}) with the model version and a
 * hash of the prompt, never the prompt itself.
 *
 * <p>Prompts pass through the workspace's {@link dev.enclave.core.PromptFilter}s (e.g. personal data
 * masked) before a model sees them. Generation runs on the calling thread and streams to the
 * listener on that thread; stop it through {@link Progress#cancel()} from another.
 */
public interface ModelCalls {

    /**
     * Loads a decoder model folder, with a LoRA adapter when {@code adapter} is not null. The
     * caller closes the model.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the folder is not a decoder model
     */
    LanguageModel load(Workspace workspace, Subject subject, Path folder, Path adapter, Progress progress);

    /**
     * Chooses the workspace's chat model and/or embedding model (by name); null leaves one as it
     * is. Administrators and AI engineers only.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when neither is given or a model is of the wrong kind
     * @throws dev.enclave.core.AccessDeniedException when the subject may not choose models
     */
    void use(Workspace workspace, Subject subject, String chatModel, String embeddingModel);

    /**
     * Generates after {@code text}; with {@code chatTemplate} the text is sent as a user message
     * (after {@code system}, when not null) through the model's chat template.
     */
    Generation generate(Workspace workspace, Subject subject, LanguageModel model, String text, String system,
            boolean chatTemplate, GenerationSettings settings, TokenListener listener, Progress progress);

    /**
     * One chat turn: the model's reply to {@code message} after the earlier turns in
     * {@code history}. On success the message (as the model saw it) and the reply are appended to
     * {@code history}, which the caller keeps for the next turn; on failure it is left as it was.
     *
     * @param history the conversation so far as the model saw it (a system message may come first); modified
     * @throws dev.enclave.core.EnclaveException (bad input) when the model has no chat template
     */
    Generation chat(Workspace workspace, Subject subject, LanguageModel model, List<ChatMessage> history,
            String message, GenerationSettings settings, TokenListener listener, Progress progress);

    /**
     * Embeds texts with the model named (a models-folder name, a folder, or the built-in embedder),
     * or with the workspace's embedding model when {@code model} is null.
     *
     * @param pooling {@code cls}, {@code mean}, or null for the model's own
     */
    Embeddings embed(Workspace workspace, Subject subject, String model, String pooling, List<String> texts,
            Progress progress);
}
