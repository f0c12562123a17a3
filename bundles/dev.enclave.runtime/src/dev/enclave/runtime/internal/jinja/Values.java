package dev.enclave.runtime.internal.jinja;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jinja value semantics on Java objects: truth, text, arithmetic, attributes, filters, tests, methods. */
final class Values {
    /** What a missing variable or attribute evaluates to: renders as "", is not defined. */
    static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "";
        }
    };

    /** A callable value: macros, global functions, bound methods. */
    interface Callable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    private Values() {
    }

    static boolean truthy(Object v) {
        if (v == null || v == UNDEFINED) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String str(Object v) {
        if (v == null) {
            return "None";
        }
        if (v == UNDEFINED) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : String.valueOf(d);
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            return pyRepr(v);
        }
        return v.toString();
    }

    /** Python's repr of lists and dicts (what {{ list }} prints). */
    static String pyRepr(Object v) {
        if (v instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(pyRepr(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(pyRepr(k) + ": " + pyRepr(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return str(v);
    }

    /** JSON as Python's json.dumps writes it (", " and ": " separators, non-ASCII kept). */
    static String json(Object v, int indent, int depth) {
        if (v == null || v == UNDEFINED) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (v instanceof Number n) {
            return n instanceof Double d ? (d == Math.rint(d) ? String.valueOf(d) : String.valueOf(d)) : n.toString();
        }
        if (v instanceof CharSequence s) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                }
            }
            return sb.append('"').toString();
        }
        String nl = indent > 0 ? "\n" + " ".repeat(indent * (depth + 1)) : "";
        String end = indent > 0 ? "\n" + " ".repeat(indent * depth) : "";
        String sep = indent > 0 ? "," : ", ";
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "{}";
            }
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(nl + json(String.valueOf(k), 0, 0) + ": " + json(x, indent, depth + 1)));
            return "{" + String.join(sep, parts) + end + "}";
        }
        if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                return "[]";
            }
            List<String> parts = new ArrayList<>();
            c.forEach(x -> parts.add(nl + json(x, indent, depth + 1)));
            return "[" + String.join(sep, parts) + end + "]";
        }
        return json(v.toString(), 0, 0);
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a == UNDEFINED) {
            a = null;
        }
        if (b == UNDEFINED) {
            b = null;
        }
        return a == null ? b == null : a.equals(b);
    }

    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new TemplateException("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    static String typeName(Object v) {
        return v == null ? "none" : v == UNDEFINED ? "undefined" : v.getClass().getSimpleName();
    }

    static Object number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        throw new TemplateException("not a number: " + str(v));
    }

    static Object arith(String op, Object a, Object b) {
        if (op.equals("+")) {
            if (a instanceof String || b instanceof String) {
                if (!(a instanceof String && b instanceof String)) {
                    throw new TemplateException("can only concatenate str (not \"" + typeName(a == null ? b : a)
                            + "\") to str");
                }
                return (String) a + b;
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> r = new ArrayList<>(x);
                r.addAll(y);
                return r;
            }
        }
        Number x = (Number) number(a);
        Number y = (Number) number(b);
        boolean ints = x instanceof Long && y instanceof Long;
        return switch (op) {
        case "+" -> ints ? (Object) (x.longValue() + y.longValue()) : (Object) (x.doubleValue() + y.doubleValue());
        case "-" -> ints ? (Object) (x.longValue() - y.longValue()) : (Object) (x.doubleValue() - y.doubleValue());
        case "*" -> ints ? (Object) (x.longValue() * y.longValue()) : (Object) (x.doubleValue() * y.doubleValue());
        case "/" -> x.doubleValue() / y.doubleValue();
        case "//" -> ints ? (Object) Math.floorDiv(x.longValue(), y.longValue())
                : (Object) Math.floor(x.doubleValue() / y.doubleValue());
        case "%" -> ints ? (Object) Math.floorMod(x.longValue(), y.longValue())
                : (Object) (x.doubleValue() % y.doubleValue());
        case "**" -> ints ? (Object) (long) Math.pow(x.longValue(), y.longValue())
                : (Object) Math.pow(x.doubleValue(), y.doubleValue());
        default -> throw new TemplateException("unknown operator " + op);
        };
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            return item instanceof String i && s.contains(i);
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(item);
        }
        if (container instanceof Collection<?> c) {
            for (Object x : c) {
                if (equal(x, item)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    static List<Object> list(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (v == null || v == UNDEFINED) {
            return new ArrayList<>();
        }
        throw new TemplateException("not iterable: " + typeName(v));
    }

    static Object attribute(Object target, String name) {
        if (target instanceof Map<?, ?> m) {
            if (m.containsKey(name)) {
                return m.get(name);
            }
            Object method = method(target, name);
            return method != null ? method : UNDEFINED;
        }
        if (target == null || target == UNDEFINED) {
            return UNDEFINED;
        }
        Object method = method(target, name);
        return method != null ? method : UNDEFINED;
    }

    static Object index(Object target, Object key) {
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(key) ? m.get(key) : UNDEFINED;
        }
        if (target instanceof List<?> l && key instanceof Number n) {
            int i = n.intValue();
            if (i < 0) {
                i += l.size();
            }
            return i >= 0 && i < l.size() ? l.get(i) : UNDEFINED;
        }
        if (target instanceof String s && key instanceof Number n) {
            List<Object> chars = list(s);
            int i = n.intValue() < 0 ? n.intValue() + chars.size() : n.intValue();
            return i >= 0 && i < chars.size() ? chars.get(i) : UNDEFINED;
        }
        if (key instanceof String name) {
            return attribute(target, name);
        }
        return UNDEFINED;
    }

    static Object slice(Object target, Object start, Object stop, Object step) {
        boolean string = target instanceof String;
        List<Object> items = list(target);
        int n = items.size();
        int st = step == null ? 1 : ((Number) step).intValue();
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        int a;
        int b;
        if (st > 0) {
            a = start == null ? 0 : clamp(((Number) start).intValue(), n, 0, n);
            b = stop == null ? n : clamp(((Number) stop).intValue(), n, 0, n);
        } else {
            a = start == null ? n - 1 : clamp(((Number) start).intValue(), n, -1, n - 1);
            b = stop == null ? -1 : clamp(((Number) stop).intValue(), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (int i = a; st > 0 ? i < b : i > b; i += st) {
            out.add(items.get(i));
        }
        if (string) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        return out;
    }

    private static int clamp(int i, int n, int lo, int hi) {
        if (i < 0) {
            i += n;
        }
        return Math.max(lo, Math.min(hi, i));
    }

    /** Python string, dict and list methods used by chat templates, as bound callables; null when none. */
    static Callable method(Object target, String name) {
        if (target instanceof String s) {
            return switch (name) {
            case "strip" -> (a, k) -> strip(s, a.isEmpty() ? null : str(a.get(0)), true, true);
            case "lstrip" -> (a, k) -> strip(s, a.isEmpty() ? null : str(a.get(0)), true, false);
            case "rstrip" -> (a, k) -> strip(s, a.isEmpty() ? null : str(a.get(0)), false, true);
            case "startswith" -> (a, k) -> s.startsWith(str(a.get(0)));
            case "endswith" -> (a, k) -> s.endsWith(str(a.get(0)));
            case "upper" -> (a, k) -> s.toUpperCase(Locale.ROOT);
            case "lower" -> (a, k) -> s.toLowerCase(Locale.ROOT);
            case "title" -> (a, k) -> title(s);
            case "capitalize" -> (a, k) -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> (a, k) -> s.replace(str(a.get(0)), str(a.get(1)));
            case "split" -> (a, k) -> split(s, a.isEmpty() || a.get(0) == null ? null : str(a.get(0)),
                    a.size() > 1 ? ((Number) a.get(1)).intValue() : -1);
            case "find" -> (a, k) -> (long) s.indexOf(str(a.get(0)));
            case "count" -> (a, k) -> (long) (s.isEmpty() ? 0 : s.split(java.util.regex.Pattern.quote(str(a.get(0))), -1).length - 1);
            case "join" -> (a, k) -> String.join(s, list(a.get(0)).stream().map(Values::str).toList());
            case "format" -> (a, k) -> {
                String r = s;
                for (Object x : a) {
                    r = r.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement(str(x)));
                }
                return r;
            };
            default -> null;
            };
        }
        if (target instanceof Map<?, ?> m) {
            return switch (name) {
            case "items" -> (a, k) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((key, v) -> {
                    List<Object> pair = new ArrayList<>();
                    pair.add(key);
                    pair.add(v);
                    out.add(pair);
                });
                return out;
            };
            case "keys" -> (a, k) -> new ArrayList<Object>(m.keySet());
            case "values" -> (a, k) -> new ArrayList<Object>(m.values());
            case "get" -> (a, k) -> m.containsKey(a.get(0)) ? m.get(a.get(0)) : a.size() > 1 ? a.get(1) : null;
            default -> null;
            };
        }
        if (target instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return switch (name) {
            case "append" -> (a, k) -> {
                list.add(a.get(0));
                return null;
            };
            case "index" -> (a, k) -> (long) list.indexOf(a.get(0));
            default -> null;
            };
        }
        return null;
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int a = 0;
        int b = s.length();
        while (left && a < b && (chars == null ? Character.isWhitespace(s.charAt(a)) : chars.indexOf(s.charAt(a)) >= 0)) {
            a++;
        }
        while (right && b > a
                && (chars == null ? Character.isWhitespace(s.charAt(b - 1)) : chars.indexOf(s.charAt(b - 1)) >= 0)) {
            b--;
        }
        return s.substring(a, b);
    }

    private static List<Object> split(String s, String sep, int max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c);
        }
        return sb.toString();
    }

    static Object filter(String name, Object v, List<Object> args, Map<String, Object> kwargs) {
        return switch (name) {
        case "length", "count" -> (long) (v instanceof String s ? s.codePointCount(0, s.length())
                : v instanceof Map<?, ?> m ? m.size() : list(v).size());
        case "trim" -> strip(str(v), args.isEmpty() ? null : str(args.get(0)), true, true);
        case "string" -> str(v);
        case "upper" -> str(v).toUpperCase(Locale.ROOT);
        case "lower" -> str(v).toLowerCase(Locale.ROOT);
        case "title" -> title(str(v));
        case "capitalize" -> method(str(v), "capitalize").call(List.of(), Map.of());
        case "replace" -> str(v).replace(str(args.get(0)), str(args.get(1)));
        case "tojson" -> json(v, kwargs.containsKey("indent") && kwargs.get("indent") != null
                ? ((Number) kwargs.get("indent")).intValue()
                : args.isEmpty() || args.get(0) == null ? 0 : ((Number) args.get(0)).intValue(), 0);
        case "reverse" -> {
            if (v instanceof String s) {
                yield new StringBuilder(s).reverse().toString();
            }
            List<Object> l = list(v);
            java.util.Collections.reverse(l);
            yield l;
        }
        case "first" -> {
            List<Object> l = list(v);
            yield l.isEmpty() ? UNDEFINED : l.get(0);
        }
        case "last" -> {
            List<Object> l = list(v);
            yield l.isEmpty() ? UNDEFINED : l.get(l.size() - 1);
        }
        case "join" -> String.join(args.isEmpty() ? "" : str(args.get(0)),
                list(v).stream().map(Values::str).toList());
        case "default", "d" -> {
            boolean boolMode = args.size() > 1 && truthy(args.get(1));
            yield v == UNDEFINED || (boolMode && !truthy(v)) ? (args.isEmpty() ? "" : args.get(0)) : v;
        }
        case "list" -> list(v);
        case "int" -> v instanceof Number n ? (Object) n.longValue() : (Object) Long.parseLong(str(v).trim());
        case "float" -> v instanceof Number n ? (Object) n.doubleValue() : (Object) Double.parseDouble(str(v).trim());
        case "abs" -> v instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(((Number) v).doubleValue());
        case "safe", "e", "escape" -> v;
        case "items" -> method(v, "items").call(List.of(), Map.of());
        case "unique" -> new ArrayList<>(new java.util.LinkedHashSet<>(list(v)));
        case "selectattr", "rejectattr" -> {
            boolean select = name.equals("selectattr");
            List<Object> out = new ArrayList<>();
            for (Object item : list(v)) {
                Object attr = index(item, args.get(0));
                boolean ok = args.size() < 2 ? truthy(attr)
                        : test(str(args.get(1)), attr, args.subList(2, args.size()));
                if (ok == select) {
                    out.add(item);
                }
            }
            yield out;
        }
        case "map" -> {
            List<Object> out = new ArrayList<>();
            for (Object item : list(v)) {
                out.add(kwargs.containsKey("attribute") ? index(item, kwargs.get("attribute"))
                        : filter(str(args.get(0)), item, args.subList(1, args.size()), Map.of()));
            }
            yield out;
        }
        case "indent" -> {
            int width = args.isEmpty() ? 4 : ((Number) args.get(0)).intValue();
            yield str(v).replace("\n", "\n" + " ".repeat(width));
        }
        default -> throw new TemplateException("unknown filter '" + name + "'");
        };
    }

    static boolean test(String name, Object v, List<Object> args) {
        return switch (name) {
        case "defined" -> v != UNDEFINED;
        case "undefined" -> v == UNDEFINED;
        case "none" -> v == null;
        case "string" -> v instanceof String;
        case "number" -> v instanceof Number;
        case "integer" -> v instanceof Long || v instanceof Integer;
        case "float" -> v instanceof Double;
        case "boolean" -> v instanceof Boolean;
        case "true" -> Boolean.TRUE.equals(v);
        case "false" -> Boolean.FALSE.equals(v);
        case "mapping" -> v instanceof Map;
        case "sequence", "iterable" -> v instanceof Collection || v instanceof String || v instanceof Map;
        case "callable" -> v instanceof Callable;
        case "equalto", "eq", "==", "sameas" -> equal(v, args.get(0));
        case "ne", "!=" -> !equal(v, args.get(0));
        case "odd" -> ((Number) v).longValue() % 2 != 0;
        case "even" -> ((Number) v).longValue() % 2 == 0;
        case "divisibleby" -> ((Number) v).longValue() % ((Number) args.get(0)).longValue() == 0;
        case "in" -> contains(args.get(0), v);
        case "lower" -> v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
        case "upper" -> v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
        default -> throw new TemplateException("unknown test '" + name + "'");
        };
    }

    /** The global functions templates call. */
    static Map<String, Object> globals() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("namespace", (Callable) (a, k) -> {
            Map<String, Object> ns = new LinkedHashMap<>();
            for (Object x : a) {
                if (x instanceof Map<?, ?> m) {
                    m.forEach((key, val) -> ns.put(String.valueOf(key), val));
                }
            }
            ns.putAll(k);
            return new Namespace(ns);
        });
        g.put("dict", (Callable) (a, k) -> new LinkedHashMap<>(k));
        g.put("range", (Callable) (a, k) -> {
            long start = a.size() > 1 ? ((Number) a.get(0)).longValue() : 0;
            long stop = ((Number) a.get(a.size() > 1 ? 1 : 0)).longValue();
            long step = a.size() > 2 ? ((Number) a.get(2)).longValue() : 1;
            List<Object> out = new ArrayList<>();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
                out.add(i);
            }
            return out;
        });
        g.put("raise_exception", (Callable) (a, k) -> {
            throw new TemplateException("the template raised: " + (a.isEmpty() ? "" : str(a.get(0))));
        });
        g.put("strftime_now", (Callable) (a, k) -> LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern(strftime(str(a.get(0))), Locale.ENGLISH)));
        return g;
    }

    /** Python strftime directives used by chat templates, as a DateTimeFormatter pattern. */
    private static String strftime(String f) {
        return f.replace("%d", "dd").replace("%b", "MMM").replace("%B", "MMMM").replace("%Y", "yyyy")
                .replace("%m", "MM").replace("%H", "HH").replace("%M", "mm").replace("%S", "ss")
                .replace("%A", "EEEE").replace("%a", "EEE");
    }

    /** The mutable object {@code namespace()} returns: attributes can be set inside loops. */
    static final class Namespace extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        Namespace(Map<String, Object> init) {
            super(init);
        }
    }
}
