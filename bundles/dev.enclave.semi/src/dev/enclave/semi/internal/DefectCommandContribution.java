package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.semi.DefectImageGenerator;
import dev.enclave.semi.DefectImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave defect …} to the command line. */
@Component(service = CommandContribution.class)
public final class DefectCommandContribution implements CommandContribution {
    @Reference
    private DefectImages defects;

    @Override
    public Object createCommand(CliContext context) {
        return new DefectCommand(context, defects);
    }

    /** {@code enclave defect}. */
    @Command(name = "defect", mixinStandardHelpOptions = true,
            description = { "Defect images (optical, SEM, AOI): scratch, pit, bump, crack, deformation, misalignment, none.",
                    "缺陷图像（光学、SEM、AOI）：划痕、凹坑、凸起、裂纹、变形、错位、无缺陷。" })
    static final class DefectCommand {
        private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        private final CliContext ctx;
        private final DefectImages defects;

        DefectCommand(CliContext ctx, DefectImages defects) {
            this.ctx = ctx;
            this.defects = defects;
        }

        @Command(name = "classify", description = { "Classify images (folders are searched recursively).",
                "对图像分类（递归搜索文件夹）。" })
        void classify(@Parameters(paramLabel = "PATH", arity = "1..*", description = { "Image files or folders.",
                "图像文件或文件夹。" }) List<Path> paths,
                @Option(names = "--similar", paramLabel = "K", defaultValue = "0", description = { "Also list the K most similar stored images.",
                        "同时列出最相似的 K 张已存图像。" }) int similar,
                @Option(names = "--heatmaps", paramLabel = "DIR", description = { "Write a heat map of the evidence for each image as PNG.",
                        "为每张图像写出证据热力图（PNG）。" }) Path heatmaps,
                @Option(names = "--model", paramLabel = "DIR", description = { "Classifier folder (default: the workspace's, else the shipped one).",
                        "分类器目录（默认：工作区中的，否则为内置的）。" }) Path modelDir) {
            long t0 = System.nanoTime();
            List<DefectImages.Result> results = defects.classify(ctx.workspace(), ctx.subject(), paths, modelDir,
                    ctx.progress());
            double seconds = (System.nanoTime() - t0) / 1e9;
            int failed = 0;
            for (DefectImages.Result r : results) {
                if (!r.ok()) {
                    failed++;
                    ctx.err().println(r.error());
                    continue;
                }
                List<DefectImages.Similar> near = similar > 0
                        ? defects.similar(ctx.workspace(), r.embedding(), similar) : List.of();
                String heat = heatmaps == null ? null : writeHeatmap(heatmaps, r, modelDir);
                if (ctx.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", r.path().toString());
                    m.put("label", r.label());
                    m.put("confidence", round(r.confidence()));
                    List<Map<String, Object>> top = new ArrayList<>();
                    for (DefectImages.Score s : r.top()) {
                        top.add(Map.of("label", s.label(), "probability", round(s.probability())));
                    }
                    m.put("top3", top);
                    if (similar > 0) {
                        List<Map<String, Object>> ns = new ArrayList<>();
                        for (DefectImages.Similar s : near) {
                            Map<String, Object> n = new LinkedHashMap<>();
                            n.put("id", s.id());
                            n.put("path", s.path().toString());
                            n.put("lot", s.lot());
                            n.put("label", s.label());
                            n.put("score", round(s.score()));
                            ns.add(n);
                        }
                        m.put("similar", ns);
                    }
                    if (heat != null) {
                        m.put("heatmap", heat);
                    }
                    ctx.out().println(GSON.toJson(m));
                } else {
                    ctx.out().printf(Locale.ROOT, "%s\t%s\t%.3f\t%s%s%n", r.path(), r.label(), r.confidence(),
                            String.join(" ", r.top().stream().map(s -> String.format(Locale.ROOT, "%s:%.2f",
                                    s.label(), s.probability())).toList()),
                            near.isEmpty() ? "" : "\tsimilar: " + String.join(", ", near.stream()
                                    .map(s -> String.format(Locale.ROOT, "%s (%s, %.3f)", s.path().getFileName(),
                                            s.label(), s.score())).toList()));
                }
            }
            if (!ctx.json()) {
                ctx.err().printf(Locale.ROOT, "%d images classified in %.2f s (%.0f images/s) with the %s model.%n",
                        results.size() - failed, seconds, results.size() / Math.max(seconds, 1e-9),
                        modelDir != null ? modelDir.toString() : defects.model(ctx.workspace()));
            }
            if (failed > 0) {
                throw EnclaveException.badInput(failed + " of " + results.size() + " images could not be classified "
                        + "(see above).");
            }
        }

