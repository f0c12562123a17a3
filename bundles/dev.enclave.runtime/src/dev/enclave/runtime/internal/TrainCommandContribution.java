package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.internal.Files2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave train …} to the command line. */
@Component(service = CommandContribution.class)
public final class TrainCommandContribution implements CommandContribution {

    @Override
    public Object createCommand(CliContext context) {
        return new TrainCommand(context);
    }

    /** {@code enclave train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = { "Fine-tuning: check a LoRA training step against PEFT.", "微调：与 PEFT 比对 LoRA 训练步。" })
    static final class TrainCommand {
        private final CliContext ctx;

        TrainCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        @Command(name = "check", description = { "Run the adapter folder's reference training step (loss, gradients, "
                + "one SGD step) and compare.", "运行适配器目录中的参考训练步并比对。" })
        int check(@Parameters(paramLabel = "ADAPTER_DIR") Path adapter,
                @Option(names = "--base", paramLabel = "BASE_DIR") Path base) {
            Map<String, Object> r = LoraTrainCheck.run(adapter.toAbsolutePath().normalize(),
                    base == null ? null : base.toAbsolutePath().normalize());
            ctx.workspace().auditLog().append(ctx.subject().name(), "train.check", adapter.toString(),
                    AuditEntry.SUCCESS, "ok=" + r.get("ok"));
            if (ctx.json()) {
                ctx.out().println(Files2.COMPACT.toJson(r));
            } else {
                ctx.out().printf("loss %.6f (reference %.6f), max relative gradient difference %.2e, "
                        + "loss after one SGD step %.6f (reference %.6f): %s%n", r.get("loss"), r.get("loss_ref"),
                        r.get("max_rel_grad_diff"), r.get("loss_after_step"), r.get("loss_after_step_ref"),
                        Boolean.TRUE.equals(r.get("ok")) ? "OK" : "FAILED");
            }
            return Boolean.TRUE.equals(r.get("ok")) ? 0 : 1;
        }
    }
}
