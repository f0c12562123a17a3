package dev.enclave.runtime.internal.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text, output ({@code {{ }}}) and statement ({@code {% %}}) pieces,
 * applying whitespace control ({@code -}) and the settings transformers uses for chat
 * templates: {@code trim_blocks} and {@code lstrip_blocks}.
 */
final class Lexer {
    enum Kind { TEXT, OUTPUT, STATEMENT }

    record Piece(Kind kind, String text, int line) {
    }

    private Lexer() {
    }

    static List<Piece> split(String src) {
        List<Piece> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        StringBuilder text = new StringBuilder();
        boolean trimNextLeading = false;
        boolean trimNextNewline = false;
        while (i < n) {
            int open = src.indexOf('{', i);
            while (open >= 0 && open + 1 < n && "{%#".indexOf(src.charAt(open + 1)) < 0) {
                open = src.indexOf('{', open + 1);
            }
            if (open < 0 || open + 1 >= n) {
                text.append(src, i, n);
                i = n;
                break;
            }
            text.append(src, i, open);
            char type = src.charAt(open + 1);
            String close = type == '{' ? "}}" : type == '%' ? "%}" : "#}";
            int end = src.indexOf(close, open + 2);
            if (end < 0) {
                throw new TemplateException("unclosed '" + src.substring(open, open + 2) + "' at line "
                        + line(src, open));
            }
            boolean stripBefore = open + 2 < n && src.charAt(open + 2) == '-';
            boolean stripAfter = end > open + 2 && src.charAt(end - 1) == '-';
            String inner = src.substring(open + 2 + (stripBefore ? 1 : 0), end - (stripAfter ? 1 : 0)).trim();
            String pending = text.toString();
            text.setLength(0);
            if (trimNextNewline) {
                pending = pending.startsWith("\r\n") ? pending.substring(2)
                        : pending.startsWith("\n") ? pending.substring(1) : pending;
            }
            if (trimNextLeading) {
                pending = stripLeading(pending);
            }
            if (stripBefore) {
                pending = stripTrailing(pending);
            } else if (type != '{') {
                // lstrip_blocks: spaces and tabs between a line start and a block tag go.
                int k = open - 1;
                while (k >= 0 && (src.charAt(k) == ' ' || src.charAt(k) == '\t')) {
                    k--;
                }
                int blanks = open - 1 - k;
                if ((k < 0 || src.charAt(k) == '\n') && blanks > 0 && pending.length() >= blanks) {
                    pending = pending.substring(0, pending.length() - blanks);
                }
            }
            if (!pending.isEmpty()) {
                out.add(new Piece(Kind.TEXT, pending, line(src, open)));
            }
            if (type == '{') {
                out.add(new Piece(Kind.OUTPUT, inner, line(src, open)));
            } else if (type == '%') {
                out.add(new Piece(Kind.STATEMENT, inner, line(src, open)));
            }
            trimNextLeading = stripAfter;
            // trim_blocks: the first newline after a block tag goes.
            trimNextNewline = !stripAfter && type != '{';
            i = end + 2;
        }
        String pending = text.toString();
        if (trimNextNewline) {
            pending = pending.startsWith("\r\n") ? pending.substring(2)
                    : pending.startsWith("\n") ? pending.substring(1) : pending;
        }
        if (trimNextLeading) {
            pending = stripLeading(pending);
        }
        if (!pending.isEmpty()) {
            out.add(new Piece(Kind.TEXT, pending, line(src, n)));
        }
        return out;
    }

    private static String stripLeading(String s) {
        int k = 0;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return s.substring(k);
    }

    private static String stripTrailing(String s) {
        int k = s.length();
        while (k > 0 && Character.isWhitespace(s.charAt(k - 1))) {
            k--;
        }
        return s.substring(0, k);
    }

    private static int line(String src, int pos) {
        int line = 1;
        for (int k = 0; k < pos && k < src.length(); k++) {
            if (src.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
