package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import dev.enclave.core.FileIO;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.studio.Dataset;
import dev.enclave.studio.DatasetStats;
import dev.enclave.studio.DatasetStore;
import dev.enclave.studio.Datasets;
import dev.enclave.studio.PiiMasker;
import dev.enclave.ui.internal.Messages;

/**
 * What the Datasets part has open — a JSON Lines file or a workspace dataset version — with its
 * statistics and preview, and the steps run on it through the {@link Datasets} service (which
 * writes and audits them). A step on a workspace version adds the next version of that dataset
 * (its parent is the open version); a step on a file writes a sibling file. After a step the
 * session opens what it wrote. No widgets: the part shows what this holds. UI thread only.
 */
final class DatasetSession {
    /** How many records the preview shows. */
    static final int PREVIEW_RECORDS = 200;

    /** The preview text, one record a line, and the {@code [start, end)} ranges of personal data in it. */
    record Preview(String text, List<int[]> personalData) {
    }

    private final Datasets datasets;
    private final Workspace workspace;
    private final Subject subject;
    private final PiiMasker masker = new PiiMasker();
    private Dataset dataset;
    private Path path;
    private DatasetStore.Version version;
    private DatasetStats stats;

    DatasetSession(Datasets datasets, Workspace workspace, Subject subject) {
        this.datasets = datasets;
        this.workspace = workspace;
        this.subject = subject;
    }

    /** Whether a workspace and a user are there to work in. */
    boolean ready() {
        return datasets != null && workspace != null && subject != null;
    }

    /** Whether a dataset is open. */
    boolean isOpen() {
        return dataset != null;
    }

    /** The open workspace version, or null when a plain file (or nothing) is open. */
    DatasetStore.Version version() {
        return version;
    }

    /** The open dataset's statistics, or null when nothing is open. */
    DatasetStats stats() {
        return stats;
    }

    /** Opens a JSON Lines file; what was open stays open when it cannot be read. */
    void open(Path file) {
        Dataset d = datasets.read(workspace, subject, file.toString());
        show(d, file, null);
    }

    /** Opens a workspace version, checked against its hash. */
    void open(DatasetStore.Version v) {
        Dataset d = datasets.read(workspace, subject, Datasets.PREFIX + v.dataset() + "@" + v.version());
        show(d, v.file(), v);
    }

    private void show(Dataset d, Path p, DatasetStore.Version v) {
        dataset = d;
        path = p;
        version = v;
        stats = DatasetStats.of(d.records(), null);
    }

    /** Every version of every workspace dataset, dataset by dataset, oldest first. */
    List<DatasetStore.Version> allVersions() {
        List<DatasetStore.Version> all = new ArrayList<>();
        for (String name : datasets.names(workspace, subject)) {
            all.addAll(datasets.versions(workspace, subject, name));
        }
        return all;
    }

    /** The open version's lineage as {@code v1 import (4)  →  v2 clean (4) …}, or "" for a file. */
    String lineage() {
        if (version == null) {
            return "";
        }
        StringBuilder chain = new StringBuilder();
        for (DatasetStore.Version step : datasets.lineage(workspace, subject, version)) {
            if (!chain.isEmpty()) {
                chain.append("  →  ");
            }
            chain.append("v").append(step.version()).append(" ").append(step.step()).append(" (")
                    .append(step.records()).append(")");
        }
        return chain.toString();
    }

    /** The first {@link #PREVIEW_RECORDS} records, id and text, with the personal data the masker would replace. */
    Preview preview() {
        StringBuilder text = new StringBuilder();
        List<int[]> ranges = new ArrayList<>();
        for (JsonObject r : dataset.records().subList(0, Math.min(PREVIEW_RECORDS, dataset.records().size()))) {
            String record = Dataset.id(r) + "  " + Dataset.text(r).replace('\n', ' ').trim();
            int base = text.length();
            for (PiiMasker.Span s : masker.find(record)) {
                ranges.add(new int[] { base + s.start(), base + s.end() });
            }
            text.append(record).append('\n');
        }
        return new Preview(text.toString(), ranges);
    }

    /**
     * Imports the open file as the next version of the workspace dataset named after it, and
     * opens that version.
     *
     * @return the status line
     */
    String importOpenFile() {
        String name = path.getFileName().toString().replaceFirst("\\.jsonl$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        DatasetStore.Version v = datasets.importFiles(workspace, subject, name, List.of(path));
        open(v);
        return Messages.get("data.imported", v.dataset(), v.version(), v.records());
    }

    /** Cleans with every step and default limits, then opens the result; returns the status line. */
    String clean() {
        Datasets.Cleaned r = datasets.clean(workspace, subject, input(), output("-clean"),
                Datasets.CleanOptions.defaults());
        return opened(r.written(), Messages.get("data.cleanSummary", r.report().kept(), r.report().records(),
                r.report().changed(), r.report().removed()));
    }

    /** Masks personal data, then opens the result; returns the status line. */
    String mask() {
        Datasets.Masked r = datasets.mask(workspace, subject, input(), output("-masked"));
        return opened(r.written(), String.valueOf(r.masked()));
    }

    /** Removes duplicates at the default threshold, then opens the result; returns the status line. */
    String dedup() {
        Datasets.Deduplicated r = datasets.dedup(workspace, subject, input(), output("-dedup"),
                Datasets.DEFAULT_THRESHOLD);
        return opened(r.written(), r.kept() + "/" + r.records());
    }

    private String input() {
        return version == null ? path.toString() : Datasets.PREFIX + version.dataset() + "@" + version.version();
    }

    /** The next version of the open dataset, or a file beside the open one with {@code suffix}. */
    private String output(String suffix) {
        if (version != null) {
            return Datasets.PREFIX + version.dataset();
        }
        String name = path.getFileName().toString().replaceFirst("\\.jsonl$", "");
        return path.resolveSibling(name + suffix + ".jsonl").toString();
    }

    private String opened(Datasets.Written written, String summary) {
        if (written.version() != null) {
            open(written.version());
            return Messages.get("data.written", written.version().dataset() + " v" + written.version().version(),
                    summary);
        }
        open(Path.of(written.reference()));
        return Messages.get("data.written", written.reference(), summary);
    }

    /** Parameters as compact JSON, for the versions table. */
    static String params(Map<String, Object> params) {
        return FileIO.COMPACT.toJson(params);
    }
}
