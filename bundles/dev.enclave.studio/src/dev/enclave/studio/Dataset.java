package dev.enclave.studio;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;

/**
 * A dataset in JSON Lines: one JSON object per line, in Alpaca ({@code instruction},
 * {@code input}, {@code output}, optional {@code system}), ShareGPT ({@code conversations:
 * [{from, value}]}) or plain ({@code text}) shape. Records keep their fields and order;
 * a record without {@code id} gets {@code r<line>}.
 */
public final class Dataset {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Record shapes. */
    public enum Shape { ALPACA, SHAREGPT, TEXT, OTHER }

    private final List<JsonObject> records;

    public Dataset(List<JsonObject> records) {
        this.records = records;
    }

    public List<JsonObject> records() {
        return records;
    }

    /** A copy of {@code record} with {@code id} as its first field (records without an id get one). */
    public static JsonObject withId(JsonObject record, String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        record.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return o;
    }

    /**
     * Reads a JSON Lines file; blank lines are skipped.
     *
     * @throws EnclaveException (bad input) naming the file and line of the first bad record
     */
    public static Dataset read(Path file) {
        List<JsonObject> out = new ArrayList<>();
        int n = 0;
        for (JsonObject read : FileIO.readJsonLines(file)) {
            n++;
            JsonObject o = read;
            if (!o.has("id") || o.get("id").isJsonNull()) {
                o = withId(o, "r" + n);
            } else if (!o.get("id").isJsonPrimitive()) {
                throw EnclaveException.badInput(file + " record " + n + ": 'id' must be a string or number.");
            }
            out.add(o);
        }
        return new Dataset(out);
    }

    /** Writes the records, one per line. */
    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (JsonObject o : records) {
                    w.write(GSON.toJson(o));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be written: " + e.getMessage());
        }
    }

    /** The record's id as text. */
    public static String id(JsonObject record) {
        return record.get("id").getAsString();
    }

    public static Shape shape(JsonObject o) {
        if (o.has("conversations") && o.get("conversations").isJsonArray()) {
            return Shape.SHAREGPT;
        }
        if (o.has("instruction") || o.has("output")) {
            return Shape.ALPACA;
        }
        if (o.has("text")) {
            return Shape.TEXT;
        }
        return Shape.OTHER;
    }

    /** All text of a record, fields joined by newlines (for statistics and near-duplicates). */
    public static String text(JsonObject o) {
        StringBuilder sb = new StringBuilder();
        switch (shape(o)) {
        case SHAREGPT -> {
            for (JsonElement turn : o.getAsJsonArray("conversations")) {
                if (turn.isJsonObject() && turn.getAsJsonObject().has("value")) {
                    sb.append(turn.getAsJsonObject().get("value").getAsString()).append('\n');
                }
            }
        }
        case ALPACA -> {
            for (String k : new String[] { "system", "instruction", "input", "output" }) {
                if (o.has(k) && o.get(k).isJsonPrimitive()) {
                    sb.append(o.get(k).getAsString()).append('\n');
                }
            }
        }
        case TEXT -> sb.append(o.get("text").getAsString());
        default -> o.entrySet().stream().filter(e -> !e.getKey().equals("id") && e.getValue().isJsonPrimitive()
                && e.getValue().getAsJsonPrimitive().isString()).forEach(e -> sb.append(e.getValue().getAsString())
                        .append('\n'));
        }
        return sb.toString();
    }

    /** Applies {@code change} to every text field of the record in place (not to {@code id} or labels). */
    public static void mapText(JsonObject o, UnaryOperator<String> change) {
        switch (shape(o)) {
        case SHAREGPT -> {
            JsonArray turns = o.getAsJsonArray("conversations");
            for (JsonElement turn : turns) {
                if (turn.isJsonObject()) {
                    JsonObject t = turn.getAsJsonObject();
                    if (t.has("value") && t.get("value").isJsonPrimitive()) {
                        t.addProperty("value", change.apply(t.get("value").getAsString()));
                    }
                }
            }
        }
        case ALPACA -> {
            for (String k : new String[] { "system", "instruction", "input", "output" }) {
                if (o.has(k) && o.get(k).isJsonPrimitive()) {
                    o.addProperty(k, change.apply(o.get(k).getAsString()));
                }
            }
        }
        case TEXT -> o.addProperty("text", change.apply(o.get("text").getAsString()));
        default -> {
            for (var e : new ArrayList<>(o.entrySet())) {
                if (!e.getKey().equals("id") && e.getValue().isJsonPrimitive()
                        && e.getValue().getAsJsonPrimitive().isString()) {
                    o.addProperty(e.getKey(), change.apply(e.getValue().getAsString()));
                }
            }
        }
        }
    }
}
