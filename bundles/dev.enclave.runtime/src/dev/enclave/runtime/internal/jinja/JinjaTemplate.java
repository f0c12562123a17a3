package dev.enclave.runtime.internal.jinja;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.runtime.internal.jinja.ExprLexer.Token;
import dev.enclave.runtime.internal.jinja.ExprLexer.Type;
import dev.enclave.runtime.internal.jinja.Lexer.Kind;
import dev.enclave.runtime.internal.jinja.Lexer.Piece;

/**
 * A Jinja2 template as Hugging Face chat templates use the language: if/elif/else, for
 * (with {@code loop}, {@code else}, filters, break/continue), set (also on namespaces and
 * as a block), macros, expressions with Python semantics (slices, string and dict methods,
 * inline if), the filters and tests those templates call, whitespace control, and the
 * {@code trim_blocks}/{@code lstrip_blocks} settings transformers renders them with.
 *
 * <p>Written here because the Java Jinja engine on Maven Central (Jinjava 2.8.4) does not
 * render these templates as Jinja2 does (whitespace control, keyword arguments with filters,
 * {@code [::-1]}, {@code namespace()}); every construct is checked against transformers'
 * output in the tests.
 */
public final class JinjaTemplate {
    private final List<Node> body;

    private JinjaTemplate(List<Node> body) {
        this.body = body;
    }

    /** Parses a template. */
    public static JinjaTemplate parse(String source) {
        Parser p = new Parser(Lexer.split(source));
        List<Node> body = p.block(List.of());
        if (p.pos < p.pieces.size()) {
            throw new TemplateException("unexpected '{% " + p.pieces.get(p.pos).text() + " %}' at line "
                    + p.pieces.get(p.pos).line());
        }
        return new JinjaTemplate(body);
    }

    /** Renders with {@code variables} (Java maps, lists, strings, numbers, booleans, null). */
    public String render(Map<String, Object> variables) {
        Scope root = new Scope(null);
        root.vars.putAll(Values.globals());
        root.vars.putAll(variables);
        StringBuilder out = new StringBuilder();
        renderAll(body, root, out);
        return out.toString();
    }

