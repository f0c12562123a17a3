package dev.enclave.runtime;

import java.util.List;

/**
 * Hyper-parameters of a LoRA fine-tuning run: adapters of rank {@code rank} on the modules
 * named in {@code targets} (e.g. {@code q_proj}, {@code v_proj}), scaled by {@code alpha / rank}.
 *
 * @param rank                 the adapters' rank, at least 1
 * @param alpha                the scale numerator, above 0
 * @param dropout              dropout on the adapters' input, in [0, 1)
 * @param targets              the module names adapted, not empty
 * @param epochs               passes over the training data, at least 1
 * @param learningRate         the peak AdamW learning rate (linear warm-up over 10% of the updates, then decay)
 * @param maxLength            tokens per example, at least 8; longer examples are cut
 * @param seed                 seed of the adapters' initialisation, the data order and dropout
 * @param batchSize            examples per step, at least 1
 * @param gradientAccumulation steps per optimiser update, at least 1
 */
public record LoraSettings(int rank, float alpha, float dropout, List<String> targets, int epochs, float learningRate,
        int maxLength, long seed, int batchSize, int gradientAccumulation) {
    public LoraSettings {
        targets = List.copyOf(targets);
    }

    /**
     * The settings the workbench starts from for a rank: alpha twice the rank, dropout 0.05,
     * 512 tokens, seed 0, batches of 4, no accumulation.
     */
    public static LoraSettings of(int rank, List<String> targets, int epochs, float learningRate) {
        return new LoraSettings(rank, 2f * rank, 0.05f, targets, epochs, learningRate, 512, 0L, 4, 1);
    }
}
