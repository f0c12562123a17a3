package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave train …} to the command line. */
@Component(service = CommandContribution.class)
public final class TrainCommandContribution implements CommandContribution {

    private dev.enclave.runtime.ModelRegistry registry;

    @org.osgi.service.component.annotations.Reference
    void setRegistry(dev.enclave.runtime.ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object createCommand(CliContext context) {
        return new TrainCommand(context, registry);
    }

    /** {@code enclave train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = { "Fine-tuning: LoRA SFT, and checking a training step against PEFT.",
                    "微调：LoRA 监督微调，及与 PEFT 比对训练步。" })
    static final class TrainCommand {
        private final CliContext ctx;
        private final dev.enclave.runtime.ModelRegistry registry;

        TrainCommand(CliContext ctx, dev.enclave.runtime.ModelRegistry registry) {
            this.ctx = ctx;
            this.registry = registry;
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
            var subject = ctx.subject();
            if (!subject.isAdmin() && !subject.hasRole(dev.enclave.core.Roles.AI_ENGINEER)) {
                ctx.workspace().accessPolicy().checkRole(subject, dev.enclave.core.Roles.AI_ENGINEER, "fine-tune models");
            }
            Path baseFolder = registry.resolve(ctx.workspace(), base);
            LoraTrainer.Settings settings = new LoraTrainer.Settings(rank, alpha, dropout, targets, epochs, lr, maxLen,
                    seed, batchSize, gradAccum);
            Map<String, Object> r = LoraTrainer.train(baseFolder, data, val, out, settings, ctx.progress(), null, resume);
            ctx.workspace().auditLog().append(subject.name(), "train.sft", out.toString(), AuditEntry.SUCCESS,
                    "base " + baseFolder.getFileName() + ", data sha256 " + r.get("data_sha256") + ", final loss "
                            + r.get("final_loss"));
            if (ctx.json()) {
                Map<String, Object> brief = new java.util.LinkedHashMap<>(r);
                brief.remove("loss_curve");
                ctx.out().println(FileIO.COMPACT.toJson(brief));
            } else {
                ctx.out().printf("Trained %s on %s examples: loss %.4f -> %.4f, %.0f tokens/s; adapter in %s%n",
                        baseFolder.getFileName(), r.get("examples"), r.get("first_loss"), r.get("final_loss"),
                        r.get("tokens_per_s"), out);
            }
            return Boolean.TRUE.equals(r.get("cancelled")) ? 1 : 0;
        }

        @Command(name = "check", description = { "Run the adapter folder's reference training step (loss, gradients, "
                + "one SGD step) and compare.", "运行适配器目录中的参考训练步并比对。" })
        int check(@Parameters(paramLabel = "ADAPTER_DIR") Path adapter,
                @Option(names = "--base", paramLabel = "BASE_DIR") Path base) {
            Map<String, Object> r = LoraTrainCheck.run(adapter.toAbsolutePath().normalize(),
                    base == null ? null : base.toAbsolutePath().normalize());
            if (!finite(r) || !Boolean.TRUE.equals(r.get("ok"))) {
                // Known, not yet explained: in CI the first autograd pass of a fresh JVM has twice
                // given a wrong gradient (once NaN, once a few huge values) while the forward loss was
                // exact; over a hundred runs here, idle and loaded, never did. The step is run once
                // more; a second failure is a real disagreement and is reported as such.
                ctx.err().println("enclave: the reference step disagreed (" + r + "); running it once more.");
                ctx.workspace().auditLog().append(ctx.subject().name(), "train.check", adapter.toString(),
                        AuditEntry.FAILURE, "first pass: " + r);
                r = LoraTrainCheck.run(adapter.toAbsolutePath().normalize(),
                        base == null ? null : base.toAbsolutePath().normalize());
                if (!finite(r)) {
                    throw EnclaveException.failure("The reference training step of " + adapter
                            + " gave a non-finite loss or gradient twice: " + r, null);
                }
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "train.check", adapter.toString(),
                    AuditEntry.SUCCESS, "ok=" + r.get("ok"));
            if (ctx.json()) {
                ctx.out().println(FileIO.COMPACT.toJson(r));
            } else {
                ctx.out().printf("loss %.6f (reference %.6f), max relative gradient difference %.2e, "
                        + "loss after one SGD step %.6f (reference %.6f): %s%n", r.get("loss"), r.get("loss_ref"),
                        r.get("max_rel_grad_diff"), r.get("loss_after_step"), r.get("loss_after_step_ref"),
                        Boolean.TRUE.equals(r.get("ok")) ? "OK" : "FAILED");
            }
            return Boolean.TRUE.equals(r.get("ok")) ? 0 : 1;
        }
    
        private static boolean finite(Map<String, Object> r) {
            return r.values().stream().noneMatch(v -> v instanceof Double d && !Double.isFinite(d));
        }
}
}
