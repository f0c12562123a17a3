package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.LoraSettings;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.PreferenceRequest;
import dev.enclave.runtime.SftRequest;
import dev.enclave.runtime.StepCheck;
import dev.enclave.runtime.Trainer;
import dev.enclave.runtime.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave train …} to the command line. */
@Component(service = CommandContribution.class)
public final class TrainCommandContribution implements CommandContribution {

    @Reference
    private ModelRegistry registry;
    @Reference
    private Trainer trainer;

    @Override
    public Object createCommand(CliContext context) {
        return new TrainCommand(context, registry, trainer);
    }

    /** {@code enclave train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = { "Fine-tuning: LoRA SFT, preference alignment (DPO), and checking a training step against PEFT.",
                    "微调：LoRA 监督微调、偏好对齐（DPO），及与 PEFT 比对训练步。" })
    static final class TrainCommand {
        private final CliContext ctx;
        private final ModelRegistry registry;
        private final Trainer trainer;

        TrainCommand(CliContext ctx, ModelRegistry registry, Trainer trainer) {
            this.ctx = ctx;
            this.registry = registry;
            this.trainer = trainer;
        }

        @Command(name = "sft", description = { "LoRA supervised fine-tuning; writes a PEFT adapter folder and training.json.",
                "LoRA 监督微调；输出 PEFT 适配器目录与 training.json。" })
        int sft(@Option(names = "--base", required = true, paramLabel = "MODEL") String base,
                @Option(names = "--data", required = true, paramLabel = "TRAIN.jsonl") Path data,
                @Option(names = "--val", paramLabel = "VAL.jsonl") Path val,
                @Option(names = "--out", required = true, paramLabel = "ADAPTER_DIR") Path out,
                @Option(names = "--rank", defaultValue = "8") int rank,
                @Option(names = "--alpha", defaultValue = "16") float alpha,
                @Option(names = "--dropout", defaultValue = "0.05") float dropout,
                @Option(names = "--targets", defaultValue = "q_proj,v_proj", split = ",") List<String> targets,
                @Option(names = "--epochs", defaultValue = "1") int epochs,
                @Option(names = "--lr", defaultValue = "2e-4") float lr,
                @Option(names = "--max-len", defaultValue = "512") int maxLen,
                @Option(names = "--batch-size", defaultValue = "4") int batchSize,
                @Option(names = "--grad-accum", defaultValue = "1") int gradAccum,
                @Option(names = "--seed", defaultValue = "0") long seed,
                @Option(names = "--resume", description = {
                        "Continue from the checkpoint a stopped run left in ADAPTER_DIR/checkpoint.",
                        "从中断的训练在 ADAPTER_DIR/checkpoint 留下的检查点继续。" }) boolean resume) {
            if (rank < 1 || alpha <= 0 || epochs < 1 || lr <= 0 || maxLen < 8 || batchSize < 1 || gradAccum < 1
                    || dropout < 0 || dropout >= 1 || targets.isEmpty()) {
                throw EnclaveException.badInput("Check the training options: --rank ≥ 1, --alpha > 0, --epochs ≥ 1, "
                        + "--lr > 0, --max-len ≥ 8, --batch-size ≥ 1, --grad-accum ≥ 1, 0 ≤ --dropout < 1, "
                        + "--targets not empty.");
            }
            Path baseFolder = registry.resolve(ctx.workspace(), base);
            LoraSettings settings = new LoraSettings(rank, alpha, dropout, targets, epochs, lr, maxLen, seed, batchSize,
                    gradAccum);
            TrainingResult result = trainer.sft(ctx.workspace(), ctx.subject(),
                    new SftRequest(baseFolder, data, val, out, settings, resume), ctx.progress(), null);
            Map<String, Object> r = result.record();
            if (ctx.json()) {
                Map<String, Object> brief = new java.util.LinkedHashMap<>(r);
                brief.remove("loss_curve");
                ctx.out().println(FileIO.COMPACT.toJson(brief));
            } else {
                ctx.out().printf("Trained %s on %s examples: loss %.4f -> %.4f, %.0f tokens/s; adapter in %s%n",
                        baseFolder.getFileName(), r.get("examples"), r.get("first_loss"), r.get("final_loss"),
                        r.get("tokens_per_s"), out);
            }
            return result.cancelled() ? 1 : 0;
        }

        @Command(name = "dpo", description = {
                "Preference alignment (DPO) on LoRA: PREFS.jsonl holds {\"prompt\" or \"messages\", \"chosen\", "
                        + "\"rejected\"}; the reference is the base with the adapter off. Writes a PEFT adapter folder "
                        + "and training.json (loss, reward margin and accuracy per step).",
                "LoRA 偏好对齐（DPO）：PREFS.jsonl 每行含 prompt（或 messages）、chosen、rejected；参考模型为关闭适配器的基座。"
                        + "输出 PEFT 适配器目录与 training.json（每步损失、奖励间隔与奖励准确率）。" })
        int dpo(@Option(names = "--base", required = true, paramLabel = "MODEL") String base,
                @Option(names = "--data", required = true, paramLabel = "PREFS.jsonl") Path data,
                @Option(names = "--out", required = true, paramLabel = "ADAPTER_DIR") Path out,
                @Option(names = "--beta", defaultValue = "0.1") double beta,
                @Option(names = "--rank", defaultValue = "8") int rank,
                @Option(names = "--alpha", defaultValue = "16") float alpha,
                @Option(names = "--targets", defaultValue = "q_proj,v_proj", split = ",") List<String> targets,
                @Option(names = "--epochs", defaultValue = "1") int epochs,
                @Option(names = "--lr", defaultValue = "5e-5") float lr,
                @Option(names = "--max-len", defaultValue = "512") int maxLen,
                @Option(names = "--seed", defaultValue = "0") long seed) {
            if (!(beta > 0) || rank < 1 || alpha <= 0 || epochs < 1 || lr <= 0 || maxLen < 8 || targets.isEmpty()) {
                throw EnclaveException.badInput("Check the training options: --beta > 0, --rank ≥ 1, --alpha > 0, "
                        + "--epochs ≥ 1, --lr > 0, --max-len ≥ 8, --targets not empty.");
            }
            if (!java.nio.file.Files.isRegularFile(data)) {
                throw EnclaveException.badInput(data + ": no such file.");
            }
            Path baseFolder = registry.resolve(ctx.workspace(), base);
            LoraSettings settings = new LoraSettings(rank, alpha, 0f, targets, epochs, lr, maxLen, seed, 4, 1);
            TrainingResult result = trainer.align(ctx.workspace(), ctx.subject(), new PreferenceRequest(
                    PreferenceRequest.DPO, baseFolder, data, out, settings, beta), ctx.progress(), null);
            Map<String, Object> r = result.record();
            if (ctx.json()) {
                Map<String, Object> brief = new java.util.LinkedHashMap<>(r);
                brief.remove("loss_curve");
                brief.remove("reward_margin_curve");
                brief.remove("reward_accuracy_curve");
                ctx.out().println(FileIO.COMPACT.toJson(brief));
            } else {
                ctx.out().printf("Aligned %s on %s pairs: loss %.4f -> %.4f, reward accuracy %.2f, margin %.4f; "
                        + "adapter in %s%n", baseFolder.getFileName(), r.get("examples"), r.get("first_loss"),
                        r.get("final_loss"), r.get("final_reward_accuracy"), r.get("final_reward_margin"), out);
            }
            return result.cancelled() ? 1 : 0;
        }

        @Command(name = "check", description = { "Run the adapter folder's reference training step (loss, gradients, "
                + "one SGD step) and compare.", "运行适配器目录中的参考训练步并比对。" })
        int check(@Parameters(paramLabel = "ADAPTER_DIR") Path adapter,
                @Option(names = "--base", paramLabel = "BASE_DIR") Path base) {
            StepCheck check = trainer.checkStep(ctx.workspace(), ctx.subject(), adapter, base, ctx.progress());
            Map<String, Object> r = check.record();
            if (ctx.json()) {
                ctx.out().println(FileIO.COMPACT.toJson(r));
            } else {
                ctx.out().printf("loss %.6f (reference %.6f), max relative gradient difference %.2e, "
                        + "loss after one SGD step %.6f (reference %.6f): %s%n", r.get("loss"), r.get("loss_ref"),
                        r.get("max_rel_grad_diff"), r.get("loss_after_step"), r.get("loss_after_step_ref"),
                        Boolean.TRUE.equals(r.get("ok")) ? "OK" : "FAILED");
            }
            return check.ok() ? 0 : 1;
        }
    }
}
