package dev.enclave.runtime;

import java.nio.file.Path;

/**
 * One preference-alignment run on LoRA adapters: a decoder model folder, preference pairs
 * (JSON Lines {@code {"prompt", "chosen", "rejected"}}, or {@code "messages"} — a multi-turn
 * prompt — instead of {@code "prompt"}), and the folder the PEFT adapter and its
 * {@code training.json} are written to. The method names the objective; {@link #DPO} today, and
 * later objectives on the same pairs (ORPO, KTO) take the same request.
 *
 * @param method   the objective, {@link #DPO}
 * @param base     the base model folder; with the adapter switched off it is also the reference model
 * @param data     the preference pairs
 * @param out      the adapter folder
 * @param settings the LoRA hyper-parameters (dropout is not used: the policy and reference must agree)
 * @param beta     the objective's temperature, above 0 (0.1 is usual for DPO)
 * @param resume   continue the stopped run whose checkpoint {@code out} holds (same options and data)
 */
public record PreferenceRequest(String method, Path base, Path data, Path out, LoraSettings settings, double beta,
        boolean resume) {
    /** Direct preference optimisation (Rafailov et al., 2023). */
    public static final String DPO = "dpo";

    /** A new run (not a resumed one). */
    public PreferenceRequest(String method, Path base, Path data, Path out, LoraSettings settings, double beta) {
        this(method, base, data, out, settings, beta, false);
    }
}
