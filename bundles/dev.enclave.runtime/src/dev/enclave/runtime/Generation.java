package dev.enclave.runtime;

import java.util.List;

/**
 * The result of a generation.
 *
 * @param text                    the new text
 * @param tokenIds                the new token ids
 * @param promptTokens            tokens in the prompt
 * @param prefillTokensPerSecond  prompt tokens processed per second
 * @param decodeTokensPerSecond   new tokens per second after the first
 * @param stopReason              {@code eos}, {@code stop-string}, {@code max-tokens} or {@code cancelled}
 */
public record Generation(String text, List<Integer> tokenIds, int promptTokens, double prefillTokensPerSecond,
        double decodeTokensPerSecond, String stopReason) {
    public Generation {
        tokenIds = List.copyOf(tokenIds);
    }
}
