package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.WaferTrainingSettings;
import dev.enclave.semi.YieldSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave wafer …} to the command line. */
@Component(service = CommandContribution.class)
public final class WaferCommandContribution implements CommandContribution {
    @Reference
    private WaferPatterns patterns;
    @Reference
    private WaferStore store;

    @Override
    public Object createCommand(CliContext context) {
        return new WaferCommand(context, patterns, store);
    }

    /** {@code enclave wafer}. */
    @Command(name = "wafer", mixinStandardHelpOptions = true,
            description = { "Wafer maps: pattern classification (WM-811K classes), similar maps, die yield.",
                    "晶圆图：缺陷模式分类（WM-811K 类别）、相似图检索、芯片良率。" })
    static final class WaferCommand {
        private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
        private final CliContext ctx;
        private final WaferPatterns patterns;
        private final WaferStore store;

        WaferCommand(CliContext ctx, WaferPatterns patterns, WaferStore store) {
            this.ctx = ctx;
            this.patterns = patterns;
            this.store = store;
        }

        @Command(name = "classify", description = { "Classify the maps of a CSV file (or text grid) into WM-811K patterns.",
                "将 CSV 文件（或文本网格）中的晶圆图按 WM-811K 模式分类。" })
        void classify(@Parameters(paramLabel = "FILE", description = { "Wafer map CSV (id,label,rows,cols,data) or text grid.",
                "晶圆图 CSV（id,label,rows,cols,data）或文本网格。" }) Path file,
                @Option(names = "--model", paramLabel = "DIR", description = { "Classifier folder (default: the workspace's, else the shipped one).",
                        "分类器目录（默认：工作区中的，否则为内置的）。" }) Path modelDir,
                @Option(names = "--similar", paramLabel = "K", defaultValue = "0", description = { "Also list the K most similar stored maps.",
                        "同时列出最相似的 K 张已存晶圆图。" }) int similar,
                @Option(names = "--images", paramLabel = "DIR", description = { "Write each map and its failure density as PNG files.",
                        "将每张晶圆图及其失效密度图写为 PNG 文件。" }) Path images) {
            long t0 = System.nanoTime();
            WaferStore.Classified classified = store.classify(ctx.workspace(), ctx.subject(), file, modelDir);
            List<WaferMap> maps = classified.maps();
            List<WaferPrediction> predictions = classified.predictions();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (images != null) {
                writeImages(images, maps);
            }
            for (int i = 0; i < maps.size(); i++) {
                WaferPrediction p = predictions.get(i);
                List<WaferLibrary.Similar> near = similar > 0
                        ? store.similar(ctx.workspace(), p.embedding(), similar) : List.of();
                if (ctx.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", p.id());
                    m.put("label", p.label());
                    m.put("confidence", round(p.confidence()));
                    if (similar > 0) {
                        m.put("similar", similarJson(near));
                    }
                    ctx.out().println(GSON.toJson(m));
                } else {
                    ctx.out().printf("%-20s %-10s %.3f%s%n", p.id(), p.label(), p.confidence(),
                            near.isEmpty() ? "" : "  similar: " + String.join(", ", near.stream()
                                    .map(s -> String.format("%s%s (%s, %.3f)", s.lot() == null ? "" : s.lot() + "/",
                                            s.id(), s.label() != null ? s.label() : s.predicted(), s.score()))
                                    .toList()));
                }
            }
            if (!ctx.json()) {
                ctx.err().printf("%d maps classified in %.2f s (%.0f maps/s) with the %s model.%n", maps.size(), seconds,
                        maps.size() / Math.max(seconds, 1e-9), classified.model());
            }
        }

        @Command(name = "eval", description = { "Classify labelled maps and print accuracy, macro-F1 and the confusion matrix.",
                "对带标签的晶圆图分类，输出准确率、宏平均 F1 与混淆矩阵。" })
        void eval(@Parameters(paramLabel = "FILE.csv") Path file,
                @Option(names = "--model", paramLabel = "DIR", description = { "Classifier folder (default: the workspace's, else the shipped one).",
                        "分类器目录（默认：工作区中的，否则为内置的）。" }) Path modelDir) {
            long t0 = System.nanoTime();
            WaferStore.Evaluation e = store.evaluate(ctx.workspace(), ctx.subject(), file, modelDir);
            double seconds = (System.nanoTime() - t0) / 1e9;
            PatternMetrics metrics = new PatternMetrics();
            for (int i = 0; i < e.truth().size(); i++) {
                metrics.add(e.truth().get(i), e.predicted().get(i));
            }
            int maps = e.truth().size();
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.put("model", e.model());
                m.put("unlabelled", e.unlabelled());
                m.putAll(metrics.toJson());
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().print(metrics.toText());
                if (e.unlabelled() > 0) {
                    ctx.out().printf("(%d maps without a label were skipped)%n", e.unlabelled());
                }
                ctx.err().printf("%d maps in %.2f s (%.0f maps/s) with the %s model.%n", maps, seconds,
                        maps / Math.max(seconds, 1e-9), e.model());
            }
        }

