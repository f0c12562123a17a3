package dev.enclave.runtime;

/**
 * The result of running a model folder's {@code reference.json} cases.
 *
 * @param model                folder name
 * @param architecture         from config.json
 * @param cases                cases run
 * @param maxAbsDiff           largest |ours − reference| over logits (decoders) or embeddings (encoders)
 * @param greedyCompared       greedy steps whose reference margin exceeded the tolerance
 * @param greedyMatched        of those, steps where our token was the reference token
 * @param tokenizerMatched     cases whose text our tokenizer turned into exactly the reference ids
 * @param encoder              whether the difference is over embeddings
 * @param ok                   within tolerance, every compared greedy token and every tokenisation matched
 */
public record ModelCheck(String model, String architecture, int cases, double maxAbsDiff, int greedyCompared,
        int greedyMatched, int tokenizerMatched, boolean encoder, boolean ok) {
    /** Tolerance for decoder logits. */
    public static final double LOGIT_TOLERANCE = 1e-3;
    /** Tolerance for encoder embeddings. */
    public static final double EMBEDDING_TOLERANCE = 1e-4;
}
