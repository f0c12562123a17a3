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
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.WaferTrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave wafer …} to the command line. */
@Component(service = CommandContribution.class)
public final class WaferCommandContribution implements CommandContribution {
    /** The pack's folder in a workspace. */

    private WaferPatterns patterns;
    private WaferLibrary library;
    private WaferReports reports;

    @Reference
    void setReports(WaferReports reports) {
        this.reports = reports;
    }

    @Reference
    void setPatterns(WaferPatterns patterns) {
        this.patterns = patterns;
    }

    @Reference
    void setLibrary(WaferLibrary library) {
        this.library = library;
    }

    @Override
    public Object createCommand(CliContext context) {
        return new WaferCommand(context, patterns, library, reports);
    }

    /** {@code enclave wafer}. */
    @Command(name = "wafer", mixinStandardHelpOptions = true,
            description = { "Wafer maps: pattern classification (WM-811K classes), similar maps, die yield.",
                    "晶圆图：缺陷模式分类（WM-811K 类别）、相似图检索、芯片良率。" })
    static final class WaferCommand {
        private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
        private final CliContext ctx;
        private final WaferPatterns patterns;
        private final WaferLibrary library;
        private final WaferReports reports;

        WaferCommand(CliContext ctx, WaferPatterns patterns, WaferLibrary library, WaferReports reports) {
            this.ctx = ctx;
            this.patterns = patterns;
            this.library = library;
            this.reports = reports;
        }

        private Path workspaceModel() {
            return SemiWorkspace.classifierDir(ctx.workspace());
        }

        private Path index() {
            return SemiWorkspace.mapsIndex(ctx.workspace());
        }

        private WaferPatternModel model(Path dir) {
            return SemiWorkspace.model(patterns, ctx.workspace(), dir);
        }

        private static List<WaferMap> read(Path file) {
            return SemiWorkspace.read(file);
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
            List<WaferMap> maps = read(file);
            long t0 = System.nanoTime();
            WaferPatternModel model = model(modelDir);
            List<WaferPrediction> predictions;
            try {
                predictions = model.classify(maps);
            } finally {
                model.close();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (images != null) {
                writeImages(images, maps);
            }
            for (int i = 0; i < maps.size(); i++) {
                WaferPrediction p = predictions.get(i);
                List<WaferLibrary.Similar> near = similar > 0 ? library.similar(index(), p.embedding(), similar)
                        : List.of();
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
                        maps.size() / Math.max(seconds, 1e-9), model.source());
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "wafer.classify", file.toString(),
                    AuditEntry.SUCCESS, maps.size() + " maps");
        }

        @Command(name = "eval", description = { "Classify labelled maps and print accuracy, macro-F1 and the confusion matrix.",
                "对带标签的晶圆图分类，输出准确率、宏平均 F1 与混淆矩阵。" })
        void eval(@Parameters(paramLabel = "FILE.csv") Path file,
                @Option(names = "--model", paramLabel = "DIR", description = { "Classifier folder (default: the workspace's, else the shipped one).",
                        "分类器目录（默认：工作区中的，否则为内置的）。" }) Path modelDir) {
            List<WaferMap> all = read(file);
            List<WaferMap> maps = all.stream().filter(m -> m.label() != null).toList();
            if (maps.isEmpty()) {
                throw EnclaveException.badInput(file + " has no labelled maps; eval needs the label column filled in.");
            }
            long t0 = System.nanoTime();
            WaferPatternModel model = model(modelDir);
            List<WaferPrediction> predictions;
            try {
                predictions = model.classify(maps);
            } finally {
                model.close();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            PatternMetrics metrics = new PatternMetrics();
            for (int i = 0; i < maps.size(); i++) {
                metrics.add(maps.get(i).label(), predictions.get(i).label());
            }
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.put("model", model.source());
                m.put("unlabelled", all.size() - maps.size());
                m.putAll(metrics.toJson());
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().print(metrics.toText());
                if (all.size() > maps.size()) {
                    ctx.out().printf("(%d maps without a label were skipped)%n", all.size() - maps.size());
                }
                ctx.err().printf("%d maps in %.2f s (%.0f maps/s) with the %s model.%n", maps.size(), seconds,
                        maps.size() / Math.max(seconds, 1e-9), model.source());
            }
            ctx.workspace().auditLog().append(ctx.subject().name(), "wafer.eval", file.toString(), AuditEntry.SUCCESS,
                    String.format("macro-F1 %.4f", metrics.macroF1()));
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
            Path dir = out != null ? out : workspaceModel();
            long t0 = System.nanoTime();
            List<Float> curve = patterns.train(new WaferTrainingSettings(seed, maps, 64, 0.003f), dir, ctx.progress());
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
            ctx.workspace().auditLog().append(ctx.subject().name(), "wafer.train", dir.toString(), AuditEntry.SUCCESS,
                    "seed " + seed + ", " + maps + " maps");
        }

        @Command(name = "generate", description = { "Write labelled synthetic wafer maps to a CSV file.",
                "将带标签的合成晶圆图写入 CSV 文件。" })
        void generate(@Parameters(paramLabel = "OUT.csv") Path out,
                @Option(names = "--count", defaultValue = "900", description = { "Number of maps.", "晶圆图数量。" }) int count,
                @Option(names = "--seed", defaultValue = "1", description = { "Random seed.", "随机种子。" }) long seed) {
            List<WaferMap> maps = patterns.generate(count, seed);
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
            int stored = 0;
            List<Map<String, Object>> failed = new ArrayList<>();
            int added = 0;
            WaferPatternModel model = model(null);
            try {
                for (Path file : files) {
                    List<WaferMap> maps;
                    try {
                        maps = read(file);
                    } catch (EnclaveException e) {
                        failed.add(Map.of("path", file.toString(), "error", e.getMessage()));
                        ctx.err().println(e.getMessage());
                        continue;
                    }
                    if (lot != null) {
                        maps = maps.stream().map(m -> m.lot() == null ? m.withOrigin(lot, m.waferId(), m.time()) : m)
                                .toList();
                    }
                    stored = library.add(index(), maps, model.classify(maps));
                    added += maps.size();
                    ctx.workspace().auditLog().append(ctx.subject().name(), "wafer.import", file.toString(),
                            AuditEntry.SUCCESS, maps.size() + " maps");
                }
            } finally {
                model.close();
            }
            if (stored == 0) {
                stored = library.list(index(), null).size();
            }
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
                rows.addAll(library.list(index(), lot));
            } else {
                WaferPatternModel model = model(null);
                try {
                    for (Path f : files) {
                        List<WaferMap> maps = read(f);
                        List<WaferPrediction> ps = model.classify(maps);
                        for (int i = 0; i < maps.size(); i++) {
                            if (lot == null || lot.equals(maps.get(i).lot())) {
                                rows.add(new WaferLibrary.StoredMap(maps.get(i), ps.get(i).label(),
                                        ps.get(i).confidence()));
                            }
                        }
                    }
                } finally {
                    model.close();
                }
            }
            Map<String, Object> report = YieldReport.of(rows);
            if (ctx.json()) {
                ctx.out().println(GSON.toJson(report));
            } else {
                ctx.out().print(YieldReport.toText(report));
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
            WaferReports.Summary s = reports.write(library.list(index(), lot), lot, week,
                    notes == null ? List.of() : notes, f, out);
            ctx.workspace().auditLog().append(ctx.subject().name(), "wafer.report", out.toString(), AuditEntry.SUCCESS,
                    s.title() + ", " + s.wafers() + " wafers");
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