        @Command(name = "train", description = { "Train the pattern classifier on synthetic maps (CPU, a few minutes).",
                "在合成晶圆图上训练模式分类器（CPU，数分钟）。" })
        void train(@Option(names = "--seed", defaultValue = "20261123", description = { "Random seed.", "随机种子。" }) long seed,
                @Option(names = "--maps", defaultValue = "256000", description = { "Synthetic maps to train on.", "用于训练的合成晶圆图数量。" }) int maps,
                @Option(names = "--out", paramLabel = "DIR", description = { "Output folder (default: the workspace's classifier, used by classify and eval).",
                        "输出目录（默认：工作区分类器，classify 与 eval 将使用它）。" }) Path out) {
            if (maps < 64) {
                throw EnclaveException.badInput("--maps must be at least 64.");
            }
            long t0 = System.nanoTime();
            WaferStore.Trained trained = store.train(ctx.workspace(), ctx.subject(),
                    new WaferTrainingSettings(seed, maps, 64, 0.003f), out, ctx.progress());
            Path dir = trained.dir();
            List<Float> curve = trained.loss();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("out", dir.toString());
                m.put("seed", seed);
                m.put("maps", maps);
                m.put("seconds", Math.round(seconds * 10) / 10.0);
                m.put("final_loss", curve.get(curve.size() - 1));
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().printf("Trained on %d synthetic maps (seed %d) in %.0f s; final loss %.4f; saved to %s%n", maps,
                        seed, seconds, curve.get(curve.size() - 1), dir);
            }
        }

        @Command(name = "generate", description = { "Write labelled synthetic wafer maps to a CSV file (with lot, wafer and time columns: lots of 25, one a day up to now).",
                "将带标签的合成晶圆图写入 CSV 文件（含 lot、wafer、time 列：每批 25 片，每天一批，截至当前）。" })
        void generate(@Parameters(paramLabel = "OUT.csv") Path out,
                @Option(names = "--count", defaultValue = "900", description = { "Number of maps.", "晶圆图数量。" }) int count,
                @Option(names = "--seed", defaultValue = "1", description = { "Random seed.", "随机种子。" }) long seed) {
            List<WaferMap> maps = withOrigin(patterns.generate(count, seed), seed);
            try {
                Files.writeString(out, WaferMapReader.toCsv(maps), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw EnclaveException.badInput("Cannot write " + out + ": " + e.getMessage());
            }
            if (ctx.json()) {
                ctx.out().println(GSON.toJson(Map.of("out", out.toString(), "maps", count, "seed", seed)));
            } else {
                ctx.out().printf("%d maps written to %s%n", count, out);
            }
        }

        @Command(name = "import", description = { "Classify maps and store them in the workspace's map library.",
                "对晶圆图分类并存入工作区晶圆图库。" })
        void importMaps(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files,
                @Option(names = "--lot", description = { "Lot for maps that name none.", "未注明批次的晶圆图所属批次。" }) String lot) {
            WaferStore.Imported imported = store.importFiles(ctx.workspace(), ctx.subject(), files, lot,
                    Progress.silent());
            List<Map<String, Object>> failed = new ArrayList<>();
            for (WaferStore.Failure f : imported.failed()) {
                failed.add(Map.of("path", f.file().toString(), "error", f.error()));
                ctx.err().println(f.error());
            }
            int added = imported.added();
            int stored = imported.stored();
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("added", added);
                m.put("stored", stored);
                m.put("failed", failed);
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().printf("%d maps imported; the library holds %d maps%s%n", added, stored,
                        failed.isEmpty() ? "" : "; " + failed.size() + " file(s) failed");
            }
            if (!failed.isEmpty() && added == 0) {
                throw EnclaveException.badInput("No map could be imported.");
            }
        }

        @Command(name = "yield", description = { "Die yield per wafer and per lot, over time and by pattern.",
                "按晶圆与批次统计芯片良率，并按时间与缺陷模式分析趋势。" })
        void yieldReport(@Parameters(paramLabel = "FILE", arity = "0..*", description = { "Map files (default: the stored maps).",
                "晶圆图文件（默认：已存晶圆图）。" }) List<Path> files,
                @Option(names = "--lot", description = { "Only this lot.", "仅此批次。" }) String lot) {
            List<WaferLibrary.StoredMap> rows = new ArrayList<>();
            if (files == null || files.isEmpty()) {
                rows.addAll(store.stored(ctx.workspace(), lot));
            } else {
                for (Path f : files) {
                    List<WaferMap> maps = store.read(f);
                    List<WaferPrediction> ps = store.predict(ctx.workspace(), maps);
                    for (int i = 0; i < maps.size(); i++) {
                        if (lot == null || lot.equals(maps.get(i).lot())) {
                            rows.add(new WaferLibrary.StoredMap(maps.get(i), ps.get(i).label(),
                                    ps.get(i).confidence()));
                        }
                    }
                }
            }
            YieldSummary report = YieldSummary.of(rows);
            if (ctx.json()) {
                ctx.out().println(GSON.toJson(report.toJson()));
            } else {
                ctx.out().print(report.toText());
            }
        }

        @Command(name = "report", description = { "Write a lot report or a weekly yield report (DOCX or PDF) over the stored maps.",
                "基于已存晶圆图生成批次报告或周良率报告（DOCX 或 PDF）。" })
        void report(@Option(names = "--lot", description = { "The lot of a lot report.", "批次报告的批次。" }) String lot,
                @Option(names = "--week", paramLabel = "YYYY-Www", description = { "The ISO week (UTC) of a weekly report, e.g. 2026-W47.",
                        "周报告的 ISO 周（UTC），例如 2026-W47。" }) String week,
                @Option(names = "--format", required = true, paramLabel = "docx|pdf", description = { "The file format.",
                        "文件格式。" }) String format,
                @Option(names = "--out", required = true, paramLabel = "FILE", description = { "The report file to write.",
                        "要写入的报告文件。" }) Path out,
                @Option(names = "--note", paramLabel = "TEXT", description = { "A note to print in the report (repeatable).",
                        "写入报告的备注（可重复）。" }) List<String> notes) {
            WaferReports.Format f = WaferReports.Format.parse(format);
            WaferReports.Summary s = store.report(ctx.workspace(), ctx.subject(), lot, week, notes, f, out);
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("out", out.toString());
                m.put("format", f.name().toLowerCase(java.util.Locale.ROOT));
                m.put("title", s.title());
                m.put("wafers", s.wafers());
                m.put("dies", s.dies());
                m.put("good", s.good());
                m.put("yield", round(s.yield()));
                m.put("findings", s.findings());
                m.put("chinese_font", s.chineseFont());
                ctx.out().println(new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(m));
            } else {
                ctx.out().printf("%s: %d wafers, yield %.2f%%, %d finding(s) -> %s%n", s.title(), s.wafers(),
                        100 * s.yield(), s.findings(), out);
                if (f == WaferReports.Format.PDF && s.chineseFont() == null) {
                    ctx.err().println("No CJK font found (fc-list :lang=zh): the PDF is in English only.");
                }
            }
        }

        /**
         * Gives generated maps the optional columns a fab's export has, so that yield by day and weekly
         * reports work on them: lots of 25 wafers ({@code G<seed>-L001…}, wafers {@code W01…W25}), one lot a
         * day, the wafers of a lot 20 minutes apart, the last wafer measured now.
         */
        static List<WaferMap> withOrigin(List<WaferMap> maps, long seed) {
            int lots = (maps.size() + 24) / 25;
            // The last lot's last wafer is measured now; none lies in the future.
            java.time.Instant first = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                    .minus(java.time.Duration.ofDays(lots - 1L)).minus(java.time.Duration.ofMinutes(20L * 24));
            List<WaferMap> out = new ArrayList<>(maps.size());
            for (int i = 0; i < maps.size(); i++) {
                WaferMap m = maps.get(i);
                int lot = i / 25, wafer = i % 25;
                out.add(new WaferMap(m.id(), m.label(), m.rows(), m.cols(), m.cells(),
                        String.format(java.util.Locale.ROOT, "G%d-L%03d", seed, lot + 1),
                        String.format(java.util.Locale.ROOT, "W%02d", wafer + 1),
                        first.plus(java.time.Duration.ofDays(lot)).plus(java.time.Duration.ofMinutes(20L * wafer))));
            }
            return out;
        }

        private static List<Map<String, Object>> similarJson(List<WaferLibrary.Similar> near) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (WaferLibrary.Similar s : near) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("lot", s.lot());
                m.put("wafer", s.waferId());
                m.put("label", s.label());
                m.put("predicted", s.predicted());
                m.put("score", round(s.score()));
                out.add(m);
            }
            return out;
        }

        private void writeImages(Path dir, List<WaferMap> maps) {
            try {
                Files.createDirectories(dir);
                for (WaferMap m : maps) {
                    String name = m.id().replaceAll("[^\\p{L}\\p{N}._-]", "_");
                    ImageIO.write(WaferRenderer.map(m, 400), "png", dir.resolve(name + ".png").toFile());
                    ImageIO.write(WaferRenderer.density(m, 400), "png", dir.resolve(name + "-density.png").toFile());
                }
            } catch (IOException e) {
                throw EnclaveException.badInput("Cannot write images to " + dir + ": " + e.getMessage());
            }
        }

        static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }
}
