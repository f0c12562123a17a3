package dev.enclave.runtime;

import java.nio.file.Path;

/**
 * What to score: a decoder model folder, optionally with a LoRA adapter, on a test set (JSON
 * Lines in Alpaca, ShareGPT or {@code {"text"}} form).
 *
 * @param model        the model folder
 * @param adapter      a PEFT LoRA adapter folder served with the model, or null
 * @param data         the test set
 * @param maxLength    tokens per record for the loss, at least 8
 * @param maxNewTokens tokens generated per answer, at least 1
 * @param limit        at most this many records get a generated answer; 0 means all
 */
public record EvaluationRequest(Path model, Path adapter, Path data, int maxLength, int maxNewTokens, int limit) {

    /** The workbench's defaults: 512 tokens per record, answers of up to 64 tokens. */
    public static EvaluationRequest of(Path model, Path adapter, Path data, int limit) {
        return new EvaluationRequest(model, adapter, data, 512, 64, limit);
    }
}
