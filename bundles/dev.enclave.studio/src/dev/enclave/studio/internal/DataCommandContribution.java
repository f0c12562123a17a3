package dev.enclave.studio.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.JsonObject;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.studio.Balancer;
import dev.enclave.studio.Cleaner;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.DatasetSource;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.studio.Splitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave data …} (mask, dedup, split, stats) to the command line. */
@Component(service = CommandContribution.class)
public final class DataCommandContribution implements CommandContribution {

    /** The data sources the installed bundles and packs offer. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<DatasetSource> sources = List.of();

    @Override
    public Object createCommand(CliContext context) {
        return new DataCommand(context, List.copyOf(sources));
    }

    /** {@code enclave data}. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = { "Datasets (JSON Lines): clean, mask personal data, remove duplicates, balance, split, "
                    + "statistics, workspace versions. IN and OUT are files, or ds:NAME[@N] for a workspace "
                    + "dataset (writing to ds:NAME adds a version that records its parent, step and parameters).",
                    "数据集（JSON Lines）：清洗、个人信息脱敏、去重、均衡、划分、统计、工作区版本。"
                            + "IN 与 OUT 可为文件或 ds:名称[@版本]（写入 ds:名称 即新增一个记录来源、步骤与参数的版本）。" })
    static final class DataCommand {
        private static final String DS = DatasetStore.PREFIX;
        private final CliContext ctx;
        private final List<DatasetSource> sources;

        DataCommand(CliContext ctx, List<DatasetSource> sources) {
            this.ctx = ctx;
            this.sources = sources;
        }

        private void print(Object o) {
            ctx.out().println(FileIO.COMPACT.toJson(o));
        }

        private void audit(String action, String in, String detail) {
            ctx.workspace().auditLog().append(ctx.subject().name(), action, in, AuditEntry.SUCCESS, detail);
        }

        /** A dataset version named {@code ds:NAME} or {@code ds:NAME@N}, else null for a plain file. */
        private DatasetStore.Version version(String ref) {
            return new DatasetStore(ctx.workspace()).find(ref);
        }

        /** Reads a JSON Lines file or a workspace dataset version. */
        private Dataset read(String in) {
            DatasetStore.Version v = version(in);
            return v == null ? Dataset.read(Path.of(in)) : new DatasetStore(ctx.workspace()).read(v);
        }

        /**
         * Writes to a file, or as a new version of a workspace dataset ({@code ds:NAME}) whose
         * parent is the input version when the input is that dataset.
         */
        private String write(String in, String out, Dataset d, String step, Map<String, Object> params) {
            if (!out.startsWith(DS)) {
                d.write(Path.of(out));
                return out;
            }
            String name = out.substring(DS.length());
            if (name.contains("@")) {
                throw EnclaveException.badInput(out + ": a new version gets the next number; write to " + DS
                        + name.substring(0, name.indexOf('@')) + ".");
            }
            DatasetStore.Version from = version(in);
            Map<String, Object> p = new LinkedHashMap<>(params);
            Integer parent = null;
            if (from != null && from.dataset().equals(name)) {
                parent = from.version();
            } else {
                p.put("input", from != null ? from.dataset() + "@" + from.version()
                        : Path.of(in).toAbsolutePath().normalize() + " sha256:" + DatasetStore.sha256(Path.of(in)));
            }
            DatasetStore.Version v = new DatasetStore(ctx.workspace()).commit(name, d, parent, step, p, ctx.subject());
            return DS + v.dataset() + "@" + v.version();
        }

