package dev.enclave.audit.internal;

/**
 * A report's text normalised for matching, with a map back to the original offsets.
 *
 * <p>Full-width ASCII becomes half-width, the ideographic space a space; single stray
 * spaces (OCR) are dropped except between two Latin letters; runs of two or more
 * spaces or tabs become one tab (a column break); {@code \r} is dropped. On a form line, one
 * blank after a known caption becomes a colon ("法人 何建平" reads "法人:何建平") and a slash
 * between blanks before the next field becomes "；". Evidence is
 * always reported in original offsets through {@link #start(int)} / {@link #end(int)}.
 */
final class NormalizedText {
    final String original;
    final String text;
    private final int[] toOriginal;

    NormalizedText(String original) {
        this.original = original;
        // page furniture, box-drawing rules and dotted leaders first; src maps back through layout
        PageLayout layout = new PageLayout(original);
        String src = layout.text;
        StringBuilder sb = new StringBuilder(original.length());
        int[] map = new int[src.length() + 1];
        int n = src.length();
        int i = 0;
        while (i < n) {
            char c = fold(src.charAt(i));
            if (c == '\r') {
                i++;
                continue;
            }
            if (c == ' ' || c == '\t') {
                int j = i;
                boolean tab = false;
                boolean ideographic = false;
                while (j < n && (fold(src.charAt(j)) == ' ' || src.charAt(j) == '\t')) {
                    tab |= src.charAt(j) == '\t';
                    ideographic |= src.charAt(j) == '\u3000';
                    j++;
                }
                int run = j - i;
                char prev = sb.length() == 0 ? '\n' : sb.charAt(sb.length() - 1);
                char next = j < n ? fold(src.charAt(j)) : '\n';
                if (prev == '\n' || next == '\n' || next == '\r') {
                    // leading or trailing blanks of a line
                } else if (!tab && next == '/' && j + 1 < n && fold(src.charAt(j + 1)) == ' ' && isHan(nextNonBlank(src, j + 1))
                        && !Character.isLowerCase(prev)) {
                    // "法人 何建平 / 实控人 何建平": a slash between blanks separates the fields of a form line
                    map[sb.length()] = j;
                    sb.append('；');
                    i = j + 1;
                    while (i < n && fold(src.charAt(i)) == ' ') {
                        i++;
                    }
                    continue;
                } else if (!tab && run == 1 && isHan(prev) && (Character.isLetterOrDigit(next) || next == '(' || next == '（')
                        && captionBefore(sb) && !spacedLine(src, i)) {
                    // "信用代码 9144…", "出资人 谭志文 90%": a known caption and one blank instead of a colon
                    map[sb.length()] = i;
                    sb.append(':');
                } else if (tab || run >= 2 && !(run <= 3 && spacedLine(src, i))
                        || ideographic && (ideographicTable(src, i) || LABEL_AHEAD.matcher(src).region(j, n).lookingAt())) {
                    // ideographic spaces separate the cells of a table row ("资产总额　１２，４００　１３，８６０")
                    map[sb.length()] = i;
                    sb.append('\t');
                } else if (isLatin(prev) && isLatin(next) || latinPunctuationBefore(sb) && isLatin(next)) {
                    // between words, and after a sentence's or clause's punctuation in English text
                    // ("Province, and", "2023. The"), where the blank is what tells a full stop from a decimal point
                    map[sb.length()] = i;
                    sb.append(' ');
                }
                i = j;
                continue;
            }
            if (c == '.' && sb.length() > 0 && isHan(sb.charAt(sb.length() - 1)) && isHan(nextNonBlank(src, i + 1))
                    && !chineseNumberingBefore(sb)) { // "六. 风险" numbers a heading
                c = '，'; // OCR reads a Chinese comma or full stop between characters as "." ("规模较小. 抗风险能力弱")
            }
            map[sb.length()] = i;
            sb.append(c);
            i++;
        }
        map[sb.length()] = n;
        this.text = sb.toString();
        this.toOriginal = new int[sb.length() + 1];
        for (int k = 0; k <= sb.length(); k++) {
            toOriginal[k] = layout.toOriginal[map[k]];
        }
    }

    /**
     * Whether the line around {@code pos} is OCR-spaced text ("无 锡 长 江"): at least three
     * single blanks between CJK characters, so short blank runs there are noise, not columns.
     */
    private static boolean spacedLine(String s, int pos) {
        int ls = s.lastIndexOf('\n', pos) + 1;
        int le = s.indexOf('\n', pos);
        if (le < 0) {
            le = s.length();
        }
        int singles = 0;
        for (int i = ls + 1; i + 1 < le; i++) {
            char c = fold(s.charAt(i));
            if (c == ' ' && fold(s.charAt(i - 1)) != ' ' && fold(s.charAt(i + 1)) != ' '
                    && s.charAt(i - 1) > 0x2E80 && s.charAt(i + 1) > 0x2E80) {
                singles++;
            }
        }
        return singles >= 3;
    }

    /** Captions that may stand before their value with one blank: risk captions (field captions come from LabelMap). */
    private static final java.util.regex.Pattern RISK_CAPTION = java.util.regex.Pattern.compile("(主要)?风险(提示|揭示|点|因素)");

    /**
     * Whether the text since the start of the current field (line start, a tab, a bar or a
     * semicolon) is a known form caption ("法定代表人", "展期期限", "风险提示").
     */
    private static boolean captionBefore(StringBuilder sb) {
        int k = sb.length();
        while (k > 0 && "\n\t|;；".indexOf(sb.charAt(k - 1)) < 0) {
            k--;
            if (sb.length() - k > 10) {
                return false;
            }
        }
        String label = sb.substring(k).strip();
        if (label.length() < 2 || !label.chars().allMatch(c -> isHan((char) c))) {
            return false;
        }
        return LabelMap.isKnown(label) || RISK_CAPTION.matcher(label).matches();
    }

