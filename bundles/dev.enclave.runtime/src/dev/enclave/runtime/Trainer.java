package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Fine-tunes the workspace's decoder models: LoRA supervised fine-tuning and preference alignment (DPO), on the runtime's
 * own autograd (CPU). An OSGi service; every run is appended to the workspace's audit log by the
 * service ({@code train.sft}, {@code train.dpo}, {@code train.check}), so callers never audit it themselves.
 *
 * <p>Runs are long (seconds to hours) and block the calling thread; call from a job or worker
 * thread. Cancel through {@link Progress#cancel()} from any thread: the run stops after the
 * current step, writes a checkpoint and returns a result with {@link TrainingResult#cancelled()}.
 * Only administrators and AI engineers may train.
 */
public interface Trainer {

    /**
     * LoRA supervised fine-tuning: loss on the answer tokens only, AdamW, the adapter written as a
     * PEFT folder with {@code training.json}.
     *
     * @param onLoss receives each step's training loss on the training thread, or null
     * @throws dev.enclave.core.EnclaveException (bad input) naming the setting or data that is wrong,
     *         e.g. when no example is usable or a resumed run's checkpoint does not match
     * @throws dev.enclave.core.AccessDeniedException when the subject may not fine-tune models
     */
    TrainingResult sft(Workspace workspace, Subject subject, SftRequest request, Progress progress,
            DoubleConsumer onLoss);

    /**
     * Preference alignment of LoRA adapters ({@link PreferenceRequest#DPO}): the loss on the
     * responses' tokens only, the reference being the base with the adapter switched off (no second
     * copy of the weights); the adapter written as a PEFT folder with {@code training.json} (loss,
     * reward margin and reward accuracy per step). Audited as {@code train.dpo}.
     *
     * @param onLoss receives each step's loss on the training thread, or null
     * @throws dev.enclave.core.EnclaveException (bad input) for an unknown method, a setting out of
     *         range, or data without a usable pair
     * @throws dev.enclave.core.AccessDeniedException when the subject may not fine-tune models
     */
    TrainingResult align(Workspace workspace, Subject subject, PreferenceRequest request, Progress progress,
            DoubleConsumer onLoss);

    /**
     * Runs the reference training step that a PEFT adapter folder carries ({@code reference.json})
     * and compares; a first disagreement is recorded and the step run once more.
     *
     * @param base the base model folder, or null for the adapter's own {@code base_model_name_or_path}
     * @throws dev.enclave.core.EnclaveException when the step gives a non-finite loss or gradient twice
     */
    StepCheck checkStep(Workspace workspace, Subject subject, Path adapter, Path base, Progress progress);
}
