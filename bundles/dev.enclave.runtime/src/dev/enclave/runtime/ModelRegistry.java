package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The models a workspace has (a folder of Hugging Face model folders,
 * {@code <data>/models} unless the {@code models.folder} setting names another)
 * and the way to load them. An OSGi service.
 */
public interface ModelRegistry {

    /** Name of the embedding model that ships with the product: bge-small-zh-v1.5, quantised, on ONNX Runtime. */
    String BUILT_IN_EMBEDDER = "bge-small-zh-v1.5";

    /** Workspace setting naming the model that serves chat (a name in the models folder, or a folder). */
    String CHAT_MODEL_SETTING = "models.chat";

    /** Workspace setting naming the embedding model; unset means {@link #BUILT_IN_EMBEDDER}. */
    String EMBEDDING_MODEL_SETTING = "models.embeddings";

    /** Workspace setting: seconds to wait for a remote model server to accept a connection (default 10). */
    String REMOTE_CONNECT_TIMEOUT_SETTING = "models.remote.connectTimeoutSeconds";

    /**
     * Workspace setting: seconds to wait for a remote model server's answer to begin, and between two
     * lines of a streamed answer (default 300).
     */
    String REMOTE_READ_TIMEOUT_SETTING = "models.remote.readTimeoutSeconds";

    /**
     * Workspace setting: how often a remote call is tried again after a connection error or an HTTP
     * 429/5xx answer (default 3), waiting {@link #REMOTE_BACKOFF_SETTING} milliseconds, then twice as
     * long each time.
     */
    String REMOTE_RETRIES_SETTING = "models.remote.retries";

    /** Workspace setting: milliseconds before the first retry of a remote call (default 500). */
    String REMOTE_BACKOFF_SETTING = "models.remote.backoffMillis";

    /** The workspace's models folder, created when missing. */
    Path modelsFolder(Workspace workspace);

    /** The models in the models folder, by name. */
    List<ModelInfo> list(Workspace workspace);

    /**
     * A model folder by name (in the models folder) or by path.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming what was looked for
     */
    Path resolve(Workspace workspace, String nameOrFolder);

    /**
     * Reads a folder's config and files without loading the weights.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the file and the problem
     */
    ModelInfo inspect(Path folder);

    /**
     * Copies a model folder into the models folder and records every file's SHA-256 in
     * its manifest ({@code enclave-model.json}). Administrators and AI engineers only.
     */
    ModelInfo add(Workspace workspace, Subject subject, Path source, String name, Progress progress);

    /**
     * Adds a Hugging Face decoder folder as a quantized GGUF copy ({@code quantize}: {@code q8_0},
     * {@code q4_0} or {@code q4_k}) that llama.cpp and other GGUF readers can load too; the
     * tokenizer files are copied beside it, and the manifest records the new files' hashes, the
     * source folder and its files' hashes. With {@code quantize} null this is {@link #add}.
     *
     * @throws dev.enclave.core.EnclaveException of kind bad input for an unknown type, a source
     *                                           that is not a supported decoder, or damaged weights
     */
    default ModelInfo add(Workspace workspace, Subject subject, Path source, String name, String quantize,
            Progress progress) {
        if (quantize == null) {
            return add(workspace, subject, source, name, progress);
        }
        throw dev.enclave.core.EnclaveException.badInput("This model registry cannot quantize (" + quantize + ").");
    }

    /**
     * Registers a model served by an OpenAI-compatible server (vLLM, DJL Serving, llama.cpp's
     * server, another Enclave's {@code serve}) under {@code name}: a folder in the models folder
     * holding only the manifest, which records the URL, the remote model id, the kind and the
     * token file's path (never the token). The server is asked for its models first, so a wrong
     * URL, token or model id is refused here. Administrators and AI engineers only.
     *
     * @param url       the API's base URL, e.g. {@code http://host:8080/v1}
     * @param remoteId  the model's id on that server
     * @param tokenFile a file holding the bearer token, readable by its owner only; or null
     * @param kind      {@code chat} or {@code embedding}
     * @throws dev.enclave.core.EnclaveException (bad input) naming the input that is wrong, or the
     *                                           URL when the server cannot be reached
     */
    default ModelInfo addRemote(Workspace workspace, Subject subject, String name, String url, String remoteId,
            Path tokenFile, String kind) {
        throw dev.enclave.core.EnclaveException.badInput("This model registry cannot add remote models.");
    }

