package dev.enclave.example.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.EnclaveException;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;

/** Counts text in one pass over its code points. */
@Component(service = TextStatistics.class)
public final class DefaultTextStatistics implements TextStatistics {
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    @Override
    public TextStats of(String text) {
        return count(text, "UTF-16");
    }

    @Override
    public TextStats of(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw EnclaveException.badInput(file + ": no such file.");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw EnclaveException.badInput(file + ": larger than 64 MiB; the example pack counts text files only.");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return count(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE), "UTF-16BE");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return count(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE), "UTF-16LE");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        String utf8 = decodeStrict(bytes, start, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return count(utf8, "UTF-8");
        }
        Charset gb = Charset.forName("GB18030");
        String chinese = decodeStrict(bytes, 0, gb);
        if (chinese != null && chinese.indexOf('\0') < 0) {
            return count(chinese, "GB18030");
        }
        throw EnclaveException.badInput(file + ": not a text file (neither UTF-8, UTF-16 nor GB18030).");
    }

    private static String decodeStrict(byte[] bytes, int offset, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static TextStats count(String text, String charset) {
        long chars = 0;
        long cjk = 0;
        long words = 0;
        long lines = text.isEmpty() ? 0 : 1;
        long paragraphs = 0;
        long sentences = 0;
        boolean inWord = false;
        boolean lineHasText = false;
        boolean inParagraph = false;
        boolean sentenceOpen = false;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                if (i < text.length()) {
                    lines++;
                }
                if (!lineHasText) {
                    inParagraph = false;
                }
                lineHasText = false;
                inWord = false;
                continue;
            }
            if (cp == '\r') {
                continue;
            }
            chars++;
            boolean han = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
            if (han) {
                cjk++;
            }
            boolean wordChar = !han && Character.isLetterOrDigit(cp);
            if (wordChar && !inWord) {
                words++;
            }
            inWord = wordChar;
            if (!Character.isWhitespace(cp)) {
                if (!lineHasText && !inParagraph) {
                    paragraphs++;
                    inParagraph = true;
                }
                lineHasText = true;
                if (cp == '。' || cp == '！' || cp == '？' || cp == '.' || cp == '!' || cp == '?') {
                    if (sentenceOpen) {
                        sentences++;
                        sentenceOpen = false;
                    }
                } else if (Character.isLetterOrDigit(cp)) {
                    sentenceOpen = true;
                }
            }
        }
        if (sentenceOpen) {
            sentences++;
        }
        return new TextStats(chars, cjk, words, lines, paragraphs, sentences, charset);
    }
}
