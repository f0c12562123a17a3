package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout pass that runs before {@link NormalizedText}: what a printed or exported report
 * puts on the page but is not the report's content.
 *
 * <ul>
 * <li>Page furniture: a line holding a page number ("第 3 页 共 8 页", "第3页/共8页", "Page 2 of 5",
 * "- 2 -") is dropped, as is the running header right after it (a line repeating the document's
 * title, or one that recurs); the page number alone is cut from a line that also holds content
 * ("调查人：顾磊　第 2 页 共 2 页"). Where the page break fell inside a sentence ("负债总额9,340 /
 * page break / 万元，资产负债率…"), the two halves are joined again.</li>
 * <li>Box-drawing tables: rule lines (┌─┬─┐, ├──┼──┤, ┣━━╋) are dropped; vertical bars (│ ┃ ║)
 * become column breaks; a cell's text wrapped over several one-cell rows is joined.</li>
 * <li>Dotted leaders ("营业收入……………12,345", "借款人·········某公司") become column breaks.</li>
 * </ul>
 *
 * <p>The result keeps a map from each of its characters to the original offset, so evidence
 * still points into the report as written. Stateless; safe from any thread.
 */
final class PageLayout {
    /** The cleaned text. */
    final String text;
    /** For each character of {@link #text}, and one past its end, the original offset. */
    final int[] toOriginal;

    private static final Pattern PAGE_MARK = Pattern.compile(
            "第\\s*[0-9一二三四五六七八九十]+\\s*页\\s*[,，/／]?\\s*(共\\s*[0-9一二三四五六七八九十]+\\s*页)?\\s*([(（]续[)）])?"
                    + "|共\\s*[0-9]+\\s*页\\s*[,，/／]?\\s*第\\s*[0-9]+\\s*页"
                    + "|(?i:page)\\s+[0-9]+(\\s*(?i:of)\\s*[0-9]+)?"
                    + "|^\\s*[-—–]\\s*[0-9]+\\s*[-—–]\\s*$");

    /** Box-drawing vertical bars: column breaks. */
    private static final String BARS = "│┃║╎╏┆┇┊┋";

    /** Characters of a dotted leader; a run of two ellipses or three dots is one. */
    private static final String ELLIPSES = "…⋯‥";
    private static final String DOTS = "·•・.．‧∙";

    private static final Pattern TERMINAL = Pattern.compile(".*[。；;！？!?：:]\\s*$");

    PageLayout(String original) {
        List<int[]> lines = new ArrayList<>(); // [start, end) without the newline
        int s = 0;
        for (int i = 0; i <= original.length(); i++) {
            if (i == original.length() || original.charAt(i) == '\n') {
                lines.add(new int[] {s, i});
                s = i + 1;
            }
        }
        int n = lines.size();
        String[] text = new String[n];
        for (int k = 0; k < n; k++) {
            text[k] = original.substring(lines.get(k)[0], lines.get(k)[1]);
        }
        String head = headOf(text);
        Map<String, Integer> counts = new HashMap<>();
        for (String t : text) {
            counts.merge(key(t), 1, Integer::sum);
        }
        boolean[] drop = new boolean[n];
        boolean[] blank = new boolean[n];
        int[][] cut = new int[n][]; // a page number cut from a line that also holds content
        boolean[] pageBreak = new boolean[n];
        for (int k = 0; k < n; k++) {
            String t = text[k];
            if (ruleLine(t)) {
                // inside a box table the rule goes; elsewhere (a border, a plain ═══ rule) it still separates like a blank line
                if (barRow(text, k - 1) && barRow(text, k + 1)) {
                    drop[k] = true;
                } else {
                    blank[k] = true;
                }
                continue;
            }
            Matcher m = PAGE_MARK.matcher(t);
            if (!m.find()) {
                continue;
            }
            String rest = key(t.substring(0, m.start()) + t.substring(m.end())).replaceAll("[(（]续[)）]", "");
            if (rest.isEmpty() || counts.getOrDefault(rest, 0) + countsContaining(counts, rest) >= 2 || head.contains(rest)) {
                drop[k] = true;
            } else {
                cut[k] = new int[] {m.start(), m.end()};
            }
            pageBreak[k] = true;
            // the running header of the next page
            int h = k + 1;
            while (h < n && text[h].isBlank()) {
                h++;
            }
            if (h < n && !PAGE_MARK.matcher(text[h]).find()) {
                String hk = key(text[h]).replaceAll("[(（]续[)）]", "");
                if (hk.length() >= 4 && !hk.matches(".*[0-9].*") && (head.contains(hk) || counts.getOrDefault(key(text[h]), 0) >= 2)) {
                    for (int b = k + 1; b <= h; b++) {
                        drop[b] = true;
                    }
                }
            }
        }
        // blank lines around a dropped page block go with it, so that the halves can be joined
        boolean[] joinAfter = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (!pageBreak[k] || !drop[k]) {
                continue;
            }
            int a = k - 1;
            while (a >= 0 && (drop[a] || text[a].isBlank())) {
                a--;
            }
            int b = k + 1;
            while (b < n && (drop[b] || text[b].isBlank())) {
                b++;
            }
            if (a >= 0 && b < n && continues(text[a], text[b])) {
                for (int x = a + 1; x < b; x++) {
                    drop[x] = true;
                }
                joinAfter[a] = true;
            }
        }
        // a cell's text wrapped over one-cell box rows
        for (int k = 0; k + 1 < n; k++) {
            String c = cellText(text[k]);
            String d = cellText(text[k + 1]);
            if (!drop[k] && c != null && d != null && !c.isEmpty() && !d.isEmpty() && !TERMINAL.matcher(c).matches()) {
                joinAfter[k] = true;
            }
        }
        StringBuilder sb = new StringBuilder(original.length());
        int[] map = new int[original.length() + 1];
        boolean joined = false;
        for (int k = 0; k < n; k++) {
            if (drop[k]) {
                continue;
            }
            int ls = lines.get(k)[0];
            int le = lines.get(k)[1];
            String t = text[k];
            int end = t.length();
            if (joinAfter[k]) {
                end = stripEnd(t);
            }
            int from = 0;
            if (joined) {
                // the continuation's leading bar and blanks would read as a column break inside the sentence
                while (from < end && (Character.isWhitespace(t.charAt(from)) || t.charAt(from) == '\u3000' || BARS.indexOf(t.charAt(from)) >= 0)) {
                    from++;
                }
            }
            joined = joinAfter[k];
            if (blank[k]) {
                end = 0;
            }
            for (int i = from; i < end; i++) {
                if (cut[k] != null && i >= cut[k][0] && i < cut[k][1]) {
                    continue;
                }
                char c = t.charAt(i);
                if (BARS.indexOf(c) >= 0 || leader(t, i)) {
                    c = '\t';
                }
                map[sb.length()] = ls + i;
                sb.append(c);
            }
            if (joinAfter[k]) {
                continue;
            }
            if (le < original.length()) {
                map[sb.length()] = le;
                sb.append('\n');
            }
        }
        map[sb.length()] = original.length();
        this.text = sb.toString();
        this.toOriginal = java.util.Arrays.copyOf(map, this.text.length() + 1);
    }

    /** Whether a line is a rule of a box-drawing table: box characters and blanks only. */
    private static boolean ruleLine(String t) {
        int box = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '\u2500' && c <= '\u257F') {
                box++;
            } else if (!Character.isWhitespace(c) && c != '\u3000' && c != '-' && c != '=' && c != '+') {
                return false;
            }
        }
        return box >= 3;
    }

    /** Whether line {@code k} is a row of a box table (holds a vertical bar), skipping its rules. */
    private static boolean barRow(String[] text, int k) {
        if (k < 0 || k >= text.length) {
            return false;
        }
        String t = text[k];
        for (int i = 0; i < t.length(); i++) {
            if (BARS.indexOf(t.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The text of a one-cell box row ("│text   │"), or {@code null} when the line is not one. */
    private static String cellText(String t) {
        String s = t.strip();
        if (s.length() < 2 || BARS.indexOf(s.charAt(0)) < 0 || BARS.indexOf(s.charAt(s.length() - 1)) < 0) {
            return null;
        }
        String inner = s.substring(1, s.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            if (BARS.indexOf(inner.charAt(i)) >= 0) {
                return null;
            }
        }
        return inner.strip();
    }

    /** The end of a line's content: trailing blanks and bars dropped. */
    private static int stripEnd(String t) {
        int e = t.length();
        while (e > 0 && (Character.isWhitespace(t.charAt(e - 1)) || t.charAt(e - 1) == '\u3000' || BARS.indexOf(t.charAt(e - 1)) >= 0)) {
            e--;
        }
        return e;
    }

    /** Whether the character at {@code i} belongs to a dotted leader. */
    private static boolean leader(String t, int i) {
        char c = t.charAt(i);
        boolean ellipsis = ELLIPSES.indexOf(c) >= 0;
        if (!ellipsis && DOTS.indexOf(c) < 0) {
            return false;
        }
        int a = i;
        while (a > 0 && (ELLIPSES.indexOf(t.charAt(a - 1)) >= 0 || DOTS.indexOf(t.charAt(a - 1)) >= 0)) {
            a--;
        }
        int b = i + 1;
        while (b < t.length() && (ELLIPSES.indexOf(t.charAt(b)) >= 0 || DOTS.indexOf(t.charAt(b)) >= 0)) {
            b++;
        }
        boolean anyEllipsis = false;
        for (int k = a; k < b; k++) {
            anyEllipsis |= ELLIPSES.indexOf(t.charAt(k)) >= 0;
        }
        return anyEllipsis ? b - a >= 2 : b - a >= 3;
    }

    /**
     * Whether line {@code b} continues the sentence that line {@code a} left unfinished at a
     * page break: {@code a} is prose (not a table row) and ends without a full stop, and {@code b}
     * starts like the rest of a sentence.
     */
    private static boolean continues(String a, String b) {
        String x = a.strip();
        String y = b.strip();
        if (x.isEmpty() || y.isEmpty() || TERMINAL.matcher(x).matches()) {
            return false;
        }
        if (x.matches(".*(\\t|[ \\u3000]{2,}|[…⋯·]{2,}).*") || BARS.indexOf(x.charAt(0)) >= 0) {
            return false; // a table row
        }
        boolean prose = x.contains("，") || x.contains("、") || x.contains("；") || x.length() >= 30;
        char f = y.charAt(0);
        boolean rest = Character.UnicodeScript.of(f) == Character.UnicodeScript.HAN || Character.isLowerCase(f)
                || "，,、%％)）".indexOf(f) >= 0 || Character.isDigit(f);
        return prose && rest && !y.matches("^[一二三四五六七八九十]+[、.．].*|^[（(][一二三四五六七八九十0-9]+[)）].*|^[0-9]+[.、．].*");
    }

    /** A line for comparison: blanks removed. */
    private static String key(String t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!Character.isWhitespace(c) && c != '\u3000') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int countsContaining(Map<String, Integer> counts, String rest) {
        int c = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (!e.getKey().equals(rest) && e.getKey().contains(rest) && PAGE_MARK.matcher(e.getKey()).find()) {
                c += e.getValue();
            }
        }
        return c;
    }

    /** The document's first lines without blanks: where its title stands, which a running header repeats. */
    private static String headOf(String[] text) {
        StringBuilder sb = new StringBuilder();
        int taken = 0;
        for (String t : text) {
            if (t.isBlank()) {
                continue;
            }
            sb.append(key(t)).append('\n');
            if (++taken == 3) {
                break;
            }
        }
        return sb.toString().replace("\n", "");
    }
}
