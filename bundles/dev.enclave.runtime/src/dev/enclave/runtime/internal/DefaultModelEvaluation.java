package dev.enclave.runtime.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.EvaluationRequest;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.PreferenceScore;
import dev.enclave.runtime.Scorecard;

/** The {@link ModelEvaluation} on {@link ModelEvaluator}, auditing every evaluation. */
@Component(service = ModelEvaluation.class)
public final class DefaultModelEvaluation implements ModelEvaluation {

    @Override
    public Scorecard evaluate(Workspace workspace, Subject subject, EvaluationRequest r, Progress progress) {
        if (r.maxLength() < 8 || r.maxNewTokens() < 1 || r.limit() < 0) {
            throw EnclaveException.badInput("Cannot score: records need at least 8 tokens, answers at least 1 new "
                    + "token, and the number of answered records cannot be negative.");
        }
        if (r.data() == null || !Files.isRegularFile(r.data())) {
            throw EnclaveException.badInput("The test set " + r.data() + " is not a file.");
        }
        Map<String, Object> card = ModelEvaluator.evaluate(r.model(), r.adapter(), r.data(), r.maxLength(),
                r.maxNewTokens(), r.limit(), progress);
        Path file = ModelEvaluator.save(workspace, card);
        workspace.auditLog().append(subject.name(), "eval.model", String.valueOf(card.get("model")),
                AuditEntry.SUCCESS, "model version " + card.get("model_version") + ", data sha256 "
                        + card.get("data_sha256") + ", loss " + card.get("loss"));
        return of(card, file);
    }

    @Override
    public PreferenceScore preference(Workspace workspace, Subject subject, Path model, Path adapter, Path data,
            int maxLength, Progress progress) {
        if (maxLength < 8) {
            throw EnclaveException.badInput("Cannot score preferences: records need at least 8 tokens.");
        }
        if (data == null || !Files.isRegularFile(data)) {
            throw EnclaveException.badInput("The preference data " + data + " is not a file.");
        }
        Map<String, Object> card = DpoTrainer.evaluate(model, adapter, data, maxLength, progress);
        Path file = ModelEvaluator.save(workspace, card);
        workspace.auditLog().append(subject.name(), "eval.preference", String.valueOf(card.get("model")),
                AuditEntry.SUCCESS, "model version " + card.get("model_version") + ", data sha256 "
                        + card.get("data_sha256") + ", pairs " + card.get("pairs") + ", reward accuracy "
                        + card.get("reward_accuracy"));
        return new PreferenceScore(((Number) card.get("pairs")).intValue(),
                ((Number) card.get("reward_accuracy")).doubleValue(), ((Number) card.get("mean_margin")).doubleValue(),
                file, card);
    }

    @Override
    public List<Scorecard> scorecards(Workspace workspace) {
        return ModelEvaluator.list(workspace).stream().map(c -> of(c, Path.of(String.valueOf(c.get("file"))))).toList();
    }

    @Override
    public Scorecard scorecard(Workspace workspace, String fileOrVersion) {
        Map<String, Object> c = ModelEvaluator.find(workspace, fileOrVersion);
        Object file = c.get("file");
        return of(c, file != null ? Path.of(file.toString())
                : Files.isRegularFile(Path.of(fileOrVersion)) ? Path.of(fileOrVersion) : null);
    }

    /** A scorecard record over the map saved (or listed, with its {@code file}). */
    static Scorecard of(Map<String, Object> c, Path file) {
        return new Scorecard(String.valueOf(c.get("model_version")), String.valueOf(c.get("model")),
                Path.of(String.valueOf(c.get("data"))), String.valueOf(c.get("data_sha256")), number(c, "loss"),
                number(c, "perplexity"), nullable(c, "exact_match"), nullable(c, "token_f1"), (int) number(c, "records"),
                (int) number(c, "answered"), String.valueOf(c.get("created")), file, new LinkedHashMap<>(c));
    }

    private static double number(Map<String, Object> c, String key) {
        return c.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Double nullable(Map<String, Object> c, String key) {
        return c.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
