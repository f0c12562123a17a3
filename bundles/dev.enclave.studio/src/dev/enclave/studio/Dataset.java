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

/**
 * A dataset in JSON Lines: one JSON object per line, in Alpaca ({@code instruction},
 * {@code input}, {@code output}, optional {@code system}), ShareGPT ({@code conversations:
 * [{from, value}]}) or plain ({@code text}) shape. Records keep their fields and order;
 * a record without {@code id} gets {@code r<line>}.
 */
public final class Dataset {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

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
     * The longest record read, in characters (8 Mi): a longer line is skipped and named in
     * {@link #skipped()}, so that one huge line neither exhausts memory nor stalls a step.
     */
    public static final int MAX_RECORD_CHARS = 8 * 1024 * 1024;

    private final List<String> skipped = new ArrayList<>();

    /**
     * Lines left out when reading, each as "FILE line N: what is wrong" (a line longer than
     * {@link #MAX_RECORD_CHARS}); empty when every line was read.
     */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * Reads a JSON Lines file; blank lines are skipped, and so are lines longer than
     * {@link #MAX_RECORD_CHARS} (listed in {@link #skipped()}).
     *
     * @throws EnclaveException (bad input) naming the file and line of the first bad record
     */
    public static Dataset read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + ": no such file.");
        }
        List<JsonObject> out = new ArrayList<>();
        Dataset d = new Dataset(out);
        Lines lines = new Lines(file, d);
        try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buf = new char[8192];
            for (int got = r.read(buf); got >= 0; got = r.read(buf)) {
                int from = 0;
                for (int i = 0; i < got; i++) {
                    if (buf[i] == '\n') {
                        lines.append(buf, from, i);
                        lines.end();
                        from = i + 1;
                    }
                }
                lines.append(buf, from, got);
            }
            lines.end();
        } catch (java.io.IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
        return d;
    }

    /** Collects one line at a time, keeping at most {@link #MAX_RECORD_CHARS} of it. */
    private static final class Lines {
        private final Path file;
        private final Dataset dataset;
        private final StringBuilder sb = new StringBuilder();
        private long length;
        private int line;
        private int records;

        Lines(Path file, Dataset dataset) {
            this.file = file;
            this.dataset = dataset;
        }

        void append(char[] buf, int from, int to) {
            if (length + (to - from) <= MAX_RECORD_CHARS) {
                sb.append(buf, from, to - from);
            }
            length += to - from;
        }

        void end() {
            line++;
            if (length > MAX_RECORD_CHARS) {
                dataset.skipped.add(file + " line " + line + ": the record has " + length + " characters, over the "
                        + "limit of " + MAX_RECORD_CHARS + "; skipped.");
            } else if (!sb.toString().isBlank()) {
                records++;
                dataset.records.add(parse(file, line, records, sb.toString()));
            }
            sb.setLength(0);
            length = 0;
        }
    }

    private static JsonObject parse(Path file, int line, int n, String text) {
        JsonElement e;
        try {
            e = com.google.gson.JsonParser.parseString(text);
        } catch (com.google.gson.JsonParseException ex) {
            throw EnclaveException.badInput(file + " line " + line + " is not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw EnclaveException.badInput(file + " line " + line + " is not a JSON object.");
        }
        JsonObject o = e.getAsJsonObject();
        if (!o.has("id") || o.get("id").isJsonNull()) {
            o = withId(o, "r" + n);
        } else if (!o.get("id").isJsonPrimitive()) {
            throw EnclaveException.badInput(file + " record " + n + ": 'id' must be a string or number.");
        }
        return o;
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
                if (turn.isJsonObject() && string(turn.getAsJsonObject().get("value"))) {
                    sb.append(turn.getAsJsonObject().get("value").getAsString()).append('\n');
                }
            }
        }
        case ALPACA -> {
            for (String k : new String[] { "system", "instruction", "input", "output" }) {
                if (string(o.get(k))) {
                    sb.append(o.get(k).getAsString()).append('\n');
                }
            }
        }
        case TEXT -> {
            if (string(o.get("text"))) {
                sb.append(o.get("text").getAsString());
            }
        }
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
                    if (string(t.get("value"))) {
                        t.addProperty("value", change.apply(t.get("value").getAsString()));
                    }
                }
            }
        }
        case ALPACA -> {
            for (String k : new String[] { "system", "instruction", "input", "output" }) {
                if (string(o.get(k))) {
                    o.addProperty(k, change.apply(o.get(k).getAsString()));
                }
            }
        }
        case TEXT -> {
            if (string(o.get("text"))) {
                o.addProperty("text", change.apply(o.get("text").getAsString()));
            }
        }
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

    /** Whether {@code e} is a JSON string (not null, a number or a structure). */
    static boolean string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /**
     * Applies {@code change} to every string in the record, at any depth (fields of any name,
     * nested objects and arrays: {@code "meta": {"phone": …}}), except the record's {@code id}.
     */
    public static void mapStrings(JsonObject o, UnaryOperator<String> change) {
        for (var e : new ArrayList<>(o.entrySet())) {
            if (!e.getKey().equals("id")) {
                o.add(e.getKey(), mapAll(e.getValue(), change));
            }
        }
    }

    private static JsonElement mapAll(JsonElement e, UnaryOperator<String> change) {
        if (string(e)) {
            return new com.google.gson.JsonPrimitive(change.apply(e.getAsString()));
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                a.set(i, mapAll(a.get(i), change));
            }
        } else if (e.isJsonObject()) {
            for (var f : new ArrayList<>(e.getAsJsonObject().entrySet())) {
                e.getAsJsonObject().add(f.getKey(), mapAll(f.getValue(), change));
            }
        }
        return e;
    }
}
