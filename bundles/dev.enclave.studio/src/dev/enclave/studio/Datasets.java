package dev.enclave.studio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The data studio's dataset work as an OSGi service: import, clean, mask personal data,
 * remove duplicates, balance, split, and the workspace's versioned datasets. The command line
 * ({@code enclave data …}) and the Datasets part both go through it. Thread-safe.
 *
 * <p>Datasets are named by a <em>reference</em>: a JSON Lines file path, or {@code ds:NAME} /
 * {@code ds:NAME@N} for a workspace dataset (its latest version, or version {@code N}; see
 * {@link DatasetStore}). A step reads its input reference and writes its output reference:
 * to a file, or, for {@code ds:NAME}, as a new version that records its parent (the input, when
 * the input is a version of the same dataset), the step and its parameters.
 *
 * <p>Every import, step and version save appends exactly one entry to the workspace's audit
 * log, as {@code subject}: {@code data.version} for an import or a version saved by
 * {@link #save}, {@code data.clean}, {@code data.mask}, {@code data.dedup}, {@code data.balance}
 * and {@code data.split} for the steps (the entry names the version or file written). Reads and
 * statistics are not audited. Counts are records (JSON Lines lines); lengths are Unicode code
 * points.
 *
 * <p>All methods throw {@link dev.enclave.core.EnclaveException}: bad input (a reference that
 * names no dataset or an unreadable file, a malformed record, a parameter out of range, a dataset
 * name that is not allowed), or a failure (a version file changed outside Enclave, a file that
 * cannot be written).
 */
public interface Datasets {

    /** The prefix that names a workspace dataset where a file is expected ({@link DatasetStore#PREFIX}). */
    String PREFIX = DatasetStore.PREFIX;

    /** The near-duplicate threshold used when none is given: Jaccard similarity of character 5-grams. */
    double DEFAULT_THRESHOLD = 0.8;

    /** What {@link #mask} did: records in, the count per kind of personal data, and where it wrote. */
    record Masked(int records, Map<String, Integer> masked, Written written) {
    }

    /** What {@link #dedup} did: records in and kept, every cluster of two or more ids, and where it wrote. */
    record Deduplicated(int records, int kept, List<List<String>> clusters, Written written) {
    }

    /** What {@link #clean} did, step by step, and where it wrote. */
    record Cleaned(Cleaner.Report report, Written written) {
    }

    /** What {@link #balance} did: records in and out, the count per label before and after, and where it wrote. */
    record Balanced(int records, int kept, Map<String, Integer> before, Map<String, Integer> after, Written written) {
    }

    /** What {@link #split} wrote: the records in and the size of each part under {@code folder}. */
    record Splits(int records, int train, int val, int test, Path folder) {
    }

    /**
     * Where a step wrote: the reference as shown to the user ({@code ds:NAME@N} or the file path)
     * and the new version, or null when a file was written.
     */
    record Written(String reference, DatasetStore.Version version) {
    }

    /** How to clean: the {@link Cleaner} steps to run (empty = all), length limits and languages kept. */
    record CleanOptions(List<String> steps, int minChars, int maxChars, List<String> languages) {
        /** Every step, records of at least one code point, every language: what the part runs. */
        public static CleanOptions defaults() {
            return new CleanOptions(List.of(), 1, 0, List.of());
        }
    }

    /** The data sources the installed bundles and packs offer, sorted by id. */
    List<DatasetSource> sources();

    /**
     * Reads a dataset reference: a JSON Lines file, or a workspace version after checking its hash.
     * Not audited.
     */
    Dataset read(Workspace workspace, Subject subject, String reference);

    /** The workspace version a reference names, or null when it names a plain file. */
    DatasetStore.Version find(Workspace workspace, Subject subject, String reference);

    /** The workspace datasets' names, sorted. */
    List<String> names(Workspace workspace, Subject subject);

    /** A workspace dataset's versions, oldest first. */
    List<DatasetStore.Version> versions(Workspace workspace, Subject subject, String name);

    /** The chain of versions from the import to {@code version}, import first. */
    List<DatasetStore.Version> lineage(Workspace workspace, Subject subject, DatasetStore.Version version);

    /**
     * Imports JSON Lines files as the next version of {@code name} (step {@code import}; the first
     * version when the dataset is new). Every file is read and checked before anything is written.
     */
    DatasetStore.Version importFiles(Workspace workspace, Subject subject, String name, List<Path> files);

    /**
     * Imports what a data source gives, read with {@code subject}'s rights, as the next version of
     * {@code name}.
     *
     * @param source   a source's {@link DatasetSource#id()}
     * @param argument what the source reads (e.g. a collection), or null for a source that takes none
     * @param progress reports the source's work and may cancel it
     */
    DatasetStore.Version importSource(Workspace workspace, Subject subject, String name, String source,
            String argument, Progress progress);

    /**
     * Saves records as the next version of {@code name}, made from version {@code parent} (null
     * for none) by {@code step} with {@code params} (stored in the version's manifest as JSON).
     */
    DatasetStore.Version save(Workspace workspace, Subject subject, String name, Dataset records, Integer parent,
            String step, Map<String, Object> params);

    /** Cleans the text of every record ({@link Cleaner}) and writes those kept. */
    Cleaned clean(Workspace workspace, Subject subject, String input, String output, CleanOptions options);

    /** Replaces personal data in every text field with typed placeholders ({@link PiiMasker}). */
    Masked mask(Workspace workspace, Subject subject, String input, String output);

    /**
     * Removes exact and near duplicates ({@link Deduplicator}), keeping the first of each cluster.
     *
     * @param threshold estimated Jaccard similarity at or above which two records are duplicates, in (0, 1]
     */
    Deduplicated dedup(Workspace workspace, Subject subject, String input, String output, double threshold);

    /** Balances by the values of a label field ({@link Balancer}), reproducibly for a seed. */
    Balanced balance(Workspace workspace, Subject subject, String input, String output, String field,
            Balancer.Mode mode, long seed);

    /**
     * Splits into {@code train.jsonl}, {@code val.jsonl} and {@code test.jsonl} under {@code folder}
     * ({@link Splitter}).
     *
     * @param test     the share of records for the test part, 0 or more
     * @param val      the share for the validation part, 0 or more; with {@code test}, below 1
     * @param stratify a field whose values each part keeps in proportion, or null
     */
    Splits split(Workspace workspace, Subject subject, String input, Path folder, double test, double val, long seed,
            String stratify);
}
