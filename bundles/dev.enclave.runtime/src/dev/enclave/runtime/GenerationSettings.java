package dev.enclave.runtime;

import java.util.List;

/**
 * How to generate.
 *
 * @param maxNewTokens      at most this many new tokens
 * @param temperature       0 for greedy decoding, else the softmax temperature
 * @param topK              keep the k most likely tokens (0: all)
 * @param topP              keep the smallest set whose probability reaches p (1: all)
 * @param repetitionPenalty divide positive (multiply negative) logits of tokens already present (1: off)
 * @param seed              random seed for sampling
 * @param stopStrings       stop when the text ends with one of these (it is not included)
 */
public record GenerationSettings(int maxNewTokens, float temperature, int topK, float topP, float repetitionPenalty,
        long seed, List<String> stopStrings) {
    public GenerationSettings {
        stopStrings = List.copyOf(stopStrings);
    }

    /** Greedy decoding of up to {@code maxNewTokens} tokens. */
    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, 0f, 0, 1f, 1f, 0L, List.of());
    }
}
