package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.List;

import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.Section;

/**
 * Splits an extracted text into overlapping chunks that respect headings,
 * paragraphs, lines and sentences (Chinese and English punctuation). Chunks are
 * spans {@code [start, end)} of the text with no leading or trailing whitespace.
 */
public final class Chunker {
    private final int size;
    private final int overlap;

    /** A chunk: its span and the heading path it sits under (may be empty). */
    public record Chunk(int ordinal, int start, int end, String heading) {
    }

    private record Unit(int start, int end, boolean sectionStart) {
    }

    /**
     * @param size    the largest chunk in characters (at least 50)
     * @param overlap characters repeated from the end of one chunk at the start of the next (less than size / 2)
     */
    public Chunker(int size, int overlap) {
        this.size = Math.max(50, size);
        this.overlap = Math.max(0, Math.min(overlap, this.size / 2));
    }

    public List<Chunk> chunk(ExtractedDocument doc) {
        String text = doc.text();
        List<Unit> units = units(text, doc.sections());
        Headings headings = new Headings(doc.sections());
        List<Chunk> out = new ArrayList<>();
        int i = 0;
        while (i < units.size()) {
            int first = i;
            int start = units.get(i).start();
            int end = units.get(i).end();
            i++;
            while (i < units.size() && !units.get(i).sectionStart() && units.get(i).end() - start <= size) {
                end = units.get(i).end();
                i++;
            }
            out.add(new Chunk(out.size(), start, end, headings.pathAt(start)));
            if (i >= units.size() || units.get(i).sectionStart() || overlap == 0) {
                continue;
            }
            // Start the next chunk a few units back so that about 'overlap' characters repeat.
            int j = i;
            while (j - 1 > first && end - units.get(j - 1).start() <= overlap) {
                j--;
            }
            i = j;
        }
        return out;
    }

    /**
     * The heading path at increasing offsets: the sections covering the offset, in document order, each
     * replacing those of its level or deeper. Sections enter when the offset reaches their start and leave
     * when it passes their end, so the work is linear in sections and chunks (a document of 200,000
     * headings is chunked in one pass, not one pass per chunk).
     */
    private static final class Headings {
        private final List<Section> sections;
        private final List<Section> active = new ArrayList<>();
        private int next;
        private int last = Integer.MIN_VALUE;

        Headings(List<Section> sections) {
            this.sections = sections;
        }

        String pathAt(int offset) {
            if (offset < last) {
                // Offsets normally only grow; start over for one that does not.
                active.clear();
                next = 0;
            }
            last = offset;
            while (next < sections.size() && sections.get(next).start() <= offset) {
                active.add(sections.get(next++));
            }
            active.removeIf(s -> s.end() <= offset);
            List<Section> path = new ArrayList<>();
            for (Section s : active) {
                if (s.start() <= offset) {
                    path.removeIf(p -> p.level() >= s.level());
                    path.add(s);
                }
            }
            return String.join(" > ", path.stream().map(Section::heading).toList());
        }
    }

    /** Lines, split into sentences and then hard pieces when longer than the chunk size. */
    private List<Unit> units(String text, List<Section> sections) {
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        for (Section s : sections) {
            starts.add(s.start());
        }
        List<Unit> units = new ArrayList<>();
        int n = text.length();
        int lineStart = 0;
        while (lineStart < n) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? n : nl;
            addLine(text, lineStart, lineEnd, starts, units);
            lineStart = lineEnd + 1;
        }
        return units;
    }

    private void addLine(String text, int from, int to, java.util.Set<Integer> sectionStarts, List<Unit> units) {
        int[] span = trim(text, from, to);
        if (span == null) {
            return;
        }
        boolean section = sectionStarts.contains(span[0]);
        if (span[1] - span[0] <= size) {
            units.add(new Unit(span[0], span[1], section));
            return;
        }
        int s = span[0];
        boolean firstPiece = true;
        for (int k = span[0]; k < span[1]; k++) {
            if (sentenceEnd(text, k, span[1])) {
                firstPiece = addPiece(text, s, k + 1, section && firstPiece, units) ? false : firstPiece;
                s = k + 1;
            }
        }
        addPiece(text, s, span[1], section && firstPiece, units);
    }

    private boolean addPiece(String text, int from, int to, boolean section, List<Unit> units) {
        int[] span = trim(text, from, to);
        if (span == null) {
            return false;
        }
        boolean first = true;
        for (int s = span[0]; s < span[1]; s += size) {
            int e = Math.min(span[1], s + size);
            // Do not cut a surrogate pair.
            if (e < span[1] && Character.isHighSurrogate(text.charAt(e - 1))) {
                e--;
            }
            int[] piece = trim(text, s, e);
            if (piece != null) {
                units.add(new Unit(piece[0], piece[1], section && first));
                first = false;
            }
            s = e - size;
        }
        return true;
    }

    private static boolean sentenceEnd(String text, int k, int limit) {
        char c = text.charAt(k);
        switch (c) {
            case '。', '！', '？', '；', '!', '?', '…':
                return k + 1 >= limit || !isClosing(text.charAt(k + 1));
            case '.', ';':
                return k + 1 >= limit || Character.isWhitespace(text.charAt(k + 1));
            case '”', '」', '』', '）', ')':
                return k > 0 && "。！？!?".indexOf(text.charAt(k - 1)) >= 0;
            default:
                return false;
        }
    }

    private static boolean isClosing(char c) {
        return "”」』）)\"'".indexOf(c) >= 0;
    }

    private static int[] trim(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return from < to ? new int[] { from, to } : null;
    }
}
