package dev.enclave.cli.internal;

import dev.enclave.core.internal.Files2;

/** The one JSON writer for CLI output: compact, UTF-8 text, no HTML escaping. */
final class Json {
    private Json() {
    }

    static String of(Object value) {
        return Files2.COMPACT.toJson(value);
    }
}
