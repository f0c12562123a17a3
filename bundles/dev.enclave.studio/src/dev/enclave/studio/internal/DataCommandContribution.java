package dev.enclave.studio.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.studio.Balancer;
import dev.enclave.studio.DatasetSource;
import dev.enclave.studio.DatasetStats;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Adds {@code enclave data …} (clean, mask, dedup, balance, split, stats, import, sources, versions)
 * to the command line, over the {@link Datasets} service (which audits each step).
 */
@Component(service = CommandContribution.class)
public final class DataCommandContribution implements CommandContribution {

    /** The studio's dataset service: every command goes through it, and it audits. */
    @Reference
    private Datasets datasets;

    @Override
    public Object createCommand(CliContext context) {
        return new DataCommand(context, datasets);
    }

    /** {@code enclave data}. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = { "Datasets (JSON Lines): clean, mask personal data, remove duplicates, balance, split, "
                    + "statistics, workspace versions. IN and OUT are files, or ds:NAME[@N] for a workspace "
                    + "dataset (writing to ds:NAME adds a version that records its parent, step and parameters).",
                    "数据集（JSON Lines）：清洗、个人信息脱敏、去重、均衡、划分、统计、工作区版本。"
                            + "IN 与 OUT 可为文件或 ds:名称[@版本]（写入 ds:名称 即新增一个记录来源、步骤与参数的版本）。" })
    static final class DataCommand {
        private static final String DS = Datasets.PREFIX;
        private final CliContext ctx;
        private final Datasets datasets;

        DataCommand(CliContext ctx, Datasets datasets) {
            this.ctx = ctx;
            this.datasets = datasets;
        }

        private void print(Object o) {
            ctx.out().println(FileIO.COMPACT.toJson(o));
        }

        @Command(name = "mask", description = { "Replace personal data with typed placeholders.",
                "用类型占位符替换个人信息。" })
        void mask(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") String out) {
            Datasets.Masked m = datasets.mask(ctx.workspace(), ctx.subject(), in, out);
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("records", m.records());
                r.put("masked", m.masked());
                print(r);
            } else {
                ctx.out().println(m.records() + " records written to " + m.written().reference() + "; masked "
                        + m.masked());
            }
        }

        @Command(name = "dedup", description = { "Remove exact and near duplicates (MinHash + LSH); keep the first.",
                "去除完全重复与近似重复（MinHash + LSH），保留第一条。" })
        void dedup(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") String out,
                @Option(names = "--threshold", defaultValue = "0.8",
                        description = "Jaccard similarity of character 5-grams (default 0.8).") double threshold) {
            if (threshold <= 0 || threshold > 1) {
                throw EnclaveException.badInput("--threshold " + threshold + ": give a value in (0, 1].");
            }
            Datasets.Deduplicated r = datasets.dedup(ctx.workspace(), ctx.subject(), in, out, threshold);
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("records", r.records());
                m.put("kept", r.kept());
                m.put("clusters", r.clusters());
                print(m);
            } else {
                ctx.out().println(r.records() + " records, " + r.kept() + " kept, " + r.clusters().size()
                        + " clusters of duplicates → " + r.written().reference());
                for (List<String> c : r.clusters()) {
                    ctx.out().println("  " + String.join(", ", c));
                }
            }
        }

        @Command(name = "split", description = { "Split into train / val / test (reproducible, optionally stratified).",
                "划分训练 / 验证 / 测试集（可复现，可分层）。" })
        void split(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "DIR") Path dir,
                @Option(names = "--test", defaultValue = "0.1") double test,
                @Option(names = "--val", defaultValue = "0.1") double val,
                @Option(names = "--seed", defaultValue = "42") long seed,
                @Option(names = "--stratify", paramLabel = "FIELD") String stratify) {
            Datasets.Splits s = datasets.split(ctx.workspace(), ctx.subject(), in, dir, test, val, seed, stratify);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", s.records());
            m.put("train", s.train());
            m.put("val", s.val());
            m.put("test", s.test());
            m.put("seed", seed);
            m.put("stratify", stratify);
            if (ctx.json()) {
                print(m);
            } else {
                ctx.out().println("train " + s.train() + ", val " + s.val() + ", test " + s.test() + " → " + dir);
            }
        }

        @Command(name = "clean", description = {
                "Clean text: mojibake repair, full/half width, control characters, whitespace, length and language filters.",
                "清洗文本：乱码修复、全角/半角、控制字符、空白、长度与语言过滤。" })
        void clean(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") String out,
                @Option(names = "--steps", split = ",", paramLabel = "STEP",
                        description = "Steps to run (default all): mojibake, width, control, whitespace, length, language.")
                List<String> steps,
                @Option(names = "--min-chars", defaultValue = "1", description = "Remove shorter records (default 1).")
                int minChars,
                @Option(names = "--max-chars", defaultValue = "0", description = "Remove longer records (0 = no limit).")
                int maxChars,
                @Option(names = "--languages", split = ",", paramLabel = "LANG",
                        description = "Keep only these languages: zh, en, mixed, other (default all).")
                List<String> languages) {
            Datasets.Cleaned r = datasets.clean(ctx.workspace(), ctx.subject(), in, out,
                    new Datasets.CleanOptions(steps == null ? List.of() : steps, minChars, maxChars,
                            languages == null ? List.of() : languages));
            String written = r.written().reference();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", r.report().records());
            m.put("kept", r.report().kept());
            m.put("changed", r.report().changed());
            m.put("removed", r.report().removed());
            m.put("removed_ids", r.report().removedIds());
            m.put("output", written);
            if (ctx.json()) {
                print(m);
            } else {
                ctx.out().println(r.report().records() + " records, " + r.report().kept() + " kept → " + written);
                for (String step : r.report().changed().keySet()) {
                    ctx.out().printf("  %-10s changed %d, removed %d%n", step, r.report().changed().get(step),
                            r.report().removed().get(step));
                }
            }
        }

        @Command(name = "balance", description = { "Balance by a label field: down- or up-sample with a seed.",
                "按标签字段均衡：带随机种子的欠采样或过采样。" })
        void balance(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") String out,
                @Option(names = "--field", required = true, paramLabel = "FIELD") String field,
                @Option(names = "--mode", defaultValue = "down", description = "down (default) or up.") String mode,
                @Option(names = "--seed", defaultValue = "42") long seed) {
            Balancer.Mode m = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "down" -> Balancer.Mode.DOWN;
            case "up" -> Balancer.Mode.UP;
            default -> throw EnclaveException.badInput("--mode " + mode + ": use down or up.");
            };
            Datasets.Balanced r = datasets.balance(ctx.workspace(), ctx.subject(), in, out, field, m, seed);
            String written = r.written().reference();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("records", r.records());
            j.put("kept", r.kept());
            j.put("before", r.before());
            j.put("after", r.after());
            j.put("output", written);
            if (ctx.json()) {
                print(j);
            } else {
                ctx.out().println(r.before() + " → " + r.after() + ", " + r.kept() + " records → " + written);
            }
        }

        @Command(name = "import", description = { "Import JSON Lines files, or the records a source gives "
                + "(--from; see 'enclave data sources'), as a new version of a workspace dataset.",
                "将 JSON Lines 文件或某个数据来源（--from，见 enclave data sources）给出的记录导入为工作区数据集的新版本。" })
        void importFiles(@Parameters(index = "0", paramLabel = "NAME") String name,
                @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE") List<Path> files,
                @Option(names = "--from", paramLabel = "SOURCE[:ARG]", description = {
                        "A data source, e.g. knowledge:COLLECTION.", "数据来源，例如 knowledge:集合名。" }) String from) {
            boolean noFiles = files == null || files.isEmpty();
            if (noFiles == (from == null)) {
                throw EnclaveException.badInput("data import " + name + ": give either FILE… or --from SOURCE[:ARG].");
            }
            DatasetStore.Version v;
            if (from != null) {
                int colon = from.indexOf(':');
                String id = colon < 0 ? from : from.substring(0, colon);
                String argument = colon < 0 ? null : from.substring(colon + 1);
                v = datasets.importSource(ctx.workspace(), ctx.subject(), name, id, argument, ctx.progress());
            } else {
                v = datasets.importFiles(ctx.workspace(), ctx.subject(), name, files);
            }
            if (ctx.json()) {
                print(versionJson(v));
            } else {
                ctx.out().println(DS + v.dataset() + "@" + v.version() + ": " + v.records() + " records, sha256 "
                        + v.sha256());
            }
        }

        @Command(name = "sources", description = { "The data sources that 'data import --from' can read.",
                "data import --from 可读取的数据来源。" })
        void sources() {
            List<DatasetSource> all = datasets.sources();
            if (ctx.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (DatasetSource s : all) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", s.id());
                    m.put("argument", s.argument());
                    m.put("description", s.description());
                    rows.add(m);
                }
                print(Map.of("sources", rows));
            } else if (all.isEmpty()) {
                ctx.out().println("No data sources are installed.");
            } else {
                for (DatasetSource s : all) {
                    ctx.out().println(s.id() + (s.argument() == null ? "" : ":" + s.argument()) + "  "
                            + s.description());
                }
            }
        }

        @Command(name = "versions", description = { "A workspace dataset's versions and how each was made.",
                "工作区数据集的各个版本及其来源。" })
        void versions(@Parameters(paramLabel = "NAME", arity = "0..1") String name) {
            if (name == null) {
                List<Map<String, Object>> all = new ArrayList<>();
                for (String n : datasets.names(ctx.workspace(), ctx.subject())) {
                    List<DatasetStore.Version> vs = datasets.versions(ctx.workspace(), ctx.subject(), n);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("dataset", n);
                    m.put("versions", vs.size());
                    m.put("records", vs.isEmpty() ? 0 : vs.get(vs.size() - 1).records());
                    all.add(m);
                }
                if (ctx.json()) {
                    print(Map.of("datasets", all));
                } else if (all.isEmpty()) {
                    ctx.out().println("No datasets yet: enclave data import NAME FILE.jsonl");
                } else {
                    all.forEach(m -> ctx.out().println(m.get("dataset") + ": " + m.get("versions") + " versions, "
                            + m.get("records") + " records in the latest"));
                }
                return;
            }
            List<DatasetStore.Version> vs = datasets.versions(ctx.workspace(), ctx.subject(), name);
            if (ctx.json()) {
                print(Map.of("dataset", name, "versions", vs.stream().map(DataCommand::versionJson).toList()));
            } else {
                for (DatasetStore.Version v : vs) {
                    ctx.out().printf("v%d  %-8s %6d records  %s  %s%s  %s%n", v.version(), v.step(), v.records(),
                            v.created(), v.user(), v.parent() == null ? "" : "  from v" + v.parent(),
                            FileIO.COMPACT.toJson(v.params()));
                }
            }
        }

        private static Map<String, Object> versionJson(DatasetStore.Version v) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", v.dataset());
            m.put("version", v.version());
            m.put("parent", v.parent());
            m.put("step", v.step());
            m.put("params", v.params());
            m.put("records", v.records());
            m.put("sha256", v.sha256());
            m.put("created", v.created());
            m.put("user", v.user());
            return m;
        }

        @Command(name = "stats", description = { "Records, shapes, lengths, languages, duplicates.",
                "记录数、格式、长度、语言、重复。" })
        void stats(@Parameters(paramLabel = "IN.jsonl") String in,
                @Option(names = "--label", paramLabel = "FIELD", description = "Count the values of this field.")
                String label) {
            DatasetStats st = DatasetStats.of(datasets.read(ctx.workspace(), ctx.subject(), in).records(), label);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", st.records());
            m.put("shapes", st.shapes());
            m.put("languages", st.languages());
            Map<String, Object> len = new LinkedHashMap<>();
            len.put("min", st.minChars());
            len.put("median", st.medianChars());
            len.put("max", st.maxChars());
            len.put("mean", st.meanChars());
            m.put("chars", len);
            m.put("exact_duplicates", st.exactDuplicates());
            if (label != null) {
                m.put("labels", st.labels());
            }
            if (ctx.json()) {
                print(m);
            } else {
                m.forEach((k, v) -> ctx.out().println(k + ": " + v));
            }
        }
    }
}
