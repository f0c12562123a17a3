package dev.enclave.semi.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.semi.YieldData;
import dev.enclave.semi.YieldModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave yield fit|suggest} to the command line. */
@Component(service = CommandContribution.class)
public final class YieldCommandContribution implements CommandContribution {
    @Reference
    private YieldModels models;

    @Override
    public Object createCommand(CliContext context) {
        return new YieldCommand(context, models);
    }

    /** {@code enclave yield}. */
    @Command(name = "yield", mixinStandardHelpOptions = true,
            description = { "Yield and defect prediction from process parameters; settings that improve the outcome.",
                    "根据工艺参数预测良率与缺陷；给出改善结果的参数设置。" })
    static final class YieldCommand {
        private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
        private final CliContext ctx;
        private final YieldModels models;

        YieldCommand(CliContext ctx, YieldModels models) {
            this.ctx = ctx;
            this.models = models;
        }

        @Command(name = "fit", description = { "Fit yield/defect models to process runs (CSV) and report cross-validated error.",
                "用工艺运行数据（CSV）拟合良率/缺陷模型，并报告交叉验证误差。" })
        void fit(@Parameters(paramLabel = "RUNS.csv") Path file,
                @Option(names = "--target", required = true, description = { "Outcome column.", "结果列。" }) String target,
                @Option(names = "--factor", split = ",", description = { "Numeric columns to treat as categories.",
                        "按类别处理的数值列。" }) List<String> factors,
                @Option(names = "--ignore", split = ",", description = { "Columns to leave out.", "忽略的列。" }) List<String> ignore,
                @Option(names = "--folds", defaultValue = "10", description = { "Cross-validation folds.", "交叉验证折数。" }) int folds,
                @Option(names = "--seed", defaultValue = "1", description = { "Seed of the fold split.", "折划分的随机种子。" }) long seed,
                @Option(names = "--out", paramLabel = "MODEL.json", description = { "Where to save the model (default: the workspace's).",
                        "模型保存位置（默认：工作区）。" }) Path out) {
            YieldModels.Saved saved = models.fit(ctx.workspace(), ctx.subject(), file, target,
                    new HashSet<>(factors == null ? List.of() : factors), new HashSet<>(ignore == null ? List.of() : ignore),
                    folds, seed, out);
            YieldModels.Fit fit = saved.fit();
            YieldData data = saved.data();
            Path dest = saved.modelFile();
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("target", target);
                m.put("family", fit.family());
                m.put("runs", fit.runs());
                m.put("parameters", data.parameters());
                m.put("folds", fit.folds());
                List<Map<String, Object>> scores = new ArrayList<>();
                for (YieldModels.Score s : fit.scores()) {
                    Map<String, Object> sm = new LinkedHashMap<>();
                    sm.put("model", s.model());
                    sm.put("coefficients", s.coefficients());
                    sm.put(fit.family().equals("poisson") ? "cv_mean_deviance" : "cv_mse", round(s.deviance()));
                    sm.put("cv_rmse", round(s.rmse()));
                    sm.put("cv_mae", round(s.mae()));
                    scores.add(sm);
                }
                m.put("models", scores);
                m.put("chosen", fit.chosen());
                m.put("model_file", dest.toString());
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().printf("%d runs, outcome %s (%s model), %d-fold cross-validation:%n", fit.runs(), target,
                        fit.family(), fit.folds());
                ctx.out().printf("  %-40s %6s %12s %9s %9s%n", "model", "coefs", "deviance", "RMSE", "MAE");
                for (YieldModels.Score s : fit.scores()) {
                    ctx.out().printf("  %-40s %6d %12.4f %9.4f %9.4f%s%n", s.model(), s.coefficients(), s.deviance(),
                            s.rmse(), s.mae(), s.model().equals(fit.chosen()) ? "  <- chosen" : "");
                }
                ctx.out().printf("Model saved to %s%n", dest);
            }
        }

        @Command(name = "suggest", description = { "Suggest parameter settings within bounds that improve the predicted outcome.",
                "在给定范围内给出可改善预测结果的参数设置。" })
        void suggest(@Option(names = "--model", paramLabel = "MODEL.json", description = { "Model from 'yield fit' (default: the workspace's).",
                "由 yield fit 生成的模型（默认：工作区中的）。" }) Path modelFile,
                @Option(names = "--bound", paramLabel = "NAME=SPEC", description = { "Bounds: NAME=A|B for categories, NAME=LO:HI for numbers.",
                        "范围：类别用 NAME=A|B，数值用 NAME=LO:HI。" }) Map<String, String> bounds,
                @Option(names = "--maximize", description = { "Maximise the outcome (yield) instead of minimising it (defects).",
                        "最大化结果（良率），而非最小化（缺陷）。" }) boolean maximize,
                @Option(names = "--top", defaultValue = "5", description = { "Number of settings to list.", "列出的设置数量。" }) int top) {
            Path file = modelFile != null ? modelFile : models.modelFile(ctx.workspace());
            if (!Files.isRegularFile(file)) {
                throw EnclaveException.badInput("No yield model at " + file + "; run 'enclave yield fit' first.");
            }
            List<YieldModels.Suggestion> s = models.suggest(ctx.workspace(), file, bounds == null ? Map.of() : bounds,
                    maximize, top);
            if (ctx.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (YieldModels.Suggestion x : s) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("settings", x.settings());
                    m.put("predicted", round(x.predicted()));
                    rows.add(m);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("objective", maximize ? "maximize" : "minimize");
                m.put("suggestions", rows);
                ctx.out().println(GSON.toJson(m));
            } else {
                for (YieldModels.Suggestion x : s) {
                    ctx.out().printf("predicted %.4f  %s%n", x.predicted(), x.settings());
                }
            }
        }

        private static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }
}
