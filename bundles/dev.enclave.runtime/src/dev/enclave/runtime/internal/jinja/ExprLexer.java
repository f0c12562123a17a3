package dev.enclave.runtime.internal.jinja;

import java.util.ArrayList;
import java.util.List;

/** Tokens of a Jinja expression or statement. */
final class ExprLexer {
    enum Type { NAME, STRING, NUMBER, OP, END }

    record Token(Type type, String text, Object value) {
        boolean is(String op) {
            return (type == Type.OP || type == Type.NAME) && text.equals(op);
        }
    }

    private static final String[] OPS = { "//", "**", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ",", ".",
            ":", "|", "~", "+", "-", "*", "/", "%", "<", ">", "=" };

    private ExprLexer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Type.NAME, s.substring(i, j), null));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                boolean dot = false;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || (s.charAt(j) == '.' && !dot && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1))))) {
                    dot |= s.charAt(j) == '.';
                    j++;
                }
                String num = s.substring(i, j).replace("_", "");
                out.add(new Token(Type.NUMBER, num, dot ? (Object) Double.valueOf(num) : (Object) Long.valueOf(num)));
                i = j;
            } else if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length()) {
                        char e = s.charAt(++j);
                        switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '\\' -> sb.append('\\');
                        case '\'' -> sb.append('\'');
                        case '"' -> sb.append('"');
                        default -> sb.append('\\').append(e);
                        }
                    } else {
                        sb.append(d);
                    }
                    j++;
                }
                if (j >= s.length()) {
                    throw new TemplateException("unterminated string in: " + s);
                }
                out.add(new Token(Type.STRING, sb.toString(), sb.toString()));
                i = j + 1;
            } else {
                String op = null;
                for (String o : OPS) {
                    if (s.startsWith(o, i)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) {
                    throw new TemplateException("unexpected character '" + c + "' in: " + s);
                }
                out.add(new Token(Type.OP, op, null));
                i += op.length();
            }
        }
        out.add(new Token(Type.END, "", null));
        return out;
    }
}
