/**
 * The local model runtime: Hugging Face model folders (Llama, Mistral, Qwen2,
 * Qwen3 decoders; BERT-family encoders) run on the machine itself, with nothing
 * downloaded. The API has no DJL types; {@link dev.enclave.runtime.ModelRegistry}
 * is the OSGi service to start from. Small convolutional image classifiers are
 * trained and loaded through {@link dev.enclave.runtime.ImageClassifierService}.
 *
 * <p>The work a user does with models is done by services that audit it
 * themselves, so the command line and the workbench leave the same audit trail:
 * {@link dev.enclave.runtime.ModelCalls} (load, choose, generate, chat, embed),
 * {@link dev.enclave.runtime.Trainer} (LoRA fine-tuning),
 * {@link dev.enclave.runtime.ModelEvaluation} (scorecards) and
 * {@link dev.enclave.runtime.ModelVersions} (merges, versions and lineage).
 */
package dev.enclave.runtime;
