package dev.enclave.audit.internal;

import java.util.List;

import dev.enclave.audit.Evidence;
import dev.enclave.audit.Finding;

/** Creates findings with stable ids. */
final class Findings {
    private Findings() {
    }

    static Finding create(String code, String severity, List<String> subjects, String message, List<Evidence> evidence) {
        return new Finding(id(code, subjects), code, severity, List.copyOf(subjects), message, List.copyOf(evidence), null,
                null);
    }

    /** A short hash of the code and the subjects' resolution keys. */
    static String id(String code, List<String> subjects) {
        StringBuilder sb = new StringBuilder(code);
        for (String s : subjects) {
            sb.append('|').append(NameKey.of(s));
        }
        return code.toLowerCase().replace('_', '-') + "-" + dev.enclave.core.Hashes.sha256Hex(sb.toString()).substring(0, 10);
    }
}
