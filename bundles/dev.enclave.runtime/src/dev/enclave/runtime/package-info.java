/**
 * The local model runtime: Hugging Face model folders (Llama, Mistral, Qwen2,
 * Qwen3 decoders; BERT-family encoders) run on the machine itself, with nothing
 * downloaded. The API has no DJL types; {@link dev.enclave.runtime.ModelRegistry}
 * is the OSGi service to start from. Small convolutional image classifiers are
 * trained and loaded through {@link dev.enclave.runtime.ImageClassifierService}.
 */
package dev.enclave.runtime;
