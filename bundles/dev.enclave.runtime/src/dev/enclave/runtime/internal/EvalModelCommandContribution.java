package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.EvaluationRequest;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.PreferenceScore;
import dev.enclave.runtime.Scorecard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code enclave eval model}: a model version's scorecard on a test set, saved in the workspace,
 * optionally side by side with an earlier one ({@code --compare VERSION}).
 */
@Component(service = CommandContribution.class)
public final class EvalModelCommandContribution implements CommandContribution {
    @Reference
    private ModelRegistry registry;
    @Reference
    private ModelEvaluation evaluation;

    @Override
    public String parent() {
        return "eval";
    }

    @Override
    public Object createCommand(CliContext context) {
        return new EvalModel(context, registry, evaluation);
    }

    /** Metrics shown side by side. */
    static final List<String> METRICS = List.of("loss", "perplexity", "exact_match", "token_f1");

    @Command(name = "model", description = {
            "Score a model (optionally with a LoRA adapter) on a test set: loss, perplexity, exact match, token F1; "
                    + "the scorecard is saved in the workspace.",
            "在测试集上评估模型（可加 LoRA 适配器）：损失、困惑度、精确匹配、词元 F1；评分卡保存在工作区。" })
    static final class EvalModel implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        private final ModelRegistry registry;
        private final ModelEvaluation evaluation;

        @Option(names = "--model", required = true, paramLabel = "DIR|NAME")
        String model;

        @Option(names = "--adapter", paramLabel = "ADAPTER_DIR")
        Path adapter;

        @Option(names = "--data", required = true, paramLabel = "TEST.jsonl")
        Path data;

        @Option(names = "--max-len", defaultValue = "512")
        int maxLen;

        @Option(names = "--max-new-tokens", defaultValue = "64")
        int maxNewTokens;

        @Option(names = "--limit", defaultValue = "0", description = "Generate answers for at most N records (0 = all).")
        int limit;

        @Option(names = "--compare", paramLabel = "VERSION|FILE",
                description = "Print the new scorecard beside this earlier one. / 与该评分卡并列比较。")
        String compare;

        EvalModel(CliContext ctx, ModelRegistry registry, ModelEvaluation evaluation) {
            this.ctx = ctx;
            this.registry = registry;
            this.evaluation = evaluation;
        }

