package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Roles;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.LoraSettings;
import dev.enclave.runtime.PreferenceRequest;
import dev.enclave.runtime.SftRequest;
import dev.enclave.runtime.StepCheck;
import dev.enclave.runtime.Trainer;
import dev.enclave.runtime.TrainingResult;

/** The {@link Trainer} on {@link LoraTrainer}, auditing every run. */
@Component(service = Trainer.class)
public final class DefaultTrainer implements Trainer {

    @Override
    public TrainingResult sft(Workspace workspace, Subject subject, SftRequest request, Progress progress,
            DoubleConsumer onLoss) {
        checkMayTrain(workspace, subject, "fine-tune models");
        LoraSettings s = request.settings();
        check(s);
        Map<String, Object> r = LoraTrainer.train(request.base(), request.data(), request.validation(), request.out(),
                new LoraTrainer.Settings(s.rank(), s.alpha(), s.dropout(), s.targets(), s.epochs(), s.learningRate(),
                        s.maxLength(), s.seed(), s.batchSize(), s.gradientAccumulation()),
                progress, onLoss, request.resume());
        workspace.auditLog().append(subject.name(), "train.sft", request.out().toString(), AuditEntry.SUCCESS,
                "base " + request.base().getFileName() + ", data sha256 " + r.get("data_sha256") + ", final loss "
                        + r.get("final_loss"));
        return result(request.out(), r);
    }

    @Override
    public TrainingResult align(Workspace workspace, Subject subject, PreferenceRequest request, Progress progress,
            DoubleConsumer onLoss) {
        checkMayTrain(workspace, subject, "fine-tune models");
        if (!PreferenceRequest.DPO.equals(request.method())) {
            throw EnclaveException.badInput("Cannot align with '" + request.method() + "': the methods are "
                    + PreferenceRequest.DPO + ".");
        }
        if (!(request.beta() > 0)) {
            throw EnclaveException.badInput("Cannot align: beta must be above 0 (0.1 is usual).");
        }
        LoraSettings s = request.settings();
        check(s);
        Map<String, Object> r = DpoTrainer.train(request.base(), request.data(), request.out(),
                new LoraTrainer.Settings(s.rank(), s.alpha(), 0f, s.targets(), s.epochs(), s.learningRate(),
                        s.maxLength(), s.seed(), s.batchSize(), s.gradientAccumulation()),
                request.beta(), progress, onLoss, request.resume());
        workspace.auditLog().append(subject.name(), "train.dpo", request.out().toString(), AuditEntry.SUCCESS,
                "base " + request.base().getFileName() + ", data sha256 " + r.get("data_sha256") + ", final loss "
                        + r.get("final_loss") + ", final reward accuracy " + r.get("final_reward_accuracy"));
        return result(TrainingResult.DPO, request.out(), r);
    }

    static TrainingResult result(Path out, Map<String, Object> r) {
        return result(TrainingResult.SFT, out, r);
    }

    @SuppressWarnings("unchecked")
    static TrainingResult result(String method, Path out, Map<String, Object> r) {
        return new TrainingResult(method, out, ((Number) r.get("examples")).intValue(),
                (Double) r.get("first_loss"), (Double) r.get("final_loss"), (List<Double>) r.get("loss_curve"),
                (List<Double>) r.get("validation_loss"), ((Number) r.get("tokens_per_s")).doubleValue(),
                (String) r.get("data_sha256"), Boolean.TRUE.equals(r.get("cancelled")), r);
    }

    /** The settings' limits, in the words of the fine-tuning form. */
    static void check(LoraSettings s) {
        String wrong = s.rank() < 1 ? "the LoRA rank must be at least 1"
                : s.alpha() <= 0 ? "the LoRA alpha must be above 0"
                : s.epochs() < 1 ? "train for at least one epoch"
                : !(s.learningRate() > 0) ? "the learning rate must be above 0"
                : s.maxLength() < 8 ? "the maximum length must be at least 8 tokens"
                : s.batchSize() < 1 ? "the batch size must be at least 1"
                : s.gradientAccumulation() < 1 ? "gradient accumulation must be at least 1 step"
                : s.dropout() < 0 || s.dropout() >= 1 ? "the dropout must be at least 0 and below 1"
                : s.targets().isEmpty() ? "no target modules given for the adapters" : null;
        if (wrong != null) {
            throw EnclaveException.badInput("Cannot fine-tune: " + wrong + ".");
        }
    }

    static void checkMayTrain(Workspace workspace, Subject subject, String operation) {
        if (!subject.isAdmin() && !subject.hasRole(Roles.AI_ENGINEER)) {
            workspace.accessPolicy().checkRole(subject, Roles.AI_ENGINEER, operation);
        }
    }

    @Override
    public StepCheck checkStep(Workspace workspace, Subject subject, Path adapter, Path base, Progress progress) {
        Path a = adapter.toAbsolutePath().normalize();
        Path b = base == null ? null : base.toAbsolutePath().normalize();
        Map<String, Object> r = LoraTrainCheck.run(a, b);
        if (!finite(r) || !Boolean.TRUE.equals(r.get("ok"))) {
            // Known, not yet explained: in CI the first autograd pass of a fresh JVM has twice
            // given a wrong gradient (once NaN, once a few huge values) while the forward loss was
            // exact; over a hundred runs here, idle and loaded, never did. The step is run once
            // more; a second failure is a real disagreement and is reported as such.
            progress.subTask("The reference step disagreed (" + r + "); running it once more.");
            workspace.auditLog().append(subject.name(), "train.check", adapter.toString(), AuditEntry.FAILURE,
                    "first pass: " + r);
            r = LoraTrainCheck.run(a, b);
            if (!finite(r)) {
                throw EnclaveException.failure("The reference training step of " + adapter
                        + " gave a non-finite loss or gradient twice: " + r, null);
            }
        }
        workspace.auditLog().append(subject.name(), "train.check", adapter.toString(), AuditEntry.SUCCESS,
                "ok=" + r.get("ok"));
        return new StepCheck(num(r, "loss"), num(r, "loss_ref"), num(r, "max_rel_grad_diff"), num(r, "loss_after_step"),
                num(r, "loss_after_step_ref"), Boolean.TRUE.equals(r.get("ok")), r);
    }

    private static double num(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static boolean finite(Map<String, Object> r) {
        return r.values().stream().noneMatch(v -> v instanceof Double d && !Double.isFinite(d));
    }
}
