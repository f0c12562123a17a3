package dev.enclave.core;

import java.util.Map;
import java.util.Optional;

/**
 * Workspace settings: string keys and values in {@code <data>/settings.json},
 * written atomically. Keys are dotted, e.g. {@code models.folder}, {@code models.chat}.
 */
public interface Settings {
    /** Key of the models folder setting. */
    String MODELS_FOLDER = "models.folder";

    Optional<String> get(String key);

    default String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** Stores a value; {@code null} removes the key. */
    void put(String key, String value);

    /** A snapshot of all settings. */
    Map<String, String> all();
}