    private static void renderAll(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node n : nodes) {
            n.render(scope, out);
        }
    }

    // ---- runtime ---------------------------------------------------------------------------

    private static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object get(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return Values.UNDEFINED;
        }
    }

    private static final class Break extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Continue() {
            super(null, null, false, false);
        }
    }

    private interface Node {
        void render(Scope scope, StringBuilder out);
    }

    private interface Expr {
        Object eval(Scope scope);
    }

    // ---- statements ------------------------------------------------------------------------

    private static final class Parser {
        final List<Piece> pieces;
        int pos;

        Parser(List<Piece> pieces) {
            this.pieces = pieces;
        }

        /** Parses nodes until one of {@code ends} (a statement keyword), which is left unconsumed. */
        List<Node> block(List<String> ends) {
            List<Node> nodes = new ArrayList<>();
            while (pos < pieces.size()) {
                Piece p = pieces.get(pos);
                if (p.kind() == Kind.TEXT) {
                    String text = p.text();
                    nodes.add((s, o) -> o.append(text));
                    pos++;
                } else if (p.kind() == Kind.OUTPUT) {
                    Expr e = new ExprParser(p.text(), p.line()).parseAll();
                    nodes.add((s, o) -> o.append(Values.str(e.eval(s))));
                    pos++;
                } else {
                    String keyword = keyword(p.text());
                    if (ends.contains(keyword)) {
                        return nodes;
                    }
                    pos++;
                    nodes.add(statement(keyword, p));
                }
            }
            if (!ends.isEmpty()) {
                throw new TemplateException("missing {% " + ends.get(ends.size() - 1) + " %}");
            }
            return nodes;
        }

        private static String keyword(String stmt) {
            int sp = 0;
            while (sp < stmt.length() && (Character.isLetterOrDigit(stmt.charAt(sp)) || stmt.charAt(sp) == '_')) {
                sp++;
            }
            return stmt.substring(0, sp);
        }

        private Piece expect(String keyword) {
            Piece p = pieces.get(pos);
            if (!keyword(p.text()).equals(keyword)) {
                throw new TemplateException("expected {% " + keyword + " %} at line " + p.line());
            }
            pos++;
            return p;
        }

        private Node statement(String keyword, Piece p) {
            String rest = p.text().substring(keyword.length()).trim();
            switch (keyword) {
            case "if": {
                List<Expr> conds = new ArrayList<>();
                List<List<Node>> bodies = new ArrayList<>();
                conds.add(new ExprParser(rest, p.line()).parseAll());
                bodies.add(block(List.of("elif", "else", "endif")));
                List<Node> otherwise = List.of();
                while (true) {
                    Piece q = pieces.get(pos++);
                    String k = keyword(q.text());
                    if (k.equals("elif")) {
                        conds.add(new ExprParser(q.text().substring(4).trim(), q.line()).parseAll());
                        bodies.add(block(List.of("elif", "else", "endif")));
                    } else if (k.equals("else")) {
                        otherwise = block(List.of("endif"));
                        expect("endif");
                        break;
                    } else {
                        break;
                    }
                }
                List<Node> elseBody = otherwise;
                return (s, o) -> {
                    for (int i = 0; i < conds.size(); i++) {
                        if (Values.truthy(conds.get(i).eval(s))) {
                            renderAll(bodies.get(i), s, o);
                            return;
                        }
                    }
                    renderAll(elseBody, s, o);
                };
            }
            case "for": {
                ExprParser ep = new ExprParser(rest, p.line());
                List<String> targets = new ArrayList<>();
                targets.add(ep.name());
                while (ep.peek().is(",")) {
                    ep.next();
                    targets.add(ep.name());
                }
                ep.expectName("in");
                Expr iterable = ep.orExpr();
                Expr filter = null;
                if (ep.peek().is("if")) {
                    ep.next();
                    filter = ep.expression();
                }
                if (ep.peek().is("recursive")) {
                    throw new TemplateException("recursive loops are not supported (line " + p.line() + ")");
                }
                ep.end();
                List<Node> loopBody = block(List.of("else", "endfor"));
                List<Node> elseBody = List.of();
                if (keyword(pieces.get(pos).text()).equals("else")) {
                    pos++;
                    elseBody = block(List.of("endfor"));
                }
                expect("endfor");
                Expr cond = filter;
                List<Node> otherwise = elseBody;
                return (s, o) -> {
                    List<Object> items = new ArrayList<>();
                    for (Object item : Values.list(iterable.eval(s))) {
                        if (cond == null) {
                            items.add(item);
                        } else {
                            Scope probe = new Scope(s);
                            bind(probe, targets, item);
                            if (Values.truthy(cond.eval(probe))) {
                                items.add(item);
                            }
                        }
                    }
                    if (items.isEmpty()) {
                        renderAll(otherwise, s, o);
                        return;
                    }
                    for (int i = 0; i < items.size(); i++) {
                        Scope inner = new Scope(s);
                        bind(inner, targets, items.get(i));
                        Map<String, Object> loop = new LinkedHashMap<>();
                        loop.put("index0", (long) i);
                        loop.put("index", (long) i + 1);
                        loop.put("revindex", (long) (items.size() - i));
                        loop.put("revindex0", (long) (items.size() - i - 1));
                        loop.put("first", i == 0);
                        loop.put("last", i == items.size() - 1);
                        loop.put("length", (long) items.size());
                        loop.put("previtem", i > 0 ? items.get(i - 1) : Values.UNDEFINED);
                        loop.put("nextitem", i + 1 < items.size() ? items.get(i + 1) : Values.UNDEFINED);
                        inner.vars.put("loop", loop);
                        try {
                            renderAll(loopBody, inner, o);
                        } catch (Continue c) {
                            continue;
                        } catch (Break b) {
                            break;
                        }
                    }
                };
            }
            case "set": {
                int eq = topLevelEquals(rest);
                if (eq < 0) {
                    String name = rest.trim();
                    List<Node> captured = block(List.of("endset"));
                    expect("endset");
                    return (s, o) -> {
                        StringBuilder sb = new StringBuilder();
                        renderAll(captured, s, sb);
                        s.vars.put(name, sb.toString());
                    };
                }
                String target = rest.substring(0, eq).trim();
                Expr value = new ExprParser(rest.substring(eq + 1), p.line()).parseAll();
                int dot = target.indexOf('.');
                if (dot > 0) {
                    String ns = target.substring(0, dot).trim();
                    String attr = target.substring(dot + 1).trim();
                    return (s, o) -> {
                        Object space = s.get(ns);
                        if (!(space instanceof Values.Namespace n)) {
                            throw new TemplateException("cannot set '" + attr + "' on '" + ns
                                    + "': only namespace() objects take attributes");
                        }
                        n.put(attr, value.eval(s));
                    };
                }
                List<String> names = new ArrayList<>();
                for (String n : target.split(",")) {
                    names.add(n.trim());
                }
                return (s, o) -> bind(s, names, value.eval(s));
            }
            case "macro": {
                ExprParser ep = new ExprParser(rest, p.line());
                String name = ep.name();
                ep.expectOp("(");
                List<String> params = new ArrayList<>();
                List<Expr> defaults = new ArrayList<>();
                while (!ep.peek().is(")")) {
                    params.add(ep.name());
                    if (ep.peek().is("=")) {
                        ep.next();
                        defaults.add(ep.expression());
                    } else {
                        defaults.add(null);
                    }
                    if (ep.peek().is(",")) {
                        ep.next();
                    }
                }
                ep.expectOp(")");
                List<Node> macroBody = block(List.of("endmacro"));
                expect("endmacro");
                return (s, o) -> s.vars.put(name, (Values.Callable) (args, kwargs) -> {
                    Scope inner = new Scope(s);
                    for (int i = 0; i < params.size(); i++) {
                        Object v = i < args.size() ? args.get(i)
                                : kwargs.containsKey(params.get(i)) ? kwargs.get(params.get(i))
                                        : defaults.get(i) != null ? defaults.get(i).eval(s) : Values.UNDEFINED;
                        inner.vars.put(params.get(i), v);
                    }
                    StringBuilder sb = new StringBuilder();
                    renderAll(macroBody, inner, sb);
                    return sb.toString();
                });
            }
            case "break":
                return (s, o) -> {
                    throw new Break();
                };
            case "continue":
                return (s, o) -> {
                    throw new Continue();
                };
            case "generation": {
                List<Node> inner = block(List.of("endgeneration"));
                expect("endgeneration");
                return (s, o) -> renderAll(inner, s, o);
            }
            case "do": {
                Expr e = new ExprParser(rest, p.line()).parseAll();
                return (s, o) -> e.eval(s);
            }
            default:
                throw new TemplateException("unsupported statement '{% " + keyword + " %}' at line " + p.line());
            }
        }

        private static int topLevelEquals(String s) {
            int depth = 0;
            char quote = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if ("([{".indexOf(c) >= 0) {
                    depth++;
                } else if (")]}".indexOf(c) >= 0) {
                    depth--;
                } else if (c == '=' && depth == 0 && (i + 1 >= s.length() || s.charAt(i + 1) != '=')
                        && (i == 0 || "!<>=".indexOf(s.charAt(i - 1)) < 0)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static void bind(Scope scope, List<String> names, Object value) {
        if (names.size() == 1) {
            scope.vars.put(names.get(0), value);
            return;
        }
        List<Object> parts = Values.list(value);
        if (parts.size() != names.size()) {
            throw new TemplateException("cannot unpack " + parts.size() + " values into " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            scope.vars.put(names.get(i), parts.get(i));
        }
    }

    // ---- expressions -----------------------------------------------------------------------

    private static final class ExprParser {
        private final List<Token> tokens;
        private final String source;
        private final int line;
        private int i;

        ExprParser(String source, int line) {
            this.source = source;
            this.line = line;
            this.tokens = ExprLexer.tokens(source);
        }

        Token peek() {
            return tokens.get(i);
        }

        Token next() {
            return tokens.get(i++);
        }

        private TemplateException error(String what) {
            return new TemplateException(what + " in '" + source + "' at line " + line);
        }

        String name() {
            Token t = next();
            if (t.type() != Type.NAME) {
                throw error("expected a name, found '" + t.text() + "'");
            }
            return t.text();
        }

        void expectName(String n) {
            if (!next().is(n)) {
                throw error("expected '" + n + "'");
            }
        }

        void expectOp(String op) {
            Token t = next();
            if (!(t.type() == Type.OP && t.text().equals(op))) {
                throw error("expected '" + op + "', found '" + t.text() + "'");
            }
        }

        void end() {
            if (peek().type() != Type.END) {
                throw error("unexpected '" + peek().text() + "'");
            }
        }

        Expr parseAll() {
            Expr e = expression();
            end();
            return e;
        }

        Expr expression() {
            Expr value = orExpr();
            if (peek().is("if")) {
                next();
                Expr cond = orExpr();
                Expr otherwise = null;
                if (peek().is("else")) {
                    next();
                    otherwise = expression();
                }
                Expr alt = otherwise;
                return s -> Values.truthy(cond.eval(s)) ? value.eval(s) : alt == null ? Values.UNDEFINED : alt.eval(s);
            }
            return value;
        }

        Expr orExpr() {
            Expr left = andExpr();
            while (peek().is("or")) {
                next();
                Expr l = left;
                Expr r = andExpr();
                left = s -> {
                    Object v = l.eval(s);
                    return Values.truthy(v) ? v : r.eval(s);
                };
            }
            return left;
        }

        Expr andExpr() {
            Expr left = notExpr();
            while (peek().is("and")) {
                next();
                Expr l = left;
                Expr r = notExpr();
                left = s -> {
                    Object v = l.eval(s);
                    return !Values.truthy(v) ? v : r.eval(s);
                };
            }
            return left;
        }

        Expr notExpr() {
            if (peek().is("not")) {
                next();
                Expr e = notExpr();
                return s -> !Values.truthy(e.eval(s));
            }
            return compare();
        }

        Expr compare() {
            Expr left = concat();
            while (true) {
                Token t = peek();
                String op;
                if (t.type() == Type.OP && List.of("==", "!=", "<", ">", "<=", ">=").contains(t.text())) {
                    op = next().text();
                } else if (t.is("in")) {
                    next();
                    op = "in";
                } else if (t.is("not") && tokens.get(i + 1).is("in")) {
                    next();
                    next();
                    op = "not in";
                } else {
                    return left;
                }
                Expr l = left;
                Expr r = concat();
                String o = op;
                left = s -> {
                    Object a = l.eval(s);
                    Object b = r.eval(s);
                    return switch (o) {
                    case "==" -> Values.equal(a, b);
                    case "!=" -> !Values.equal(a, b);
                    case "<" -> Values.compare(a, b) < 0;
                    case ">" -> Values.compare(a, b) > 0;
                    case "<=" -> Values.compare(a, b) <= 0;
                    case ">=" -> Values.compare(a, b) >= 0;
                    case "in" -> Values.contains(b, a);
                    default -> !Values.contains(b, a);
                    };
                };
            }
        }

        Expr concat() {
            Expr left = sum();
            while (peek().is("~")) {
                next();
                Expr l = left;
                Expr r = sum();
                left = s -> Values.str(l.eval(s)) + Values.str(r.eval(s));
            }
            return left;
        }

        Expr sum() {
            Expr left = product();
            while (peek().type() == Type.OP && (peek().text().equals("+") || peek().text().equals("-"))) {
                String op = next().text();
                Expr l = left;
                Expr r = product();
                left = s -> Values.arith(op, l.eval(s), r.eval(s));
            }
            return left;
        }

        Expr product() {
            Expr left = power();
            while (peek().type() == Type.OP && List.of("*", "/", "//", "%").contains(peek().text())) {
                String op = next().text();
                Expr l = left;
                Expr r = power();
                left = s -> Values.arith(op, l.eval(s), r.eval(s));
            }
            return left;
        }

        Expr power() {
            Expr left = unary();
            while (peek().is("**")) {
                next();
                Expr l = left;
                Expr r = unary();
                left = s -> Values.arith("**", l.eval(s), r.eval(s));
            }
            return left;
        }

        Expr unary() {
            if (peek().type() == Type.OP && (peek().text().equals("-") || peek().text().equals("+"))) {
                String op = next().text();
                Expr e = unary();
                return op.equals("-") ? s -> Values.arith("-", 0L, e.eval(s)) : e;
            }
            return filtered(postfix(primary()));
        }

        Expr filtered(Expr base) {
            Expr e = base;
            while (true) {
                if (peek().is("|")) {
                    next();
                    String name = name();
                    List<Expr> args = new ArrayList<>();
                    Map<String, Expr> kwargs = new LinkedHashMap<>();
                    if (peek().is("(")) {
                        arguments(args, kwargs);
                    }
                    Expr target = e;
                    e = s -> Values.filter(name, target.eval(s), evalAll(args, s), evalMap(kwargs, s));
                } else if (peek().is("is")) {
                    next();
                    boolean negate = false;
                    if (peek().is("not")) {
                        next();
                        negate = true;
                    }
                    String name = peek().type() == Type.NAME ? name() : next().text();
                    List<Expr> args = new ArrayList<>();
                    Map<String, Expr> kwargs = new LinkedHashMap<>();
                    if (peek().is("(")) {
                        arguments(args, kwargs);
                    } else if (peek().type() == Type.STRING || peek().type() == Type.NUMBER
                            || (peek().type() == Type.NAME && !List.of("and", "or", "else", "if", "not", "in", "is")
                                    .contains(peek().text()))) {
                        args.add(primary());
                    }
                    Expr target = e;
                    boolean neg = negate;
                    e = s -> Values.test(name, target.eval(s), evalAll(args, s)) != neg;
                } else {
                    return e;
                }
            }
        }

        Expr postfix(Expr base) {
            Expr e = base;
            while (true) {
                if (peek().is(".")) {
                    next();
                    String attr = name();
                    Expr target = e;
                    e = s -> Values.attribute(target.eval(s), attr);
                } else if (peek().is("[")) {
                    next();
                    Expr target = e;
                    Expr[] parts = new Expr[3];
                    boolean slice = false;
                    int k = 0;
                    while (!peek().is("]")) {
                        if (peek().is(":")) {
                            next();
                            slice = true;
                            k++;
                            if (k > 2) {
                                throw error("bad slice");
                            }
                        } else {
                            parts[k] = expression();
                        }
                    }
                    expectOp("]");
                    if (slice) {
                        e = s -> Values.slice(target.eval(s), parts[0] == null ? null : parts[0].eval(s),
                                parts[1] == null ? null : parts[1].eval(s), parts[2] == null ? null : parts[2].eval(s));
                    } else {
                        Expr key = parts[0];
                        e = s -> Values.index(target.eval(s), key.eval(s));
                    }
                } else if (peek().is("(")) {
                    List<Expr> args = new ArrayList<>();
                    Map<String, Expr> kwargs = new LinkedHashMap<>();
                    arguments(args, kwargs);
                    Expr target = e;
                    e = s -> {
                        Object f = target.eval(s);
                        if (!(f instanceof Values.Callable c)) {
                            throw new TemplateException("'" + Values.str(f) + "' is not callable in '" + source + "'");
                        }
                        return c.call(evalAll(args, s), evalMap(kwargs, s));
                    };
                } else {
                    return e;
                }
            }
        }

        void arguments(List<Expr> args, Map<String, Expr> kwargs) {
            expectOp("(");
            while (!peek().is(")")) {
                if (peek().type() == Type.NAME && tokens.get(i + 1).type() == Type.OP
                        && tokens.get(i + 1).text().equals("=")) {
                    String key = name();
                    next();
                    kwargs.put(key, expression());
                } else {
                    args.add(expression());
                }
                if (peek().is(",")) {
                    next();
                } else if (!peek().is(")")) {
                    throw error("expected ',' or ')'");
                }
            }
            expectOp(")");
        }

        Expr primary() {
            Token t = next();
            switch (t.type()) {
            case STRING: {
                StringBuilder sb = new StringBuilder(t.text());
                while (peek().type() == Type.STRING) {
                    sb.append(next().text());
                }
                String v = sb.toString();
                return s -> v;
            }
            case NUMBER: {
                Object v = t.value();
                return s -> v;
            }
            case NAME: {
                String n = t.text();
                switch (n) {
                case "true", "True":
                    return s -> Boolean.TRUE;
                case "false", "False":
                    return s -> Boolean.FALSE;
                case "none", "None":
                    return s -> null;
                default:
                    return s -> s.get(n);
                }
            }
            case OP:
                if (t.text().equals("(")) {
                    Expr first = expression();
                    if (peek().is(",")) {
                        List<Expr> items = new ArrayList<>(List.of(first));
                        while (peek().is(",")) {
                            next();
                            if (peek().is(")")) {
                                break;
                            }
                            items.add(expression());
                        }
                        expectOp(")");
                        return s -> evalAll(items, s);
                    }
                    expectOp(")");
                    return first;
                }
                if (t.text().equals("[")) {
                    List<Expr> items = new ArrayList<>();
                    while (!peek().is("]")) {
                        items.add(expression());
                        if (peek().is(",")) {
                            next();
                        }
                    }
                    expectOp("]");
                    return s -> evalAll(items, s);
                }
                if (t.text().equals("{")) {
                    List<Expr[]> entries = new ArrayList<>();
                    while (!peek().is("}")) {
                        Expr k = expression();
                        expectOp(":");
                        entries.add(new Expr[] { k, expression() });
                        if (peek().is(",")) {
                            next();
                        }
                    }
                    expectOp("}");
                    return s -> {
                        Map<Object, Object> m = new LinkedHashMap<>();
                        for (Expr[] kv : entries) {
                            m.put(kv[0].eval(s), kv[1].eval(s));
                        }
                        return m;
                    };
                }
                throw error("unexpected '" + t.text() + "'");
            default:
                throw error("unexpected end");
            }
        }

        private static List<Object> evalAll(List<Expr> exprs, Scope s) {
            List<Object> out = new ArrayList<>(exprs.size());
            for (Expr e : exprs) {
                out.add(e.eval(s));
            }
            return out;
        }

        private static Map<String, Object> evalMap(Map<String, Expr> exprs, Scope s) {
            Map<String, Object> out = new LinkedHashMap<>();
            exprs.forEach((k, e) -> out.put(k, e.eval(s)));
            return out;
        }
    }
}