        private String writeHeatmap(Path dir, DefectImages.Result r, Path modelDir) {
            try {
                Files.createDirectories(dir);
                String name = r.path().getFileName().toString().replaceAll("\\.[^.]*$", "")
                        .replaceAll("[^\\p{L}\\p{N}._-]", "_") + "-heatmap.png";
                Path f = dir.resolve(name);
                ImageIO.write(defects.heatmap(ctx.workspace(), r.path(), r.label(), modelDir), "png", f.toFile());
                return f.toString();
            } catch (IOException e) {
                throw EnclaveException.badInput("Cannot write heat maps to " + dir + ": " + e.getMessage());
            }
        }

        @Command(name = "eval", description = { "Classify a labelled folder DIR/<class>/* and print accuracy, macro-F1, per-class F1 and the confusion matrix.",
                "对带标签的文件夹 DIR/<类别>/* 分类，输出准确率、宏平均 F1、各类 F1 与混淆矩阵。" })
        void eval(@Parameters(paramLabel = "DIR") Path dir,
                @Option(names = "--model", paramLabel = "DIR", description = { "Classifier folder (default: the workspace's, else the shipped one).",
                        "分类器目录（默认：工作区中的，否则为内置的）。" }) Path modelDir) {
            long t0 = System.nanoTime();
            DefectImages.Scorecard s = defects.evaluate(ctx.workspace(), ctx.subject(), dir, modelDir,
                    ctx.progress());
            double seconds = (System.nanoTime() - t0) / 1e9;
            s.errors().forEach(ctx.err()::println);
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("accuracy", s.accuracy());
                m.put("macro_f1", s.macroF1());
                m.put("per_class_f1", s.perClassF1());
                m.put("confusion", s.confusion());
                m.put("images", s.images());
                m.put("unreadable", s.errors().size());
                m.put("model", s.model());
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().print(DefectMetrics.toText(s));
                ctx.err().printf(Locale.ROOT, "%d images in %.2f s with the %s model.%n", s.images(), seconds,
                        s.model());
            }
        }