        @Override
        public Integer call() {
            if (maxLen < 8 || maxNewTokens < 1 || limit < 0) {
                throw EnclaveException.badInput("--max-len ≥ 8, --max-new-tokens ≥ 1 and --limit ≥ 0, please.");
            }
            if (!java.nio.file.Files.isRegularFile(data)) {
                throw EnclaveException.badInput(data + ": no such file.");
            }
            Map<String, Object> earlier = compare == null ? null
                    : evaluation.scorecard(ctx.workspace(), compare).fields();
            Path base = registry.resolve(ctx.workspace(), model);
            Scorecard scored = evaluation.evaluate(ctx.workspace(), ctx.subject(),
                    new EvaluationRequest(base, adapter, data, maxLen, maxNewTokens, limit), ctx.progress());
            Map<String, Object> card = scored.fields();
            Path file = scored.file();
            if (ctx.json()) {
                Map<String, Object> out = new LinkedHashMap<>(card);
                out.put("scorecard", file.toString());
                if (earlier != null) {
                    out.put("compared_with", earlier);
                }
                ctx.out().println(FileIO.COMPACT.toJson(out));
            } else {
                printSideBySide(ctx, earlier, card);
                ctx.out().println("Scorecard: " + file);
            }
            return 0;
        }
    }

    /** {@code enclave eval preference}: how a model (with an adapter or not) ranks preference pairs. */
    @Component(service = CommandContribution.class)
    public static final class EvalPreference implements CommandContribution {
        @Reference
        private ModelRegistry registry;
        @Reference
        private ModelEvaluation evaluation;

        @Override
        public String parent() {
            return "eval";
        }

        @Override
        public Object createCommand(CliContext context) {
            return new PreferenceCommand(context, registry, evaluation);
        }

        @Command(name = "preference", description = {
                "Reward accuracy on preference pairs: the share whose chosen response has the higher summed "
                        + "log-probability under the model (with the adapter, if given), and the mean margin; "
                        + "saved with the scorecards.",
                "偏好对上的奖励准确率：所选回答的总对数概率高于被拒回答的比例（可加适配器），及平均间隔；与评分卡一同保存。" })
        static final class PreferenceCommand implements java.util.concurrent.Callable<Integer> {
            private final CliContext ctx;
            private final ModelRegistry registry;
            private final ModelEvaluation evaluation;

            @Option(names = "--model", required = true, paramLabel = "DIR|NAME")
            String model;

            @Option(names = "--adapter", paramLabel = "ADAPTER_DIR")
            Path adapter;

            @Option(names = "--data", required = true, paramLabel = "PREFS.jsonl")
            Path data;

            @Option(names = "--max-len", defaultValue = "512")
            int maxLen;

            PreferenceCommand(CliContext ctx, ModelRegistry registry, ModelEvaluation evaluation) {
                this.ctx = ctx;
                this.registry = registry;
                this.evaluation = evaluation;
            }

            @Override
            public Integer call() {
                Path base = registry.resolve(ctx.workspace(), model);
                PreferenceScore s = evaluation.preference(ctx.workspace(), ctx.subject(), base, adapter, data, maxLen,
                        ctx.progress());
                if (ctx.json()) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("pairs", s.pairs());
                    out.put("reward_accuracy", s.rewardAccuracy());
                    out.put("mean_margin", s.meanMargin());
                    ctx.out().println(FileIO.COMPACT.toJson(out));
                } else {
                    ctx.out().printf("%d pairs: reward accuracy %.3f, mean margin %.4f%nScorecard: %s%n", s.pairs(),
                            s.rewardAccuracy(), s.meanMargin(), s.file());
                }
                return 0;
            }
        }
    }

    /** Prints one or two scorecards as a table of metrics. */
    static void printSideBySide(CliContext ctx, Map<String, Object> a, Map<String, Object> b) {
        ctx.out().printf("%-14s %s%s%n", "", a == null ? "" : String.format("%-22s ", a.get("model_version")),
                b.get("model_version"));
        ctx.out().printf("%-14s %s%s%n", "model", a == null ? "" : String.format("%-22s ", a.get("model")), b.get("model"));
        for (String m : METRICS) {
            ctx.out().printf("%-14s %s%s%n", m, a == null ? "" : String.format("%-22s ", ModelEvaluator.format(a.get(m))),
                    ModelEvaluator.format(b.get(m)));
        }
        ctx.out().printf("%-14s %s%s%n", "answered", a == null ? "" : String.format("%-22s ", ModelEvaluator.format(a.get("answered"))),
                ModelEvaluator.format(b.get("answered")));
    }

    /** {@code enclave eval scorecards [A [B]]}: lists saved scorecards, shows one, or compares two. */
    @Component(service = CommandContribution.class)
    public static final class Scorecards implements CommandContribution {
        @Reference
        private ModelEvaluation evaluation;

        @Override
        public String parent() {
            return "eval";
        }

        @Override
        public Object createCommand(CliContext context) {
            return new ScorecardsCommand(context, evaluation);
        }

        @Command(name = "scorecards", description = {
                "List the saved model scorecards; with one or two model versions, show or compare them.",
                "列出已保存的模型评分卡；给出一个或两个模型版本时显示或比较。" })
        static final class ScorecardsCommand implements Runnable {
            private final CliContext ctx;
            private final ModelEvaluation evaluation;

            @Parameters(arity = "0..2", paramLabel = "VERSION|FILE")
            List<String> refs;

            ScorecardsCommand(CliContext ctx, ModelEvaluation evaluation) {
                this.ctx = ctx;
                this.evaluation = evaluation;
            }

            @Override
            public void run() {
                if (refs == null || refs.isEmpty()) {
                    List<Map<String, Object>> all = evaluation.scorecards(ctx.workspace()).stream()
                            .map(Scorecard::fields).toList();
                    if (ctx.json()) {
                        ctx.out().println(FileIO.COMPACT.toJson(Map.of("scorecards", all)));
                    } else if (all.isEmpty()) {
                        ctx.out().println("No scorecards yet: enclave eval model --model M --data TEST.jsonl");
                    } else {
                        for (Map<String, Object> c : all) {
                            if ("preference".equals(c.get("kind"))) {
                                ctx.out().printf("%s  %-30s pairs %s  reward accuracy %s  margin %s  %s%n",
                                        c.get("model_version"), c.get("model"), ModelEvaluator.format(c.get("pairs")),
                                        ModelEvaluator.format(c.get("reward_accuracy")),
                                        ModelEvaluator.format(c.get("mean_margin")),
                                        Path.of(String.valueOf(c.get("data"))).getFileName());
                                continue;
                            }
                            ctx.out().printf("%s  %-30s loss %s  exact %s  F1 %s  %s%n", c.get("model_version"),
                                    c.get("model"), ModelEvaluator.format(c.get("loss")), ModelEvaluator.format(c.get("exact_match")),
                                    ModelEvaluator.format(c.get("token_f1")), Path.of(String.valueOf(c.get("data"))).getFileName());
                        }
                    }
                    return;
                }
                Map<String, Object> a = evaluation.scorecard(ctx.workspace(), refs.get(0)).fields();
                Map<String, Object> b = refs.size() > 1 ? evaluation.scorecard(ctx.workspace(), refs.get(1)).fields()
                        : null;
                if (ctx.json()) {
                    ctx.out().println(FileIO.COMPACT.toJson(b == null ? a : Map.of("a", a, "b", b)));
                } else if (b == null) {
                    printSideBySide(ctx, null, a);
                } else {
                    printSideBySide(ctx, a, b);
                }
            }
        }
    }
}
