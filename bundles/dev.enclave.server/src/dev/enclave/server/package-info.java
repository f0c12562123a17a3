/**
 * {@code enclave serve}: a resident HTTP server that offers the workspace's models and knowledge
 * base on the OpenAI API ({@code /v1/models}, {@code /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/embeddings}) and Enclave's own {@code /enclave/search} and {@code /enclave/ask}, through
 * the same OSGi services as the command line. Every request carries a bearer token that names a
 * workspace user ({@link dev.enclave.server.ServeTokens}); the request acts as that user and is
 * audited.
 */
package dev.enclave.server;
