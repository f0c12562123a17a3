package dev.enclave.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.GsonBuilder;

/**
 * File helpers every bundle's stores share: the Gson instances for stored files and JSON Lines,
 * atomic writes, and reading JSON Lines with errors that name the file and line.
 *
 * <p>All methods are thread-safe. Hashing lives in {@link Hashes}.
 */
public final class FileIO {

    /** Gson for stored files: pretty, no HTML escaping (Chinese and {@code <} stay readable). */
    public static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Gson for single-line JSON (JSON Lines, CLI {@code --json}). */
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private FileIO() {
    }

    /**
     * Writes {@code text} to {@code target} so that readers see either the old or the new
     * content, never a mix: a temporary file in the same folder, forced to disk, then renamed.
     */
    public static void writeAtomically(Path target, String text) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }


    /**
     * Reads a JSON Lines file: one JSON object per line, blank lines skipped.
     *
     * @throws EnclaveException (bad input) naming the file, and the line of the first bad record
     */
    public static List<JsonObject> readJsonLines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + ": no such file.");
        }
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonElement e;
                try {
                    e = JsonParser.parseString(line);
                } catch (JsonParseException ex) {
                    throw EnclaveException.badInput(file + " line " + n + " is not valid JSON: " + ex.getMessage());
                }
                if (!e.isJsonObject()) {
                    throw EnclaveException.badInput(file + " line " + n + " is not a JSON object.");
                }
                out.add(e.getAsJsonObject());
            }
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
        return out;
    }
}
