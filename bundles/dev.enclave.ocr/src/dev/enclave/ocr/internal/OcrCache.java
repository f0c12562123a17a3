package dev.enclave.ocr.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

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
 */
final class OcrCache {
    private static final int MAGIC = 0x454f4352; // "EOCR"
    private static final int FORMAT = 1;

    private OcrCache() {
    }

    /** The cache file of {@code content} in {@code folder}. */
    static Path file(Path folder, byte[] content) {
        return folder.resolve(Ocr.MODEL_VERSION).resolve(Hashes.sha256Hex(content) + ".ocr");
    }

    /**
     * The cached pages of {@code content}, or {@code null} when there are none (or not {@code pages} of them;
     * {@code pages < 0} accepts any count).
     */
    static List<OcrPage> get(Path folder, byte[] content, int pages) {
        if (folder == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(folder, content));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
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
    static void put(Path folder, byte[] content, List<OcrPage> pages) {
        if (folder == null) {
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
        try {
            FileIO.writeAtomically(file(folder, content), bytes.toByteArray());
        } catch (RuntimeException e) {
            // A read-only or full disk: the result is still returned, only not cached.
        }
    }
}