        @Command(name = "mask", description = { "Replace personal data with typed placeholders.",
                "用类型占位符替换个人信息。" })
        void mask(@Parameters(index = "0", paramLabel = "IN.jsonl") String in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") String out) {
            Dataset d = read(in);
            PiiMasker masker = new PiiMasker();
            Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
            for (JsonObject r : d.records()) {
                Dataset.mapText(r, t -> masker.mask(t, counts));
            }
            Map<String, Integer> masked = new LinkedHashMap<>();
            counts.forEach((k, v) -> masked.put(k.key(), v));
            String written = write(in, out, d, "mask", Map.of("masked", masked));
            audit("data.mask", in, d.records().size() + " records, masked " + masked);
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("records", d.records().size());
                r.put("masked", masked);
                print(r);
            } else {
                ctx.out().println(d.records().size() + " records written to " + written + "; masked " + masked);
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
            Dataset d = read(in);
            Deduplicator.Result r = new Deduplicator(threshold).run(d.records());
            String written = write(in, out, new Dataset(r.kept()), "dedup",
                    Map.of("threshold", threshold, "clusters", r.clusters().size()));
            audit("data.dedup", in, d.records().size() + " records, kept " + r.kept().size());
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("records", d.records().size());
                m.put("kept", r.kept().size());
                m.put("clusters", r.clusters());
                print(m);
            } else {
                ctx.out().println(d.records().size() + " records, " + r.kept().size() + " kept, "
                        + r.clusters().size() + " clusters of duplicates → " + written);
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
            Dataset d = read(in);
            Splitter.Split s = Splitter.split(d.records(), test, val, seed, stratify);
            new Dataset(s.train()).write(dir.resolve("train.jsonl"));
            new Dataset(s.val()).write(dir.resolve("val.jsonl"));
            new Dataset(s.test()).write(dir.resolve("test.jsonl"));
            audit("data.split", in, "train " + s.train().size() + ", val " + s.val().size() + ", test "
                    + s.test().size() + ", seed " + seed);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", d.records().size());
            m.put("train", s.train().size());
            m.put("val", s.val().size());
            m.put("test", s.test().size());
            m.put("seed", seed);
            m.put("stratify", stratify);
            if (ctx.json()) {
                print(m);
            } else {
                ctx.out().println("train " + s.train().size() + ", val " + s.val().size() + ", test "
                        + s.test().size() + " → " + dir);
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
            Cleaner cleaner = new Cleaner(steps == null ? java.util.Set.of() : new java.util.LinkedHashSet<>(steps),
                    minChars, maxChars, languages == null ? java.util.Set.of() : new java.util.LinkedHashSet<>(languages));
            Dataset d = read(in);
            Cleaner.Result r = cleaner.run(d.records());
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("steps", steps == null ? Cleaner.STEPS : steps);
            params.put("min_chars", minChars);
            params.put("max_chars", maxChars);
            params.put("languages", languages == null ? List.of() : languages);
            String written = write(in, out, new Dataset(r.kept()), "clean", params);
            audit("data.clean", in, r.report().records() + " records, kept " + r.report().kept() + ", changed "
                    + r.report().changed() + ", removed " + r.report().removed());
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
            Dataset d = read(in);
            Balancer.Result r = Balancer.balance(d.records(), field, m, seed);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("field", field);
            params.put("mode", mode);
            params.put("seed", seed);
            String written = write(in, out, new Dataset(r.records()), "balance", params);
            audit("data.balance", in, "by " + field + " (" + mode + "): " + r.before() + " → " + r.after());
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("records", d.records().size());
            j.put("kept", r.records().size());
            j.put("before", r.before());
            j.put("after", r.after());
            j.put("output", written);
            if (ctx.json()) {
                print(j);
            } else {
                ctx.out().println(r.before() + " → " + r.after() + ", " + r.records().size() + " records → " + written);
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
            DatasetStore store = new DatasetStore(ctx.workspace());
            DatasetStore.Version v;
            if (from != null) {
                int colon = from.indexOf(':');
                String id = colon < 0 ? from : from.substring(0, colon);
                String argument = colon < 0 ? null : from.substring(colon + 1);
                DatasetSource source = sources.stream().filter(s -> s.id().equals(id)).findFirst()
                        .orElseThrow(() -> EnclaveException.badInput("--from " + from + ": no data source '" + id
                                + "'. Sources: " + (sources.isEmpty() ? "none"
                                        : String.join(", ", sources.stream().map(DatasetSource::id).sorted().toList()))
                                + "."));
                if (source.argument() != null && (argument == null || argument.isBlank())) {
                    throw EnclaveException.badInput("--from " + from + ": the source needs " + id + ":"
                            + source.argument() + ".");
                }
                v = store.importSource(name, source, argument, ctx.subject(), ctx.progress());
            } else {
                v = store.importFiles(name, files, ctx.subject());
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
            List<DatasetSource> all = sources.stream().sorted(java.util.Comparator.comparing(DatasetSource::id)).toList();
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
            DatasetStore store = new DatasetStore(ctx.workspace());
            if (name == null) {
                List<Map<String, Object>> all = new ArrayList<>();
                for (String n : store.names()) {
                    List<DatasetStore.Version> vs = store.versions(n);
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
            List<DatasetStore.Version> vs = store.versions(name);
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
            Dataset d = read(in);
            Map<String, Integer> shapes = new TreeMap<>();
            Map<String, Integer> languages = new TreeMap<>();
            Map<String, Integer> labels = new TreeMap<>();
            List<Integer> lengths = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            int exactDuplicates = 0;
            for (JsonObject r : d.records()) {
                shapes.merge(Dataset.shape(r).name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
                String text = Dataset.text(r);
                lengths.add(text.codePointCount(0, text.length()));
                languages.merge(Cleaner.language(text), 1, Integer::sum);
                if (!seen.add(Deduplicator.normalise(text))) {
                    exactDuplicates++;
                }
                if (label != null) {
                    labels.merge(r.has(label) ? r.get(label).getAsString() : "(missing)", 1, Integer::sum);
                }
            }
            lengths.sort(null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", d.records().size());
            m.put("shapes", shapes);
            m.put("languages", languages);
            Map<String, Object> len = new LinkedHashMap<>();
            len.put("min", lengths.isEmpty() ? 0 : lengths.get(0));
            len.put("median", lengths.isEmpty() ? 0 : lengths.get(lengths.size() / 2));
            len.put("max", lengths.isEmpty() ? 0 : lengths.get(lengths.size() - 1));
            len.put("mean", lengths.stream().mapToInt(Integer::intValue).average().orElse(0));
            m.put("chars", len);
            m.put("exact_duplicates", exactDuplicates);
            if (label != null) {
                m.put("labels", labels);
            }
            if (ctx.json()) {
                print(m);
            } else {
                m.forEach((k, v) -> ctx.out().println(k + ": " + v));
            }
        }
    }
}
