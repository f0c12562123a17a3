package dev.enclave.knowledge.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Detects the character set of a text file: BOM, UTF-8, UTF-16 without BOM, GBK, GB18030. */
final class Charsets {
    private Charsets() {
    }

    /** The decoded text and the charset's name, or null when the bytes do not look like text. */
    record Decoded(String text, String charset) {
    }

    static Decoded decode(byte[] b) {
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
        int pairs = b.length / 2;
        if (b.length % 2 == 0 && pairs > 0) {
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