        @Command(name = "train", description = { "Fine-tune the defect classifier on labelled images DIR/<class>/* (new classes allowed).",
                "在带标签的图像 DIR/<类别>/* 上微调缺陷分类器（可新增类别）。" })
        void train(@Option(names = "--data", paramLabel = "DIR", description = { "Labelled images, one folder per class.",
                "带标签的图像，每个类别一个文件夹。" }) Path data,
                @Option(names = "--epochs", defaultValue = "30", description = { "Passes over the training images at most (early stopping may end sooner).",
                        "最多训练轮数（早停可能提前结束）。" }) int epochs,
                @Option(names = "--seed", defaultValue = "1", description = { "Random seed.", "随机种子。" }) long seed,
                @Option(names = "--out", paramLabel = "DIR", description = { "Where the new model goes (default: a new version folder in the workspace).",
                        "新模型的输出目录（默认：工作区中的新版本目录）。" }) Path out,
                @Option(names = "--force", description = { "Use the new model even if it does not score better on validation.",
                        "即使验证分数未提高也启用新模型。" }) boolean force,
                @Option(names = "--synthetic", paramLabel = "N", description = { "Instead of --data: train from scratch on N images of the pack's generator (how the shipped model is made).",
                        "不用 --data：在内置生成器的 N 张图像上从头训练（内置模型的训练方式）。" }) Integer synthetic,
                @Option(names = "--size", paramLabel = "PX", defaultValue = "0", description = { "With --synthetic: the model's input side in pixels (32–256; default 64).",
                        "与 --synthetic 一起使用：模型输入边长（像素，32–256；默认 64）。" }) int size,
                @Option(names = "--from", paramLabel = "DIR", description = { "With --synthetic: continue from this classifier's weights instead of random ones.",
                        "与 --synthetic 一起使用：从该分类器的权重继续训练，而非随机初始化。" }) Path from) {
            long t0 = System.nanoTime();
            if ((data == null) == (synthetic == null)) {
                throw EnclaveException.badInput("Give exactly one of --data DIR and --synthetic N.");
            }
            if (synthetic == null && (size != 0 || from != null)) {
                throw EnclaveException.badInput("--size and --from go with --synthetic N; fine-tuning with --data "
                        + "keeps the input side of the classifier it starts from.");
            }
            if (synthetic != null) {
                if (out == null || synthetic < 64) {
                    throw EnclaveException.badInput("--synthetic needs --out DIR and at least 64 images.");
                }
                List<Float> loss = defects.trainSynthetic(synthetic, seed, size, from, out, ctx.progress());
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("out", out.toString());
                m.put("images", synthetic);
                m.put("seed", seed);
                m.put("seconds", Math.round(seconds * 10) / 10.0);
                m.put("final_loss", loss.get(loss.size() - 1));
                ctx.out().println(ctx.json() ? GSON.toJson(m) : String.format(Locale.ROOT,
                        "Trained on %d synthetic images (seed %d) in %.0f s; final loss %.4f; saved to %s", synthetic,
                        seed, seconds, loss.get(loss.size() - 1), out));
                return;
            }
            DefectImages.Trained t = defects.train(ctx.workspace(), ctx.subject(),
                    new DefectImages.TrainRequest(data, epochs, seed, out, force), ctx.progress());
            t.skipped().forEach(ctx.err()::println);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("out", t.dir().toString());
                m.put("version", t.version());
                m.put("data_hash", t.dataHash());
                m.put("train_images", t.trainImages());
                m.put("validation_images", t.validationImages());
                m.put("accuracy", t.validation().accuracy());
                m.put("macro_f1", t.validation().macroF1());
                m.put("per_class_f1", t.validation().perClassF1());
                m.put("confusion", t.validation().confusion());
                m.put("previous_macro_f1", round(t.previousMacroF1()));
                m.put("replaced", t.replaced());
                m.put("stopped_early", t.stoppedEarly());
                m.put("skipped", t.skipped().size());
                m.put("seconds", Math.round(seconds * 10) / 10.0);
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().printf(Locale.ROOT, "Trained %s on %d images (%d for validation) in %.0f s%s.%n",
                        t.version(), t.trainImages(), t.validationImages(), seconds,
                        t.stoppedEarly() ? ", stopped early" : "");
                ctx.out().printf(Locale.ROOT, "Validation macro-F1 %.4f (previous classifier %.4f): %s%n",
                        t.validation().macroF1(), t.previousMacroF1(), t.replaced()
                                ? "the workspace now uses it." : "the workspace keeps its classifier (use --force).");
                ctx.out().println("Saved to " + t.dir() + " (scorecard.json: data hash " + t.dataHash() + ")");
            }
        }

        @Command(name = "import", description = { "Classify the images of a folder and store them in the workspace's defect-image library.",
                "对文件夹中的图像分类并存入工作区缺陷图像库。" })
        void importImages(@Parameters(paramLabel = "DIR") Path dir,
                @Option(names = "--lot", required = true, description = { "The lot the images belong to.", "图像所属批次。" }) String lot) {
            DefectImages.Imported r = defects.importImages(ctx.workspace(), ctx.subject(), dir, lot, ctx.progress());
            r.failed().forEach(ctx.err()::println);
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("added", r.added());
                m.put("stored", r.stored());
                m.put("failed", r.failed());
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().printf("%d images imported into lot %s; the library holds %d images%s%n", r.added(), lot,
                        r.stored(), r.failed().isEmpty() ? "" : "; " + r.failed().size() + " failed");
            }
            if (!r.failed().isEmpty()) {
                throw EnclaveException.badInput(r.failed().size() + " image(s) could not be imported (see above).");
            }
        }

        @Command(name = "generate", description = { "Write synthetic labelled defect images OUT/<class>/*.png from the pack's generator.",
                "用内置生成器写出带标签的合成缺陷图像 OUT/<类别>/*.png。" })
        void generate(@Parameters(paramLabel = "OUT") Path out,
                @Option(names = "--count", defaultValue = "10", description = { "Images per class.", "每类图像数量。" }) int count,
                @Option(names = "--seed", defaultValue = "1", description = { "Random seed.", "随机种子。" }) long seed) {
            if (count < 1 || count > 100_000) {
                throw EnclaveException.badInput("--count must be between 1 and 100000.");
            }
            DefectImageGenerator g = new DefectImageGenerator(seed);
            try {
                for (int i = 0; i < count; i++) {
                    for (String c : DefectImages.CLASSES) {
                        Path d = Files.createDirectories(out.resolve(c));
                        ImageIO.write(g.next(c).image(), "png", d.resolve(String.format("%s-%05d.png", c, i)).toFile());
                    }
                }
            } catch (IOException e) {
                throw EnclaveException.badInput("Cannot write images to " + out + ": " + e.getMessage());
            }
            int n = count * DefectImages.CLASSES.size();
            ctx.out().println(ctx.json() ? GSON.toJson(Map.of("out", out.toString(), "images", n, "seed", seed))
                    : n + " images written to " + out);
        }

        static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }
}
