package dev.enclave.assistant;

import java.util.List;

/**
 * An answer with the passages it cites.
 *
 * @param answer     the answer text with {@code [n]} markers
 * @param answerable false when the collection (as far as the user may read it) does not contain the answer
 * @param citations  the cited passages, by marker number
 * @param model      the language model that wrote the answer as NAME@VERSION (the model version, see
 *                   {@code ModelInfo.version()}; NAME alone when unknown), or {@code extractive}
 */
public record Answer(String answer, boolean answerable, List<Citation> citations, String model) {

    /** The {@link #model()} of an answer assembled from the passages' own sentences. */
    public static final String EXTRACTIVE = "extractive";

    public Answer {
        citations = List.copyOf(citations);
    }
}
