package dev.enclave.studio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/**
 * Balances a dataset by the values of a label field, reproducibly with a seed: down-sampling
 * keeps as many records of every label as the rarest label has; up-sampling repeats records of
 * the rarer labels (copies get the id {@code <id>#<n>}) until every label has as many as the
 * most common one. Records keep their relative order; repeats follow their original.
 */
public final class Balancer {
    private Balancer() {
    }

    /** How to balance. */
    public enum Mode { DOWN, UP }

    /** The balanced records and the count per label before and after. */
    public record Result(List<JsonObject> records, Map<String, Integer> before, Map<String, Integer> after) {
    }

    /**
     * Balances {@code records} by the values of {@code field}.
     *
     * @throws EnclaveException (bad input) when no field is named or a record lacks it
     */
    public static Result balance(List<JsonObject> records, String field, Mode mode, long seed) {
        if (field == null || field.isBlank()) {
            throw EnclaveException.badInput("No label field given: name the field to balance by.");
        }
        Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
        for (JsonObject r : records) {
            if (!r.has(field) || r.get(field).isJsonNull()) {
                throw EnclaveException.badInput("Record " + Dataset.id(r) + " has no field '" + field
                        + "' to balance by.");
            }
            String key = r.get(field).isJsonPrimitive() ? r.get(field).getAsString() : r.get(field).toString();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> before = new LinkedHashMap<>();
        groups.forEach((k, v) -> before.put(k, v.size()));
        if (groups.isEmpty()) {
            return new Result(List.of(), before, before);
        }
        int target = mode == Mode.DOWN ? Collections.min(before.values()) : Collections.max(before.values());
        Random random = new Random(seed);
        Map<JsonObject, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            position.put(records.get(i), i);
        }
        List<JsonObject> out = new ArrayList<>();
        Map<String, Integer> after = new LinkedHashMap<>();
        List<JsonObject[]> copies = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<JsonObject> g = e.getValue();
            if (mode == Mode.DOWN) {
                List<JsonObject> shuffled = new ArrayList<>(g);
                Collections.shuffle(shuffled, random);
                out.addAll(shuffled.subList(0, target));
            } else {
                out.addAll(g);
                Map<JsonObject, Integer> repeats = new IdentityHashMap<>();
                for (int i = g.size(); i < target; i++) {
                    JsonObject original = g.get(random.nextInt(g.size()));
                    int n = repeats.merge(original, 1, Integer::sum);
                    JsonObject copy = original.deepCopy();
                    copy.addProperty("id", Dataset.id(original) + "#" + n);
                    copies.add(new JsonObject[] { original, copy });
                }
            }
            after.put(e.getKey(), target);
        }
        out.sort(Comparator.comparingInt(position::get));
        if (!copies.isEmpty()) {
            Map<JsonObject, List<JsonObject>> byOriginal = new IdentityHashMap<>();
            for (JsonObject[] c : copies) {
                byOriginal.computeIfAbsent(c[0], k -> new ArrayList<>()).add(c[1]);
            }
            List<JsonObject> withCopies = new ArrayList<>(out.size() + copies.size());
            for (JsonObject r : out) {
                withCopies.add(r);
                withCopies.addAll(byOriginal.getOrDefault(r, List.of()));
            }
            out = withCopies;
        }
        return new Result(out, before, after);
    }
}
