package dev.enclave.studio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.gson.JsonObject;

/**
 * Statistics of a dataset: record count, record shapes and languages (by count, sorted by
 * name), text length in Unicode code points (min, median, max, mean over each record's
 * {@link Dataset#text}), exact duplicates after {@link Deduplicator#normalise}, and optionally
 * the count of each value of a label field ({@code (missing)} for records without it).
 * Immutable; computing it changes nothing and is not audited.
 */
public record DatasetStats(int records, Map<String, Integer> shapes, Map<String, Integer> languages, int minChars,
        int medianChars, int maxChars, double meanChars, int exactDuplicates, Map<String, Integer> labels) {

    /**
     * The statistics of {@code records}.
     *
     * @param label a field whose values to count, or null for none ({@link #labels()} is then null)
     */
    public static DatasetStats of(List<JsonObject> records, String label) {
        Map<String, Integer> shapes = new TreeMap<>();
        Map<String, Integer> languages = new TreeMap<>();
        Map<String, Integer> labels = label == null ? null : new TreeMap<>();
        List<Integer> lengths = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int exactDuplicates = 0;
        for (JsonObject r : records) {
            shapes.merge(Dataset.shape(r).name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            String text = Dataset.text(r);
            lengths.add(text.codePointCount(0, text.length()));
            languages.merge(Cleaner.language(text), 1, Integer::sum);
            if (!seen.add(Deduplicator.normalise(text))) {
                exactDuplicates++;
            }
            if (labels != null) {
                labels.merge(r.has(label) ? r.get(label).getAsString() : "(missing)", 1, Integer::sum);
            }
        }
        lengths.sort(null);
        return new DatasetStats(records.size(), shapes, languages, lengths.isEmpty() ? 0 : lengths.get(0),
                lengths.isEmpty() ? 0 : lengths.get(lengths.size() / 2),
                lengths.isEmpty() ? 0 : lengths.get(lengths.size() - 1),
                lengths.stream().mapToInt(Integer::intValue).average().orElse(0), exactDuplicates, labels);
    }
}
