package dev.enclave.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads text files whose character set nobody declared, as users' reports, SOPs and notes
 * come: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins; UTF-16 without a mark is
 * recognised by its zero bytes; otherwise the bytes must be valid UTF-8, else GBK, else
 * GB18030. Every candidate is decoded strictly (a malformed byte rejects it, nothing is
 * replaced) and must look like text (at most 1% control, private-use or replacement
 * characters); bytes with zeros that are not UTF-16 are binary.
 *
 * <p>The text is returned as decoded, without the byte-order mark and with line breaks as they
 * were, so that character offsets into it stay those of the file. All methods are thread-safe
 * and keep no state.
 */
public final class TextFiles {

    /**
     * A decoded text.
     *
     * @param text    the characters, without a byte-order mark
     * @param charset the name of the character set it was decoded with: {@code UTF-8},
     *                {@code UTF-16LE}, {@code UTF-16BE}, {@code GBK} or {@code GB18030}
     */
    public record Decoded(String text, String charset) {
    }

    private TextFiles() {
    }

    /**
     * Detects the character set of {@code bytes} and decodes them.
     *
     * @return the text and its character set, or {@code null} when the bytes are not text in
     *         one of the supported character sets (binary data, another encoding)
     */
    public static Decoded decode(byte[] bytes) {
        byte[] b = bytes;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            String s = strict(b, 3, StandardCharsets.UTF_8);
            return s == null ? null : new Decoded(s, "UTF-8");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            String s = strict(b, 2, StandardCharsets.UTF_16LE);
            return s == null ? null : new Decoded(s, "UTF-16LE");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            String s = strict(b, 2, StandardCharsets.UTF_16BE);
            return s == null ? null : new Decoded(s, "UTF-16BE");
        }
        // UTF-16 without a BOM: zero bytes (the high bytes of ASCII characters), nearly all on one parity.
        int even = 0;
        int odd = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                if (i % 2 == 0) {
                    even++;
                } else {
                    odd++;
                }
            }
        }
        if (b.length % 2 == 0 && b.length > 0) {
            if (odd > 0 && even <= odd * 0.02) {
                String s = strict(b, 0, StandardCharsets.UTF_16LE);
                if (s != null && plausible(s)) {
                    return new Decoded(s, "UTF-16LE");
                }
            } else if (even > 0 && odd <= even * 0.02) {
                String s = strict(b, 0, StandardCharsets.UTF_16BE);
                if (s != null && plausible(s)) {
                    return new Decoded(s, "UTF-16BE");
                }
            }
        }
        if (even + odd > 0) {
            return null; // NUL bytes in what is not UTF-16: binary
        }
        String s = strict(b, 0, StandardCharsets.UTF_8);
        if (s != null) {
            return plausible(s) ? new Decoded(s, "UTF-8") : null;
        }
        s = strict(b, 0, Charset.forName("GBK"));
        if (s != null && plausible(s)) {
            return new Decoded(s, "GBK");
        }
        s = strict(b, 0, Charset.forName("GB18030"));
        if (s != null && plausible(s)) {
            return new Decoded(s, "GB18030");
        }
        return null;
    }

    /**
     * Reads a file and decodes it as {@link #decode} does.
     *
     * @param maxBytes the largest file accepted, in bytes; larger files are refused unread
     * @return the text and its character set, never {@code null}
     * @throws EnclaveException (bad input) naming the file when it does not exist, is larger
     *         than {@code maxBytes}, cannot be read, or is not text in a supported character set
     */
    public static Decoded read(Path file, long maxBytes) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw EnclaveException.badInput(file + ": no such file.");
            }
            if (Files.size(file) > maxBytes) {
                throw EnclaveException.badInput(file + ": larger than " + megabytes(maxBytes) + ", too large to read as text.");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw EnclaveException.badInput(file + ": no such file.");
        } catch (IOException e) {
            throw EnclaveException.badInput(file + ": cannot be read (" + e.getMessage() + ").");
        }
        Decoded d = decode(bytes);
        if (d == null) {
            throw EnclaveException.badInput(file + ": not a text file (neither UTF-8, UTF-16, GBK nor GB18030).");
        }
        return d;
    }

    private static String megabytes(long bytes) {
        long mib = bytes / (1024 * 1024);
        return mib > 0 ? mib + " MiB" : bytes + " bytes";
    }

    private static String strict(byte[] b, int offset, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, offset, b.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Few control characters other than whitespace, and no private-use or replacement characters. */
    private static boolean plausible(String s) {
        int bad = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == '\ufffd'
                    || (c >= 0xe000 && c <= 0xf8ff)) {
                bad++;
            }
        }
        return bad <= s.length() / 100;
    }
}
