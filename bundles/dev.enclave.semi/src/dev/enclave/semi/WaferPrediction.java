package dev.enclave.semi;

/**
 * The pattern classifier's answer for one map.
 *
 * @param id the map's id
 * @param label the most probable WM-811K class
 * @param confidence its probability
 * @param probabilities one probability per class of {@link WaferMap#PATTERNS}, in that order
 * @param embedding the network's L2-normalised embedding of the map, for similarity search
 */
public record WaferPrediction(String id, String label, float confidence, float[] probabilities,
        float[] embedding) {
}
