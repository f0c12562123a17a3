package dev.enclave.audit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.TextFiles;

/**
 * Reads a plain-text report to the text that evidence offsets refer to, with the character set
 * detected by {@link TextFiles} (BOM, UTF-8, UTF-16, GBK, GB18030; decoded strictly). docx, pdf
 * and the other document types go through the knowledge base's {@code DocumentParsers} (see
 * {@link DefaultCreditReportExtractor}); this class only sees them when that service is absent.
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
        return TextFiles.read(file, MAX_BYTES).text();
    }
}
