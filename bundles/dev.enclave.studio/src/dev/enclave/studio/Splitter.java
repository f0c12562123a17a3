package dev.enclave.studio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/**
 * Reproducible train / validation / test splits, optionally stratified by a field so each
 * split keeps the label proportions.
 */
public final class Splitter {
    private Splitter() {
    }

    /** The three parts. */
    public record Split(List<JsonObject> train, List<JsonObject> val, List<JsonObject> test) {
    }

    /**
     * Splits {@code records}; shares are fractions of each group's records, rounded.
     *
     * @param stratify a field whose values each part keeps in proportion, or null
     * @throws EnclaveException (bad input) for shares out of range or a record without the stratify field
     */
    public static Split split(List<JsonObject> records, double testFraction, double valFraction, long seed,
            String stratify) {
        if (testFraction < 0 || valFraction < 0 || testFraction + valFraction >= 1) {
            throw EnclaveException.badInput("Test share " + testFraction + " and validation share " + valFraction
                    + ": each must be 0 or more, and together below 1.");
        }
        Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
        for (JsonObject r : records) {
            String key = "";
            if (stratify != null) {
                if (!r.has(stratify) || r.get(stratify).isJsonNull()) {
                    throw EnclaveException.badInput("Record " + Dataset.id(r) + " has no field '" + stratify
                            + "' to stratify by.");
                }
                key = r.get(stratify).toString();
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Random random = new Random(seed);
        List<JsonObject> train = new ArrayList<>();
        List<JsonObject> val = new ArrayList<>();
        List<JsonObject> test = new ArrayList<>();
        for (List<JsonObject> g : groups.values()) {
            List<JsonObject> shuffled = new ArrayList<>(g);
            Collections.shuffle(shuffled, random);
            int nTest = (int) Math.round(g.size() * testFraction);
            int nVal = (int) Math.round(g.size() * valFraction);
            if (nTest + nVal > g.size()) {
                nVal = g.size() - nTest;
            }
            test.addAll(shuffled.subList(0, nTest));
            val.addAll(shuffled.subList(nTest, nTest + nVal));
            train.addAll(shuffled.subList(nTest + nVal, shuffled.size()));
        }
        Map<JsonObject, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            position.put(records.get(i), i);
        }
        java.util.Comparator<JsonObject> order = java.util.Comparator.comparingInt(position::get);
        train.sort(order);
        val.sort(order);
        test.sort(order);
        return new Split(train, val, test);
    }
}
