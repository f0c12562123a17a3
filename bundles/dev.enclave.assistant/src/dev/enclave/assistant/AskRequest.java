package dev.enclave.assistant;

import dev.enclave.knowledge.SearchMode;

/**
 * A question to a collection.
 *
 * @param collection the collection
 * @param question   the question
 * @param top        passages retrieved (and offered to the model as sources)
 * @param mode       the retrieval mode ({@link SearchMode#HYBRID} by default)
 * @param template   the prompt template, or {@code null} for the workspace's ({@value Assistant#TEMPLATE_SETTING})
 *                   or the built-in one; {@code {sources}} and {@code {question}} are replaced
 */
public record AskRequest(String collection, String question, int top, SearchMode mode, String template) {

    /** A question with the defaults: five passages, hybrid retrieval, the default template. */
    public static AskRequest of(String collection, String question) {
        return new AskRequest(collection, question, 5, SearchMode.HYBRID, null);
    }
}
