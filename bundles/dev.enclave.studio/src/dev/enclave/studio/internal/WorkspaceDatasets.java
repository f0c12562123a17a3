package dev.enclave.studio.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.JsonObject;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.Balancer;
import dev.enclave.studio.Cleaner;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.DatasetSource;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Datasets;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.studio.Splitter;

/**
 * {@link Datasets} over the workspace's {@link DatasetStore} and the studio's engines
 * ({@link Cleaner}, {@link PiiMasker}, {@link Deduplicator}, {@link Balancer}, {@link Splitter}).
 * Each public operation appends its one audit entry after its output is written.
 */
@Component(service = Datasets.class)
public final class WorkspaceDatasets implements Datasets {
    private final Map<PiiMasker.Options, PiiMasker> maskers = new java.util.concurrent.ConcurrentHashMap<>();

    /** The data sources the installed bundles and packs offer. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<DatasetSource> sources = List.of();

    @Override
    public List<DatasetSource> sources() {
        return sources.stream().sorted(Comparator.comparing(DatasetSource::id)).toList();
    }

    @Override
    public Dataset read(Workspace workspace, Subject subject, String reference) {
        DatasetStore store = new DatasetStore(workspace);
        DatasetStore.Version v = store.find(reference);
        return v == null ? Dataset.read(Path.of(reference)) : store.read(v);
    }

    @Override
    public DatasetStore.Version find(Workspace workspace, Subject subject, String reference) {
        return new DatasetStore(workspace).find(reference);
    }

    @Override
    public List<String> names(Workspace workspace, Subject subject) {
        return new DatasetStore(workspace).names();
    }

    @Override
    public List<DatasetStore.Version> versions(Workspace workspace, Subject subject, String name) {
        return new DatasetStore(workspace).versions(name);
    }

    @Override
    public List<DatasetStore.Version> lineage(Workspace workspace, Subject subject, DatasetStore.Version version) {
        return new DatasetStore(workspace).lineage(version);
    }

    @Override
    public DatasetStore.Version importFiles(Workspace workspace, Subject subject, String name, List<Path> files) {
        if (files.isEmpty()) {
            throw EnclaveException.badInput("No files given to import into dataset '" + name + "'.");
        }
        List<JsonObject> all = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (Path f : files) {
            Dataset d = Dataset.read(f);
            if (!d.skipped().isEmpty()) {
                throw EnclaveException.badInput(String.join("\n", d.skipped()) + "\nNothing was imported.");
            }
            all.addAll(d.records());
            inputs.add(f.toAbsolutePath().normalize() + " sha256:" + DatasetStore.sha256(f));
        }
        return save(workspace, subject, name, new Dataset(all), latest(workspace, name), "import",
                Map.of("sources", inputs));
    }

    @Override
    public DatasetStore.Version importSource(Workspace workspace, Subject subject, String name, String source,
            String argument, Progress progress) {
        List<DatasetSource> all = sources();
        DatasetSource s = all.stream().filter(x -> x.id().equals(source)).findFirst()
                .orElseThrow(() -> EnclaveException.badInput("No data source '" + source + "'. Sources: "
                        + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(DatasetSource::id).toList()))
                        + "."));
        if (s.argument() != null && (argument == null || argument.isBlank())) {
            throw EnclaveException.badInput("The data source '" + source + "' reads a " + s.argument()
                    + ": name one (" + source + ":" + s.argument() + ").");
        }
        new DatasetStore(workspace).folder(name); // checks the name before the source does its work
        List<JsonObject> records = s.records(workspace, subject, argument, progress);
        if (records.isEmpty()) {
            throw EnclaveException.badInput(source + (argument == null ? "" : ":" + argument)
                    + " gives no records that " + subject.name() + " may read.");
        }
        List<JsonObject> withIds = new ArrayList<>();
        int n = 0;
        for (JsonObject r : records) {
            n++;
            withIds.add(r.has("id") ? r : Dataset.withId(r, source + "-" + n));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source", source);
        if (argument != null) {
            params.put("argument", argument);
        }
        return save(workspace, subject, name, new Dataset(withIds), latest(workspace, name), "import", params);
    }

    /** The number of the latest version of {@code name}, or null when it has none yet. */
    private static Integer latest(Workspace workspace, String name) {
        DatasetStore store = new DatasetStore(workspace);
        if (!Files.isDirectory(store.folder(name))) {
            return null;
        }
        int n = store.versions(name).size();
        return n == 0 ? null : n;
    }

