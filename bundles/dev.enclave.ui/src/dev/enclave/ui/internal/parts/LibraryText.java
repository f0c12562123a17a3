package dev.enclave.ui.internal.parts;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.ui.internal.Messages;

/** How the Library writes documents, hits, sizes and import summaries, and reads the roles field. */
final class LibraryText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private LibraryText() {
    }

    /** The file name of a source path (the path itself when it has none). */
    static String fileName(String source) {
        Path name = Path.of(source).getFileName();
        return name == null ? source : name.toString();
    }

    /** A size in bytes for people: B, KB or MB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }

    /** The cells of a document's row: name, type, size, roles, chunks, status, date, path. */
    static String[] documentRow(IndexedDocument d) {
        return new String[] { fileName(d.source()), d.type(), size(d.size()), String.join(", ", d.acl()),
                String.valueOf(d.chunks()), Messages.get(d.chunks() > 0 ? "library.indexed" : "library.empty"),
                d.modified() == null ? "" : DAY.format(d.modified()), d.source() };
    }

    /** The cells of the {@code rank}-th hit's row (from 1): rank, score, document, span, text. */
    static String[] hitRow(int rank, SearchHit h) {
        String text = h.text().replaceAll("\\s+", " ");
        return new String[] { String.valueOf(rank), String.format(Locale.ROOT, "%.4f", h.score()), fileName(h.source()),
                "[" + h.start() + ", " + h.end() + ")", text.substring(0, Math.min(120, text.length())) };
    }

    /**
     * The import summary: counts, then the report's warnings (a user who may not read what it imported is told so
     * in the UI's language), then every file that failed with its reason.
     *
     * @param acl the roles the documents were given, as typed (empty: the user's own)
     */
    static String summary(IngestReport r, List<String> acl) {
        StringBuilder s = new StringBuilder(Messages.get("library.summary", r.collection(), r.added(), r.updated(),
                r.unchanged(), r.failed().size(), r.chunks()));
        for (IngestReport.Warning w : r.warnings()) {
            s.append('\n').append(IngestReport.Warning.UNREADABLE.equals(w.code()) && !acl.isEmpty()
                    ? Messages.get("library.unreadable", r.collection(), String.join(", ", acl))
                    : w.message());
        }
        for (IngestReport.Failure f : r.failed()) {
            s.append('\n').append(Messages.get("library.failedFile", f.path(), f.error()));
        }
        return s.toString();
    }

    /** The search's status line: the hit count, then how many matching documents the user may not read (if any). */
    static String searched(int found, String mode, int hidden) {
        String hits = Messages.get("library.hits", found, mode);
        return hidden > 0 ? hits + "  " + Messages.get("library.hidden", hidden) : hits;
    }

    /** The roles typed in the roles field (comma, ideographic comma or space separated). */
    static List<String> roles(String field) {
        return Arrays.stream(field.split("[,，\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
