package dev.enclave.runtime;

import java.nio.file.Path;

/**
 * One supervised fine-tuning run: a decoder model folder, training data (JSON Lines in Alpaca,
 * ShareGPT or {@code {"text"}} form), optional validation data, and the folder the PEFT adapter
 * and its {@code training.json} are written to.
 *
 * @param base       the base model folder
 * @param data       the training data
 * @param validation validation data scored after every epoch, or null
 * @param out        the adapter folder
 * @param settings   the hyper-parameters
 * @param resume     continue the stopped run whose checkpoint {@code out} holds
 */
public record SftRequest(Path base, Path data, Path validation, Path out, LoraSettings settings, boolean resume) {
}
