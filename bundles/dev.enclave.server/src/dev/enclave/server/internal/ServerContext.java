package dev.enclave.server.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.enclave.cli.CommandLineService;
import dev.enclave.core.Progress;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.server.ServeOptions;
import dev.enclave.server.ServeTokens;

/**
 * What the handlers of one running server share: the workspace, the services, the queues, the
 * resident models (loaded on first use, closed when the server stops; the registry keeps the models that
 * forwarded commands such as {@code ask} open loaded too) and the running requests.
 */
final class ServerContext {
    final Workspace workspace;
    final String osUser;
    final ServeOptions options;
    final ServeTokens tokens;
    final ModelCalls calls;
    final ModelRegistry registry;
    final CommandLineService cli;
    final Supplier<List<PromptFilter>> filters;
    final ModelQueues queues;
    final Set<Progress> running = ConcurrentHashMap.newKeySet();
    private final Map<String, LanguageModel> models = new ConcurrentHashMap<>();
    /** Keeps the models that commands run here open (ask's chat model) loaded between requests. */
    private final ModelRegistry.Residency residency;

    ServerContext(Workspace workspace, String osUser, ServeOptions options, ServeTokens tokens, ModelCalls calls,
            ModelRegistry registry, CommandLineService cli, Supplier<List<PromptFilter>> filters) {
        this.workspace = workspace;
        this.osUser = osUser;
        this.options = options;
        this.tokens = tokens;
        this.calls = calls;
        this.registry = registry;
        this.cli = cli;
        this.filters = filters;
        this.queues = new ModelQueues(options.queuePerModel());
        this.residency = registry.keepResident();
    }

    /** The workspace model of that name, or 404. */
    ModelInfo info(String name) {
        for (ModelInfo m : registry.list(workspace)) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new HttpError(404, "invalid_request_error", "The model '" + name
                + "' does not exist in this workspace; GET /v1/models lists them.", "model");
    }

    /** The resident decoder of that name, loaded (and audited as {@code models.load}) on first use. */
    LanguageModel languageModel(String name, Subject subject) {
        ModelInfo info = info(name);
        if (!ModelInfo.DECODER.equals(info.kind())) {
            throw HttpError.badRequest("The model '" + name + "' is an " + info.kind()
                    + " model; use it with /v1/embeddings.", "model");
        }
        synchronized (models) {
            LanguageModel lm = models.get(name);
            if (lm == null) {
                lm = calls.load(workspace, subject, info.folder(), null, Progress.silent());
                models.put(name, lm);
            }
            return lm;
        }
    }

    /** Text as the workspace's prompt filters let a model see it. */
    String filter(Subject subject, String text) {
        return PromptFilter.applyAll(filters.get(), workspace, subject.name(), text);
    }

    Path root() {
        return workspace.root();
    }

    void cancelAll() {
        running.forEach(Progress::cancel);
    }

    void closeModels() {
        synchronized (models) {
            for (LanguageModel lm : models.values()) {
                try {
                    lm.close();
                } catch (RuntimeException e) {
                    // Closing the others matters more than this one's failure.
                }
            }
            models.clear();
        }
        residency.close();
    }
}
