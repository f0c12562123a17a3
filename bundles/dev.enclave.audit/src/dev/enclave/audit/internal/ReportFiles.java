package dev.enclave.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.enclave.core.EnclaveException;

/**
 * Reads a plain-text report to the text that evidence offsets refer to (UTF-8, UTF-16 with
 * BOM, else GB18030, decoded strictly). docx, pdf and the other document types go through the
 * knowledge base's {@code DocumentParsers} (see {@link DefaultCreditReportExtractor}); this
 * class only sees them when that service is absent.
 */
public final class ReportFiles {
    private static final long MAX_BYTES = 32L * 1024 * 1024;

    private ReportFiles() {
    }

    /** The report's text; bad input (exit 2) naming the file when it cannot be read as a report. */
    public static String read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + ": no such file.");
        }
        if (name.endsWith(".docx") || name.endsWith(".doc") || name.endsWith(".pdf") || name.endsWith(".wps")) {
            throw EnclaveException.badInput(file + ": " + name.substring(name.lastIndexOf('.') + 1)
                    + " reports need the knowledge base's document parsers, which are not running; convert the report "
                    + "to .txt (UTF-8). / 需要知识库的文档解析服务，请先转换为 UTF-8 文本。");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw EnclaveException.badInput(file + ": larger than 32 MiB; not a credit report.");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        String utf8 = decodeStrict(bytes, start, StandardCharsets.UTF_8);
        if (utf8 != null && utf8.indexOf('\0') < 0) {
            return utf8;
        }
        String gb = decodeStrict(bytes, 0, Charset.forName("GB18030"));
        if (gb != null && gb.indexOf('\0') < 0) {
            return gb;
        }
        throw EnclaveException.badInput(file + ": not a text report (neither UTF-8, UTF-16 nor GB18030).");
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
}
