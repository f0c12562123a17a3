package dev.enclave.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as the product uses it everywhere (content hashes of documents, reports and model
 * files, version ids, audit-log digests): lower-case hex; and keyed hashes of guessable text
 * (questions) for the audit log, {@link #keyed(Workspace, String)}.
 */
public final class Hashes {
    private Hashes() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keyed hash of {@code text} for the workspace's audit log: HMAC-SHA256 with a secret of the
     * workspace that the files in it do not reveal ({@link AuditLog#keyedHash(String)}). Use it instead
     * of {@link #sha256Hex(String)} for anything a reader could guess, such as a question.
     */
    public static String keyed(Workspace workspace, String text) {
        return workspace.auditLog().keyedHash(text);
    }

    /** Lower-case hex SHA-256 of a file's bytes, streamed. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
