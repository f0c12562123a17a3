package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model version's scores on a test set, as saved in the workspace
 * ({@code <data>/models/scorecards/}).
 *
 * @param modelVersion the model version scored (see {@link ModelInfo#version()})
 * @param model        the model's name, {@code base+adapter} when an adapter was served with it
 * @param data         the test set file
 * @param dataSha256   SHA-256 of the test set
 * @param loss         mean loss on the answer tokens (nats per token)
 * @param perplexity   {@code exp(loss)}
 * @param exactMatch   share of generated answers equal to the reference after normalisation, or null when none was generated
 * @param tokenF1      mean token F1 of the generated answers (Chinese by character, other text by word), or null
 * @param records      records in the test set
 * @param answered     records that got a generated answer
 * @param created      when it was scored (ISO-8601 instant)
 * @param file         the saved scorecard file, or null when not saved
 * @param fields       the scorecard exactly as saved (with lineage and sample answers), keys in order
 */
public record Scorecard(String modelVersion, String model, Path data, String dataSha256, double loss, double perplexity,
        Double exactMatch, Double tokenF1, int records, int answered, String created, Path file,
        Map<String, Object> fields) {
    public Scorecard {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** The metrics that scorecards are compared on, by their names in {@link #fields()}. */
    public static final List<String> METRICS = List.of("loss", "perplexity", "exact_match", "token_f1", "answered");

    /** A metric by name ({@link #METRICS}), or null when the scorecard has none. */
    public Double metric(String name) {
        return fields.get(name) instanceof Number n ? n.doubleValue() : null;
    }

    /** The value shown for a field: whole numbers as integers, others with four decimals, a missing one as a dash. */
    public static String format(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.format("%.4f", d);
        }
        return value == null ? "—" : value.toString();
    }
}
