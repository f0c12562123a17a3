package dev.enclave.example.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Subject;
import dev.enclave.core.TextFiles;
import dev.enclave.core.Workspace;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;

/** Counts text in one pass over its code points; reads files through {@link TextFiles} and audits each read. */
@Component(service = TextStatistics.class)
public final class DefaultTextStatistics implements TextStatistics {
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    @Override
    public TextStats of(String text) {
        return count(text, "UTF-16");
    }

    @Override
    public TextStats of(Workspace workspace, Subject user, Path file) {
        TextFiles.Decoded text = TextFiles.read(file, MAX_BYTES);
        TextStats stats = count(text.text(), text.charset());
        workspace.auditLog().append(user.name(), "example.stats", file.toString(), AuditEntry.SUCCESS, "");
        return stats;
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