    /** The remote model a models-folder entry registers, or empty for a local model. */
    default java.util.Optional<RemoteModel> remote(Path folder) {
        return java.util.Optional.empty();
    }

    /**
     * Loads a decoder model folder, or opens a remote chat model registered in {@code workspace}:
     * its calls are audited there, and its prompts pass the workspace's
     * {@link dev.enclave.core.PromptFilter}s before they leave the process.
     */
    default LanguageModel openLanguageModel(Workspace workspace, Path folder, Path adapter, Progress progress) {
        return openLanguageModel(folder, adapter, progress);
    }

    /** Loads an encoder model folder, or opens a remote embedding model registered in {@code workspace}. */
    default EmbeddingModel openEmbeddingModel(Workspace workspace, Path folder, String pooling, Progress progress) {
        return openEmbeddingModel(folder, pooling, progress);
    }

    /**
     * Loads a decoder model folder. A remote model's folder is refused here: open it with
     * {@link #openLanguageModel(Workspace, Path, Path, Progress)}.
     */
    LanguageModel openLanguageModel(Path folder, Progress progress);

    /**
     * Loads a decoder model folder with a PEFT LoRA adapter folder ({@code adapter_config.json},
     * {@code adapter_model.safetensors}) merged into its weights as they load, so base and
     * adapter are served together without writing a merged copy; {@code adapter} null loads the
     * base alone.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the adapter does not fit the base
     */
    LanguageModel openLanguageModel(Path folder, Path adapter, Progress progress);

    /** Loads an encoder model folder; {@code pooling} is {@code cls}, {@code mean} or null for the model's own. */
    EmbeddingModel openEmbeddingModel(Path folder, String pooling, Progress progress);

    /**
     * The embedding model named (a models-folder name, a folder, or {@link #BUILT_IN_EMBEDDER}), or when
     * {@code nameOrFolder} is null the workspace's embedding model ({@link #EMBEDDING_MODEL_SETTING}).
     */
    EmbeddingModel openEmbedder(Workspace workspace, String nameOrFolder, String pooling, Progress progress);

    /**
     * Loads a cross-encoder folder ({@code BertForSequenceClassification} or
     * {@code XLMRobertaForSequenceClassification} with one or two labels, e.g. bge-reranker) named as a
     * models-folder name or a folder.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) naming the model when it is unknown or not a reranker
     */
    Reranker openReranker(Workspace workspace, String nameOrFolder, Progress progress);

    /**
     * The workspace's chat model ({@link #CHAT_MODEL_SETTING}).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when none is set
     */
    LanguageModel openChatModel(Workspace workspace, Progress progress);

    /**
     * Keeps local decoder models opened through {@link #openLanguageModel(Workspace, Path, Path, Progress)} (and so
     * {@link #openChatModel}) loaded after their callers close them, until the returned handle is closed: a
     * resident process such as {@code enclave serve} pays a model's load once, not per request. A model re-added
     * or an adapter retrained is loaded afresh. Handles nest; residency ends with the last one, and a model still
     * in use is closed when its last caller closes it.
     */
    Residency keepResident();

    /** A hold on residency ({@link #keepResident()}). */
    interface Residency extends AutoCloseable {
        /** How many models are loaded and kept now. */
        int loaded();

        @Override
        void close();
    }

    /**
     * Runs the folder's reference cases ({@code reference.json} + {@code reference.safetensors}).
     * For a PEFT LoRA adapter folder the adapter is applied to {@code base}, or when that is null to
     * its {@code base_model_name_or_path} resolved against the adapter folder and its parents.
     */
    ModelCheck check(Path folder, Path base, Progress progress);
}