    /** A form label and its colon: an ideographic space before one separates two pairs ("用途：…　还款来源：…"). */
    private static final java.util.regex.Pattern LABEL_AHEAD = java.util.regex.Pattern.compile("[\\u4e00-\\u9fa5]{2,8}[:：]");

    private static final java.util.regex.Pattern TABLE_CELL = java.util.regex.Pattern.compile(
            "[\\u4e00-\\u9fa5A-Za-z()（）]{1,14}|[-－]?[0-9０-９][0-9０-９,，.．]*[%％]?|[0-9０-９]{4}年[度末]?");

    /**
     * Whether the line around {@code pos} is a table row whose cells are separated by ideographic
     * spaces: three or more cells, each a short caption or a figure (OCR of full-width tables);
     * elsewhere an ideographic space is noise like any single blank.
     */
    private static boolean ideographicTable(String s, int pos) {
        int ls = s.lastIndexOf('\n', pos) + 1;
        int le = s.indexOf('\n', pos);
        if (le < 0) {
            le = s.length();
        }
        String[] cells = s.substring(ls, le).strip().split("\u3000+");
        if (cells.length < 3) {
            return false;
        }
        boolean figure = false;
        for (String c : cells) {
            String v = c.strip();
            if (!TABLE_CELL.matcher(v).matches()) {
                return false;
            }
            figure |= Character.isDigit(v.charAt(v.length() - 1)) || v.endsWith("年") || v.endsWith("%") || v.endsWith("％");
        }
        return figure;
    }

    /** Whether the line so far is only a Chinese item numeral ("六", "十二"). */
    private static boolean chineseNumberingBefore(StringBuilder sb) {
        int k = sb.length();
        int s = k;
        while (s > 0 && "一二三四五六七八九十".indexOf(sb.charAt(s - 1)) >= 0) {
            s--;
        }
        return k - s >= 1 && k - s <= 3 && (s == 0 || sb.charAt(s - 1) == '\n');
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static char nextNonBlank(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            char c = fold(s.charAt(k));
            if (c == '\n') {
                return c;
            }
            if (c != ' ' && c != '\t') {
                return c;
            }
        }
        return '\n';
    }

    /** Whether {@code sb} ends in ASCII punctuation that closes a clause and follows a Latin word or figure. */
    private static boolean latinPunctuationBefore(StringBuilder sb) {
        int n = sb.length();
        if (n < 2 || ",.;:!?)".indexOf(sb.charAt(n - 1)) < 0) {
            return false;
        }
        char before = sb.charAt(n - 2);
        return isLatin(before) || before >= '0' && before <= '9' || before == ')' || before == '%' || before == '.';
    }

    private static boolean isLatin(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Folds full-width forms and special spaces. */
    static char fold(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003' || c == '\u2009' || c == '\u200B') {
            return ' ';
        }
        if (c == '\uFEFF') {
            return ' ';
        }
        return c;
    }

    /** Original offset of normalised offset {@code i} (a start). */
    int start(int i) {
        return toOriginal[i];
    }

    /** Original offset just after normalised character {@code i - 1} (an end). */
    int end(int i) {
        if (i <= 0) {
            return toOriginal[0];
        }
        return toOriginal[i - 1] + 1;
    }

    /** The original surface string behind normalised {@code [s, e)}, blanks removed. */
    String surface(int s, int e) {
        return stripBlanks(original.substring(start(s), end(e)));
    }

    /**
     * Removes blanks (including full-width spaces) from a name; in an English name one space stays
     * between words ("Wuxi Taihu Dyeing Co., Ltd.", "Chen Hao").
     */
    static String stripBlanks(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (fold(c) != ' ' && c != '\t' && c != '\r' && c != '\n') {
                sb.append(c);
            } else if (sb.length() > 0 && i + 1 < s.length() && englishGap(sb.charAt(sb.length() - 1), fold(s.charAt(i + 1)))) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /** Whether a blank between these two characters separates English words ("Co., Ltd", "No. 99 Xiyuan"). */
    private static boolean englishGap(char a, char b) {
        boolean before = englishBefore(a) || Character.isDigit(a);
        boolean after = englishAfter(b) || Character.isDigit(b);
        return before && after && (isLatin(a) || isLatin(b) || a == ',' || a == '.');
    }

    private static boolean englishBefore(char c) {
        return isLatin(c) || c == ',' || c == '.' || c == ')' || c == '&';
    }

    private static boolean englishAfter(char c) {
        return isLatin(c) || c == '(' || c == '&';
    }

    /** Abbreviations whose full stop belongs to the word, also at the end of a sentence ("Co., Ltd."). */
    private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of("ltd", "co", "inc", "corp", "bhd", "pte",
            "plc", "llc", "mfg", "no", "st", "jr", "sr");

    /**
     * Whether the full stop at {@code dot} ends an abbreviation such as the legal form of an English
     * company name ("Wuxi Taihu Dyeing Co., Ltd."), so that trimming a value keeps it as written.
     */
    static boolean abbreviationDot(CharSequence text, int dot) {
        int s = dot;
        while (s > 0 && Character.isLetter(text.charAt(s - 1)) && text.charAt(s - 1) < 0x80) {
            s--;
        }
        return s < dot && (s == 0 || !Character.isLetter(text.charAt(s - 1)))
                && ABBREVIATIONS.contains(text.subSequence(s, dot).toString().toLowerCase(java.util.Locale.ROOT));
    }
}
