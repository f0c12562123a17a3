package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.List;

import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.Section;
import dev.enclave.knowledge.TextRegion;

/** Builds an extracted text from blocks (headings, paragraphs, table rows) and records heading spans. */
final class TextBuilder {
    private final StringBuilder text = new StringBuilder();
    private final List<int[]> headings = new ArrayList<>(); // level, start
    private final List<String> headingTexts = new ArrayList<>();
    private final List<TextRegion> regions = new ArrayList<>();
    private boolean inRows;

    /** Adds a heading as its own paragraph. */
    void heading(int level, String heading) {
        String h = clean(heading);
        if (h.isEmpty()) {
            return;
        }
        breakParagraph();
        headings.add(new int[] { level, text.length() });
        headingTexts.add(h);
        text.append(h);
        breakParagraph();
    }

    /**
     * Adds a paragraph.
     *
     * @return the offset in the text of the paragraph's first non-blank character, or -1 when it is blank (and
     *         nothing was added)
     */
    int paragraph(String paragraph) {
        String p = paragraph.strip();
        if (p.isEmpty()) {
            return -1;
        }
        breakParagraph();
        int start = text.length();
        text.append(p);
        breakParagraph();
        return start;
    }

    /** Records where a span of the text added so far is printed on a page image. */
    void region(TextRegion region) {
        regions.add(region);
    }

    /** Adds a table: one line per row, each cell preceded by its header cell. */
    void table(List<List<String>> rows) {
        List<List<String>> kept = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> c = r.stream().map(TextBuilder::clean).toList();
            if (c.stream().anyMatch(s -> !s.isEmpty())) {
                kept.add(c);
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        breakParagraph();
        List<String> header = kept.get(0);
        if (kept.size() == 1) {
            text.append(String.join(" | ", header.stream().filter(s -> !s.isEmpty()).toList())).append('\n');
        }
        for (int i = 1; i < kept.size(); i++) {
            List<String> row = kept.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String v = row.get(c);
                if (v.isEmpty()) {
                    continue;
                }
                if (line.length() > 0) {
                    line.append(" | ");
                }
                String h = c < header.size() ? header.get(c) : "";
                line.append(h.isEmpty() ? v : h + ": " + v);
            }
            text.append(line).append('\n');
        }
        breakParagraph();
    }

    private void breakParagraph() {
        int n = text.length();
        if (n == 0) {
            return;
        }
        if (text.charAt(n - 1) != '\n') {
            text.append("\n\n");
        } else if (n < 2 || text.charAt(n - 2) != '\n') {
            text.append('\n');
        }
    }

    static String clean(String s) {
        return s == null ? "" : s.replace('\u00a0', ' ').replaceAll("[\\s&&[^\n]]+", " ").replace('\n', ' ').strip();
    }

    ExtractedDocument build(String name, String type, String charset) {
        String t = text.toString().stripTrailing();
        List<TextRegion> kept = regions.stream().filter(r -> r.end() <= t.length()).toList();
        return new ExtractedDocument(name, type, t, sections(t.length(), headings, headingTexts), charset, kept);
    }

    /**
     * Sections from heading starts: each runs to the next heading of the same or a higher level. One pass with a
     * stack of open headings (linear in the number of headings, however they nest).
     */
    static List<Section> sections(int length, List<int[]> heads, List<String> texts) {
        int[] ends = new int[heads.size()];
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < heads.size(); i++) {
            int level = heads.get(i)[0];
            while (!open.isEmpty() && heads.get(open.peek())[0] >= level) {
                ends[open.pop()] = heads.get(i)[1];
            }
            open.push(i);
        }
        while (!open.isEmpty()) {
            ends[open.pop()] = length;
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            out.add(new Section(heads.get(i)[0], texts.get(i), heads.get(i)[1], Math.max(ends[i], heads.get(i)[1])));
        }
        return out;
    }
}
