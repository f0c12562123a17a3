package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Hashes;
import dev.enclave.core.Progress;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.Embeddings;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.TokenListener;

/** The {@link ModelCalls} over the {@link ModelRegistry}, filtering prompts and auditing every call. */
@Component(service = ModelCalls.class)
public final class DefaultModelCalls implements ModelCalls {
    @Reference
    private ModelRegistry registry;
    private final List<PromptFilter> filters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFilter(PromptFilter filter) {
        filters.add(filter);
    }

    void removeFilter(PromptFilter filter) {
        filters.remove(filter);
    }

    @Override
    public LanguageModel load(Workspace workspace, Subject subject, Path folder, Path adapter, Progress progress) {
        LanguageModel lm = registry.openLanguageModel(workspace, folder, adapter, progress);
        workspace.auditLog().append(subject.name(), "models.load", lm.info().name(), AuditEntry.SUCCESS,
                "model version " + lm.info().version() + endpoint(lm));
        return lm;
    }

    @Override
    public void use(Workspace workspace, Subject subject, String chat, String embeddings) {
        if (chat == null && embeddings == null) {
            throw EnclaveException.badInput("Name a chat model or an embedding model to use.");
        }
        DefaultTrainer.checkMayTrain(workspace, subject, "choose the workspace's models");
        if (chat != null) {
            ModelInfo info = registry.inspect(registry.resolve(workspace, chat));
            if (!info.kind().equals(ModelInfo.DECODER)) {
                throw EnclaveException.badInput(chat + " is a " + info.architecture() + ", not a chat model.");
            }
        }
        if (embeddings != null && !embeddings.equals(ModelRegistry.BUILT_IN_EMBEDDER)) {
            ModelInfo info = registry.inspect(registry.resolve(workspace, embeddings));
            if (!info.kind().equals(ModelInfo.ENCODER)) {
                throw EnclaveException.badInput(embeddings + " is a " + info.architecture()
                        + ", not an embedding model.");
            }
        }
        if (chat != null) {
            workspace.settings().put(ModelRegistry.CHAT_MODEL_SETTING, chat);
        }
        if (embeddings != null) {
            workspace.settings().put(ModelRegistry.EMBEDDING_MODEL_SETTING, embeddings);
        }
        workspace.auditLog().append(subject.name(), "models.use", "", AuditEntry.SUCCESS,
                "chat=" + chat + " embeddings=" + embeddings);
    }

    @Override
    public Generation generate(Workspace workspace, Subject subject, LanguageModel lm, String text, String system,
            boolean chatTemplate, GenerationSettings settings, TokenListener listener, Progress progress) {
        // The system message first, then the text: filters that record what they changed do so in reading order.
        String systemSeen = system == null ? null : asSeenByModels(workspace, subject, system);
        String shown = asSeenByModels(workspace, subject, text);
        String input = shown;
        if (chatTemplate) {
            List<ChatMessage> messages = new ArrayList<>();
            if (systemSeen != null) {
                messages.add(ChatMessage.system(systemSeen));
            }
            messages.add(ChatMessage.user(shown));
            input = lm.chatPrompt(messages);
        }
        Generation g = lm.generate(lm.encode(input), settings, listener, progress);
        workspace.auditLog().append(subject.name(), "model.generate", lm.info().name(), AuditEntry.SUCCESS,
                "model version " + lm.info().version() + ", prompt hmac-sha256 " + Hashes.keyed(workspace, text) + ", "
                        + g.tokenIds().size() + " new tokens, " + g.stopReason() + endpoint(lm));
        return g;
    }

    @Override
    public Generation chat(Workspace workspace, Subject subject, LanguageModel lm, List<ChatMessage> history,
            String message, GenerationSettings settings, TokenListener listener, Progress progress) {
        if (!lm.hasChatTemplate()) {
            throw EnclaveException.badInput(lm.info().name()
                    + " has no chat template; use plain completion instead of chat.");
        }
        ChatMessage user = ChatMessage.user(asSeenByModels(workspace, subject, message));
        List<ChatMessage> turns = new ArrayList<>(history);
        turns.add(user);
        Generation g = lm.generate(lm.encode(lm.chatPrompt(turns)), settings, listener, progress);
        history.add(user);
        history.add(ChatMessage.assistant(g.text()));
        workspace.auditLog().append(subject.name(), "model.chat", lm.info().name(), AuditEntry.SUCCESS,
                "model version " + lm.info().version() + ", message hmac-sha256 " + Hashes.keyed(workspace, message) + ", "
                        + g.tokenIds().size() + " new tokens" + endpoint(lm));
        return g;
    }

    @Override
    public Embeddings embed(Workspace workspace, Subject subject, String model, String pooling, List<String> texts,
            Progress progress) {
        try (EmbeddingModel em = registry.openEmbedder(workspace, model, pooling, Progress.silent())) {
            float[][] vectors = em.embed(texts);
            workspace.auditLog().append(subject.name(), "model.embed", em.name(), AuditEntry.SUCCESS,
                    texts.size() + " texts");
            return new Embeddings(em.name(), em.dimension(), vectors);
        }
    }

    /** For a remote model, the endpoint its calls went to (for the audit detail); else empty. */
    private String endpoint(LanguageModel lm) {
        return lm instanceof RemoteLanguageModel
                ? registry.remote(lm.info().folder()).map(r -> ", endpoint " + r.endpoint()).orElse("") : "";
    }

    /** {@code text} as the workspace's prompt filters let a model see it. */
    String asSeenByModels(Workspace workspace, Subject subject, String text) {
        return PromptFilter.applyAll(filters, workspace, subject.name(), text);
    }
}
