package dev.enclave.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a fine-tuning run produced: the adapter folder and the run's numbers, also written to
 * the adapter's {@code training.json}.
 *
 * @param method          the kind of run, {@code sft} (supervised fine-tuning) or {@code dpo}
 * @param adapter         the adapter folder written
 * @param examples        training examples used
 * @param firstLoss       the first step's training loss (null when no step ran)
 * @param finalLoss       the last step's training loss (null when no step ran)
 * @param lossCurve       every step's training loss, in order
 * @param validationLoss  the validation loss after each epoch (empty without validation data)
 * @param tokensPerSecond training throughput in tokens per second
 * @param dataSha256      SHA-256 of the training data file
 * @param cancelled       true when the run was stopped; {@code adapter/checkpoint} then lets it resume
 * @param record          the training record exactly as written to {@code training.json}, keys in order
 */
public record TrainingResult(String method, Path adapter, int examples, Double firstLoss, Double finalLoss,
        List<Double> lossCurve, List<Double> validationLoss, double tokensPerSecond, String dataSha256,
        boolean cancelled, Map<String, Object> record) {
    public TrainingResult {
        lossCurve = List.copyOf(lossCurve);
        validationLoss = List.copyOf(validationLoss);
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
    }

    /** The {@link #method()} of supervised fine-tuning. */
    public static final String SFT = "sft";

    /** The {@link #method()} of direct preference optimisation; its record adds reward margins and accuracies. */
    public static final String DPO = "dpo";
}
