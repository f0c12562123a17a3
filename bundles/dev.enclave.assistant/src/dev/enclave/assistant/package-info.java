/**
 * Question answering over a knowledge collection: retrieval filtered by the
 * asking user's roles, a prompt with numbered sources, the workspace's
 * language model (streaming) or, without one, an extractive answer, and
 * citations checked against the retrieved passages.
 */
package dev.enclave.assistant;
