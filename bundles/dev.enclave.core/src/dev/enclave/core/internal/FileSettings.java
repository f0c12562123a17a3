package dev.enclave.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import dev.enclave.core.FileIO;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Settings;

/** {@link Settings} in {@code settings.json}; re-read on every call so other processes' changes show. */
final class FileSettings implements Settings {
    private final Path file;

    FileSettings(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(read().get(key));
    }

    @Override
    public synchronized void put(String key, String value) {
        Map<String, String> all = read();
        if (value == null) {
            all.remove(key);
        } else {
            all.put(key, value);
        }
        FileIO.writeAtomically(file, FileIO.GSON.toJson(all) + "\n");
    }

    @Override
    public synchronized Map<String, String> all() {
        return Map.copyOf(read());
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, String> map = FileIO.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<TreeMap<String, String>>() {
                    }.getType());
            return map == null ? new TreeMap<>() : map;
        } catch (JsonParseException e) {
            throw EnclaveException.badInput(file + " is not a valid settings file (" + e.getMessage()
                    + "). Fix the JSON or remove the file to return to defaults.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
