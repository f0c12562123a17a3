package dev.enclave.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return code.toLowerCase().replace('_', '-') + "-" + HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