    @Override
    public DatasetStore.Version save(Workspace workspace, Subject subject, String name, Dataset records,
            Integer parent, String step, Map<String, Object> params) {
        DatasetStore.Version v = commit(workspace, subject, name, records, parent, step, params);
        workspace.auditLog().append(subject.name(), "data.version", name + " v" + v.version(), AuditEntry.SUCCESS,
                step + (parent == null ? "" : " from v" + parent) + ", " + v.records() + " records, sha256 "
                        + v.sha256());
        return v;
    }

    /**
     * Writes the next version of {@code name} through a temporary file and an atomic move, then
     * its manifest; a failed write leaves no version. Not audited: the caller audits.
     */
    private static DatasetStore.Version commit(Workspace workspace, Subject subject, String name, Dataset records,
            Integer parent, String step, Map<String, Object> params) {
        DatasetStore store = new DatasetStore(workspace);
        Path dir = store.folder(name);
        try {
            Files.createDirectories(dir);
            int next = 1;
            while (Files.exists(dir.resolve("v" + next + ".json"))) {
                next++;
            }
            Path file = dir.resolve("v" + next + ".jsonl");
            Path tmp = dir.resolve("v" + next + ".jsonl.tmp");
            records.write(tmp);
            String hash = DatasetStore.sha256(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            JsonObject m = new JsonObject();
            m.addProperty("dataset", name);
            m.addProperty("version", next);
            if (parent != null) {
                m.addProperty("parent", parent);
            }
            m.addProperty("step", step);
            m.add("params", FileIO.GSON.toJsonTree(params));
            m.addProperty("records", records.records().size());
            m.addProperty("sha256", hash);
            m.addProperty("created", Instant.now().toString());
            m.addProperty("user", subject.name());
            FileIO.writeAtomically(dir.resolve("v" + next + ".json"), FileIO.GSON.toJson(m));
            return store.version(name, next);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write dataset " + name + " under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a step's result to a file, or as the next version of a workspace dataset
     * ({@code ds:NAME}) whose parent is the input when the input is a version of that dataset.
     */
    private Written write(Workspace workspace, Subject subject, String input, String output, Dataset result,
            String step, Map<String, Object> params) {
        if (!output.startsWith(PREFIX)) {
            result.write(Path.of(output));
            return new Written(output, null);
        }
        String name = output.substring(PREFIX.length());
        if (name.contains("@")) {
            throw EnclaveException.badInput(output + ": a new version gets the next number; write to " + PREFIX
                    + name.substring(0, name.indexOf('@')) + ".");
        }
        DatasetStore.Version from = find(workspace, subject, input);
        Map<String, Object> p = new LinkedHashMap<>(params);
        Integer parent = null;
        if (from != null && from.dataset().equals(name)) {
            parent = from.version();
        } else {
            p.put("input", from != null ? from.dataset() + "@" + from.version()
                    : Path.of(input).toAbsolutePath().normalize() + " sha256:" + DatasetStore.sha256(Path.of(input)));
        }
        DatasetStore.Version v = commit(workspace, subject, name, result, parent, step, p);
        return new Written(PREFIX + v.dataset() + "@" + v.version(), v);
    }

    /** The step's one audit entry: what it did, and the version or file it wrote. */
    private static void audit(Workspace workspace, Subject subject, String step, String input, String detail,
            Written written) {
        DatasetStore.Version v = written.version();
        String where = v == null ? written.reference()
                : written.reference() + " (" + (v.parent() == null ? "" : "from v" + v.parent() + ", ")
                        + v.records() + " records, sha256 " + v.sha256() + ")";
        workspace.auditLog().append(subject.name(), "data." + step, input, AuditEntry.SUCCESS,
                detail + " → " + where);
    }

    @Override
    public Cleaned clean(Workspace workspace, Subject subject, String input, String output, CleanOptions options) {
        Cleaner cleaner = new Cleaner(new LinkedHashSet<>(options.steps()), options.minChars(), options.maxChars(),
                new LinkedHashSet<>(options.languages()));
        Dataset d = read(workspace, subject, input);
        Cleaner.Result r = cleaner.run(d.records());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("steps", options.steps().isEmpty() ? Cleaner.STEPS : options.steps());
        params.put("min_chars", options.minChars());
        params.put("max_chars", options.maxChars());
        params.put("languages", options.languages());
        Written w = write(workspace, subject, input, output, new Dataset(r.kept()), "clean", params);
        audit(workspace, subject, "clean", input, r.report().records() + " records, kept " + r.report().kept()
                + ", changed " + r.report().changed() + ", removed " + r.report().removed(), w);
        skipped(d, w.reference());
        return new Cleaned(r.report(), w);
    }

    @Override
    public Masked mask(Workspace workspace, Subject subject, String input, String output) {
        PiiMasker masker = maskers.computeIfAbsent(PiiMasker.Options.of(workspace.settings()), PiiMasker::new);
        Dataset d = read(workspace, subject, input);
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        for (JsonObject r : d.records()) {
            Dataset.mapStrings(r, t -> masker.mask(t, counts));
        }
        Map<String, Integer> masked = new LinkedHashMap<>();
        counts.forEach((k, v) -> masked.put(k.key(), v));
        Written w = write(workspace, subject, input, output, d, "mask", Map.of("masked", masked));
        audit(workspace, subject, "mask", input, d.records().size() + " records, masked " + masked, w);
        skipped(d, w.reference());
        return new Masked(d.records().size(), masked, w);
    }

    @Override
    public Deduplicated dedup(Workspace workspace, Subject subject, String input, String output, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw EnclaveException.badInput("Similarity threshold " + threshold
                    + ": give a value above 0 and at most 1.");
        }
        Dataset d = read(workspace, subject, input);
        Deduplicator.Result r = new Deduplicator(threshold).run(d.records());
        Written w = write(workspace, subject, input, output, new Dataset(r.kept()), "dedup",
                Map.of("threshold", threshold, "clusters", r.clusters().size()));
        audit(workspace, subject, "dedup", input, d.records().size() + " records, kept " + r.kept().size(), w);
        skipped(d, w.reference());
        return new Deduplicated(d.records().size(), r.kept().size(), r.clusters(), w);
    }

    @Override
    public Balanced balance(Workspace workspace, Subject subject, String input, String output, String field,
            Balancer.Mode mode, long seed) {
        Dataset d = read(workspace, subject, input);
        Balancer.Result r = Balancer.balance(d.records(), field, mode, seed);
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("field", field);
        params.put("mode", modeName);
        params.put("seed", seed);
        Written w = write(workspace, subject, input, output, new Dataset(r.records()), "balance", params);
        audit(workspace, subject, "balance", input,
                "by " + field + " (" + modeName + "): " + r.before() + " → " + r.after(), w);
        skipped(d, w.reference());
        return new Balanced(d.records().size(), r.records().size(), r.before(), r.after(), w);
    }

    @Override
    public Splits split(Workspace workspace, Subject subject, String input, Path folder, double test, double val,
            long seed, String stratify) {
        Dataset d = read(workspace, subject, input);
        Splitter.Split s = Splitter.split(d.records(), test, val, seed, stratify);
        new Dataset(s.train()).write(folder.resolve("train.jsonl"));
        new Dataset(s.val()).write(folder.resolve("val.jsonl"));
        new Dataset(s.test()).write(folder.resolve("test.jsonl"));
        workspace.auditLog().append(subject.name(), "data.split", input, AuditEntry.SUCCESS, "train "
                + s.train().size() + ", val " + s.val().size() + ", test " + s.test().size() + ", seed " + seed
                + " → " + folder);
        skipped(d, folder);
        return new Splits(d.records().size(), s.train().size(), s.val().size(), s.test().size(), folder);
    }

    /**
     * After a step wrote what it could: lines of the input that were left out (too long) stop the
     * command with a message naming each file and line, and where the rest was written.
     */
    private static void skipped(Dataset d, Object written) {
        if (!d.skipped().isEmpty()) {
            throw EnclaveException.badInput(String.join("\n", d.skipped()) + "\nThe other " + d.records().size()
                    + " records were processed and written to " + written + ".");
        }
    }
}
