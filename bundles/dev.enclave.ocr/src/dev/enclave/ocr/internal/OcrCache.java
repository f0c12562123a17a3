package dev.enclave.ocr.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditRecord;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.ocr.Ocr;
import dev.enclave.ocr.OcrLine;
import dev.enclave.ocr.OcrPage;

/**
 * What OCR read from a document, kept in a folder under the SHA-256 of the document's bytes: per page its size and
 * its lines (text, confidence, box); paragraphs, tables and the tilt are rebuilt from the lines by {@link Layout}, as
 * when they were read. One gzip file per document, {@code <folder>/<model version>/<sha256>.ocr}, written
 * atomically and private; a file that cannot be read is treated as absent (the pages are read again).
 *
 * <p>The folder is bounded ({@link Ocr.Cache#maxBytes()}): after each store the least recently used files are
 * removed until the rest fit. A hit sets its file's modification time to now, so "least recently used" is the
 * oldest modification time; files of older model versions are never hit and go first. The file being stored, and
 * files this JVM is reading or writing at that moment, are never removed. Public for the tests bundle only.
 */
public final class OcrCache {
    private static final int MAGIC = 0x454f4352; // "EOCR"
    private static final int FORMAT = 1;
    /** The audit action of one removed cache file. */
    public static final String EVICT_ACTION = "ocr.cache.evict";
    /** Files being read or written in this JVM, with how many threads use each: eviction leaves them. */
    private static final Map<Path, Integer> IN_USE = new ConcurrentHashMap<>();
    /** One eviction at a time in this JVM (two would count the same files twice). */
    private static final Object EVICTING = new Object();

    private OcrCache() {
    }

    /** The cache file of {@code content} in {@code folder}. */
    public static Path file(Path folder, byte[] content) {
        return folder.resolve(Ocr.MODEL_VERSION).resolve(Hashes.sha256Hex(content) + ".ocr");
    }

    /**
     * The cached pages of {@code content}, or {@code null} when there are none (or not {@code pages} of them;
     * {@code pages < 0} accepts any count).
     */
    public static List<OcrPage> get(Ocr.Cache cache, byte[] content, int pages) {
        if (cache == null) {
            return null;
        }
        Path file = file(cache.folder(), content).toAbsolutePath();
        byte[] bytes;
        use(file);
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        } finally {
            release(file);
        }
        List<OcrPage> out = decode(bytes, pages);
        if (out != null) {
            try {
                // Used now: the last to be evicted.
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (IOException e) {
                // Evicted meanwhile or read-only: the result is still good.
            }
        }
        return out;
    }

    private static List<OcrPage> decode(byte[] bytes, int pages) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(Ocr.MODEL_VERSION)) {
                return null;
            }
            int n = in.readInt();
            if (pages >= 0 && n != pages) {
                return null;
            }
            List<OcrPage> out = new ArrayList<>(n);
            for (int p = 0; p < n; p++) {
                int w = in.readInt();
                int h = in.readInt();
                int count = in.readInt();
                List<OcrLine> lines = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String text = in.readUTF();
                    double confidence = in.readDouble();
                    double[] box = new double[8];
                    for (int k = 0; k < 8; k++) {
                        box[k] = in.readDouble();
                    }
                    lines.add(new OcrLine(text, confidence, box));
                }
                out.add(Layout.page(w, h, lines));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            // Truncated or damaged: read the document again (and overwrite this file).
            return null;
        }
    }

    /** Stores the pages read from {@code content}; a failure to write only costs a later re-read. */
    public static void put(Ocr.Cache cache, byte[] content, List<OcrPage> pages) {
        if (cache == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(Ocr.MODEL_VERSION);
            out.writeInt(pages.size());
            for (OcrPage page : pages) {
                out.writeInt(page.width());
                out.writeInt(page.height());
                out.writeInt(page.lines().size());
                for (OcrLine l : page.lines()) {
                    out.writeUTF(l.text());
                    out.writeDouble(l.confidence());
                    for (double v : l.box()) {
                        out.writeDouble(v);
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        Path file = file(cache.folder(), content).toAbsolutePath();
        use(file);
        try {
            try {
                FileIO.writeAtomically(file, bytes.toByteArray());
            } catch (RuntimeException e) {
                // A read-only or full disk: the result is still returned, only not cached.
                return;
            }
            evict(cache);
        } finally {
            release(file);
        }
    }

    private static void use(Path file) {
        IN_USE.merge(file, 1, Integer::sum);
    }

    private static void release(Path file) {
        IN_USE.computeIfPresent(file, (f, n) -> n == 1 ? null : n - 1);
    }

    private record Entry(Path file, long size, FileTime used) {
    }

    /**
     * Removes the least recently used cache files of {@code cache}'s folder (every model version's) until the rest
     * take at most its bound, leaving the files in use; audits each removal. Failures to list or delete only leave
     * the cache larger.
     */
    static void evict(Ocr.Cache cache) {
        synchronized (EVICTING) {
            List<Entry> entries = new ArrayList<>();
            long total = 0;
            try (Stream<Path> files = Files.walk(cache.folder().toAbsolutePath(), 2)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!f.getFileName().toString().endsWith(".ocr")) {
                        continue;
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(f, BasicFileAttributes.class);
                    } catch (IOException e) {
                        continue; // removed meanwhile
                    }
                    if (a.isRegularFile()) {
                        entries.add(new Entry(f, a.size(), a.lastModifiedTime()));
                        total += a.size();
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                return;
            }
            if (total <= cache.maxBytes()) {
                return;
            }
            entries.sort(Comparator.comparing(Entry::used));
            List<AuditRecord> removed = new ArrayList<>();
            for (Entry e : entries) {
                if (total <= cache.maxBytes()) {
                    break;
                }
                if (IN_USE.containsKey(e.file())) {
                    continue;
                }
                try {
                    if (Files.deleteIfExists(e.file())) {
                        removed.add(new AuditRecord("system", EVICT_ACTION,
                                cache.folder().toAbsolutePath().relativize(e.file()).toString(), AuditEntry.SUCCESS,
                                e.size() + " bytes, last used " + e.used() + "; the OCR cache keeps at most "
                                        + cache.maxBytes() + " bytes (setting " + Ocr.CACHE_MAX_MEGABYTES + ")"));
                    }
                    total -= e.size();
                } catch (IOException ex) {
                    // In use by another process (Windows) or read-only: leave it.
                }
            }
            if (cache.audit() != null && !removed.isEmpty()) {
                cache.audit().appendAll(removed);
            }
        }
    }
}
