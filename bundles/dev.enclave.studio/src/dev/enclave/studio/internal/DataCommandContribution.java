package dev.enclave.studio.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;

import com.google.gson.JsonObject;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.internal.Files2;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.studio.Splitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave data …} (mask, dedup, split, stats) to the command line. */
@Component(service = CommandContribution.class)
public final class DataCommandContribution implements CommandContribution {

    @Override
    public Object createCommand(CliContext context) {
        return new DataCommand(context);
    }

    /** {@code enclave data}. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = { "Datasets (JSON Lines): mask personal data, remove duplicates, split, statistics.",
                    "数据集（JSON Lines）：个人信息脱敏、去重、划分、统计。" })
    static final class DataCommand {
        private final CliContext ctx;

        DataCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        private void print(Object o) {
            ctx.out().println(Files2.COMPACT.toJson(o));
        }

        private void audit(String action, Path in, String detail) {
            ctx.workspace().auditLog().append(ctx.subject().name(), action, in.toString(), AuditEntry.SUCCESS, detail);
        }

        @Command(name = "mask", description = { "Replace personal data with typed placeholders.",
                "用类型占位符替换个人信息。" })
        void mask(@Parameters(index = "0", paramLabel = "IN.jsonl") Path in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") Path out) {
            Dataset d = Dataset.read(in);
            PiiMasker masker = new PiiMasker();
            Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
            for (JsonObject r : d.records()) {
                Dataset.mapText(r, t -> masker.mask(t, counts));
            }
            d.write(out);
            Map<String, Integer> masked = new LinkedHashMap<>();
            counts.forEach((k, v) -> masked.put(k.key(), v));
            audit("data.mask", in, d.records().size() + " records, masked " + masked);
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("records", d.records().size());
                r.put("masked", masked);
                print(r);
            } else {
                ctx.out().println(d.records().size() + " records written to " + out + "; masked " + masked);
            }
        }

        @Command(name = "dedup", description = { "Remove exact and near duplicates (MinHash + LSH); keep the first.",
                "去除完全重复与近似重复（MinHash + LSH），保留第一条。" })
        void dedup(@Parameters(index = "0", paramLabel = "IN.jsonl") Path in,
                @Parameters(index = "1", paramLabel = "OUT.jsonl") Path out,
                @Option(names = "--threshold", defaultValue = "0.8",
                        description = "Jaccard similarity of character 5-grams (default 0.8).") double threshold) {
            if (threshold <= 0 || threshold > 1) {
                throw EnclaveException.badInput("--threshold " + threshold + ": give a value in (0, 1].");
            }
            Dataset d = Dataset.read(in);
            Deduplicator.Result r = new Deduplicator(threshold).run(d.records());
            new Dataset(r.kept()).write(out);
            audit("data.dedup", in, d.records().size() + " records, kept " + r.kept().size());
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("records", d.records().size());
                m.put("kept", r.kept().size());
                m.put("clusters", r.clusters());
                print(m);
            } else {
                ctx.out().println(d.records().size() + " records, " + r.kept().size() + " kept, "
                        + r.clusters().size() + " clusters of duplicates");
                for (List<String> c : r.clusters()) {
                    ctx.out().println("  " + String.join(", ", c));
                }
            }
        }

        @Command(name = "split", description = { "Split into train / val / test (reproducible, optionally stratified).",
                "划分训练 / 验证 / 测试集（可复现，可分层）。" })
        void split(@Parameters(index = "0", paramLabel = "IN.jsonl") Path in,
                @Parameters(index = "1", paramLabel = "DIR") Path dir,
                @Option(names = "--test", defaultValue = "0.1") double test,
                @Option(names = "--val", defaultValue = "0.1") double val,
                @Option(names = "--seed", defaultValue = "42") long seed,
                @Option(names = "--stratify", paramLabel = "FIELD") String stratify) {
            Dataset d = Dataset.read(in);
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

        @Command(name = "stats", description = { "Records, shapes, lengths, languages, duplicates.",
                "记录数、格式、长度、语言、重复。" })
        void stats(@Parameters(paramLabel = "IN.jsonl") Path in,
                @Option(names = "--label", paramLabel = "FIELD", description = "Count the values of this field.")
                String label) {
            Dataset d = Dataset.read(in);
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
                long han = text.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                        .count();
                long latin = text.codePoints()
                        .filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN).count();
                String lang = han > 0 && latin > han ? "mixed" : han > 0 ? "zh" : latin > 0 ? "en" : "other";
                languages.merge(lang, 1, Integer::sum);
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
