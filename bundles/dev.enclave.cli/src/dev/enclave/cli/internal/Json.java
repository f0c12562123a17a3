package dev.enclave.cli.internal;

import dev.enclave.core.FileIO;

/** The one JSON writer for CLI output: compact, UTF-8 text, no HTML escaping. */
final class Json {
    private Json() {
    }

    static String of(Object value) {
        return FileIO.COMPACT.toJson(value);
    }
}
