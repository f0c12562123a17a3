package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a model ranks preference pairs: {@code rewardAccuracy} is the share of pairs whose chosen
 * response has the higher summed log-probability under the model (base, or base + adapter), and
 * {@code meanMargin} the mean of log π(chosen) − log π(rejected) over the pairs. Saved in the
 * workspace with the scorecards.
 *
 * @param pairs          pairs scored
 * @param rewardAccuracy share of pairs ranked right, 0–1
 * @param meanMargin     mean log-probability difference, chosen minus rejected
 * @param file           the saved scorecard
 * @param record         the scorecard exactly as saved, keys in order
 */
public record PreferenceScore(int pairs, double rewardAccuracy, double meanMargin, Path file,
        Map<String, Object> record) {
    public PreferenceScore {
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
    }
}
