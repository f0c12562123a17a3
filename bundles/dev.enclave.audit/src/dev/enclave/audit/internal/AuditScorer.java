package dev.enclave.audit.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Field-level scoring of extracted reports against truth in the extract schema. Every
 * non-null field of the truth and of the prediction is one item: a field both give and
 * that agree is a true positive; a wrong value counts as a false positive and a false
 * negative. List entries are paired by their key (name, year and metric, …) first.
 */
public final class AuditScorer {
    /** The sections reported, in order. */
    public static final List<String> SECTIONS = List.of("borrower", "facility", "financials", "guarantees",
            "collateral", "related_parties", "suppliers", "customers", "risks");

    /** Counts of one section. */
    public static final class Counts {
        public int tp;
        public int fp;
        public int fn;

        void add(Counts o) {
            tp += o.tp;
            fp += o.fp;
            fn += o.fn;
        }

        public double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private final Map<String, Counts> sections = new LinkedHashMap<>();
    private final List<String> mismatches = new ArrayList<>();

    public AuditScorer() {
        for (String s : SECTIONS) {
            sections.put(s, new Counts());
        }
    }

    public Map<String, Counts> sections() {
        return sections;
    }

    public Counts overall() {
        Counts c = new Counts();
        sections.values().forEach(c::add);
        return c;
    }

    /** What went wrong, one line each ({@code file section.field: truth ≠ predicted}). */
    public List<String> mismatches() {
        return mismatches;
    }

    /** Scores one report. */
    public void score(String file, JsonObject truth, JsonObject pred) {
        for (String sec : List.of("borrower", "facility")) {
            JsonObject t = obj(truth, sec);
            JsonObject p = obj(pred, sec);
            for (String k : union(t, p)) {
                field(file, sec, sec + "." + k, k, t.get(k), p.get(k));
            }
        }
        list(file, "financials", arr(truth, "financials"), arr(pred, "financials"),
                o -> str(o, "year") + "/" + str(o, "metric"), List.of("value"));
        list(file, "guarantees", arr(truth, "guarantees"), arr(pred, "guarantees"),
                o -> key(str(o, "guarantor")) + "→" + key(str(o, "beneficiary")),
                List.of("guarantor", "beneficiary", "guarantor_type", "kind", "amount_yuan"));
        collateral(file, arr(truth, "collateral"), arr(pred, "collateral"));
        list(file, "related_parties", arr(truth, "related_parties"), arr(pred, "related_parties"),
                o -> key(str(o, "name")), List.of("name", "relation", "share"));
        list(file, "suppliers", arr(truth, "suppliers"), arr(pred, "suppliers"), o -> key(str(o, "name")),
                List.of("name", "share"));
        list(file, "customers", arr(truth, "customers"), arr(pred, "customers"), o -> key(str(o, "name")),
                List.of("name", "share"));
        risks(file, truth, pred);
    }

    private void field(String file, String sec, String path, String name, JsonElement t, JsonElement p) {
        Counts c = sections.get(sec);
        boolean tn = t == null || t.isJsonNull();
        boolean pn = p == null || p.isJsonNull();
        if (tn && pn) {
            return;
        }
        if (!tn && !pn && same(name, t, p)) {
            c.tp++;
            return;
        }
        if (!pn) {
            c.fp++;
        }
        if (!tn) {
            c.fn++;
        }
        mismatches.add(file + " " + path + ": " + (tn ? "null" : t) + " ≠ " + (pn ? "null" : p));
    }

    private void list(String file, String sec, JsonArray truth, JsonArray pred, Function<JsonObject, String> keyOf,
            List<String> fields) {
        Map<String, JsonObject> byKey = new LinkedHashMap<>();
        for (JsonElement e : pred) {
            byKey.putIfAbsent(keyOf.apply(e.getAsJsonObject()), e.getAsJsonObject());
        }
        for (JsonElement e : truth) {
            JsonObject t = e.getAsJsonObject();
            String k = keyOf.apply(t);
            JsonObject p = byKey.remove(k);
            for (String f : fields) {
                field(file, sec, sec + "[" + k + "]." + f, f, t.get(f), p == null ? null : p.get(f));
            }
        }
        for (Map.Entry<String, JsonObject> e : byKey.entrySet()) {
            for (String f : fields) {
                field(file, sec, sec + "[" + e.getKey() + "]." + f, f, null, e.getValue().get(f));
            }
        }
    }

    private void collateral(String file, JsonArray truth, JsonArray pred) {
        List<String> fields = List.of("type", "owner", "appraised_value_yuan", "ltv", "location");
        List<JsonObject> left = new ArrayList<>();
        pred.forEach(e -> left.add(e.getAsJsonObject()));
        for (JsonElement e : truth) {
            JsonObject t = e.getAsJsonObject();
            JsonObject best = null;
            int bestScore = 0;
            for (JsonObject p : left) {
                int s = 0;
                for (String f : fields) {
                    if (t.has(f) && p.has(f) && !t.get(f).isJsonNull() && !p.get(f).isJsonNull() && same(f, t.get(f), p.get(f))) {
                        s++;
                    }
                }
                if (s > bestScore) {
                    best = p;
                    bestScore = s;
                }
            }
            if (best != null) {
                left.remove(best);
            }
            for (String f : fields) {
                field(file, "collateral", "collateral[" + str(t, "type") + "]." + f, f, t.get(f),
                        best == null ? null : best.get(f));
            }
        }
        for (JsonObject p : left) {
            for (String f : fields) {
                field(file, "collateral", "collateral[" + str(p, "type") + "]." + f, f, null, p.get(f));
            }
        }
    }

    private void risks(String file, JsonObject truth, JsonObject pred) {
        Counts c = sections.get("risks");
        List<String> ti = strings(arr(truth, "risks_implied"));
        List<String> pi = strings(arr(pred, "risks_implied"));
        for (String code : ti) {
            if (pi.remove(code)) {
                c.tp++;
            } else {
                c.fn++;
                mismatches.add(file + " risks_implied: missing " + code);
            }
        }
        for (String code : pi) {
            c.fp++;
            mismatches.add(file + " risks_implied: extra " + code);
        }
        List<String> ts = strings(arr(truth, "risks_stated"));
        List<String> ps = strings(arr(pred, "risks_stated"));
        for (String r : ts) {
            String hit = null;
            for (String p : ps) {
                if (similarText(r, p)) {
                    hit = p;
                    break;
                }
            }
            if (hit != null) {
                ps.remove(hit);
                c.tp++;
            } else {
                c.fn++;
                mismatches.add(file + " risks_stated: missing " + r);
            }
        }
        for (String p : ps) {
            c.fp++;
            mismatches.add(file + " risks_stated: extra " + p);
        }
    }

    // ---------------------------------------------------------------- comparison

    static boolean same(String field, JsonElement t, JsonElement p) {
        if (t.isJsonPrimitive() && t.getAsJsonPrimitive().isNumber() || p.isJsonPrimitive() && p.getAsJsonPrimitive().isNumber()) {
            try {
                double a = t.getAsDouble();
                double b = p.getAsDouble();
                double tol = field.equals("share") || field.equals("ltv") || field.equals("value") && Math.abs(a) < 20
                        ? 0.0015 : Math.max(1, Math.abs(a) * 0.0005);
                return Math.abs(a - b) <= tol;
            } catch (NumberFormatException | UnsupportedOperationException e) {
                return false;
            }
        }
        String a = t.isJsonPrimitive() ? t.getAsString() : t.toString();
        String b = p.isJsonPrimitive() ? p.getAsString() : p.toString();
        switch (field) {
            case "name", "guarantor", "beneficiary", "owner", "legal_rep", "controller" -> {
                return key(a).equals(key(b));
            }
            case "credit_code", "established", "guarantor_type", "year", "metric" -> {
                return norm(a).equalsIgnoreCase(norm(b));
            }
            default -> {
                return closeText(a, b);
            }
        }
    }

    /** Equal after folding, or one contains the other and covers at least half of it. */
    static boolean similarText(String a, String b) {
        String x = norm(a);
        String y = norm(b);
        if (x.equals(y)) {
            return true;
        }
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        String s = x.length() <= y.length() ? x : y;
        String l = x.length() <= y.length() ? y : x;
        return l.contains(s) && (s.length() >= 2 && s.length() * 2 >= l.length() || s.length() >= 4);
    }

    /** For text fields: equal after folding, or one contains the other with little left over. */
    static boolean closeText(String a, String b) {
        String x = norm(a);
        String y = norm(b);
        if (x.equals(y)) {
            return true;
        }
        String s = x.length() <= y.length() ? x : y;
        String l = x.length() <= y.length() ? y : x;
        return !s.isEmpty() && l.contains(s) && (s.length() * 5 >= l.length() * 3 || s.length() >= 2 && l.length() - s.length() <= 4);
    }

    /** NFKC-normalised (full-width and compatibility forms folded), blanks and punctuation dropped, lower case. */
    static String norm(String s) {
        s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = NormalizedText.fold(s.charAt(i));
            if (Character.isLetterOrDigit(c) || c == '+' || c == '%' || c == '.' || c == '-') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /**
     * The scorer's own name key, fixed so that scores stay comparable across rounds: NFKC, blanks and
     * quotes removed, lower case, one Chinese legal form dropped, brackets removed. (The extraction's
     * {@link NameKey} may grow more lenient; the ruler does not change with it.)
     */
    private static String key(String s) {
        if (s == null) {
            return "";
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.length(); i++) {
            char c = NormalizedText.fold(n.charAt(i));
            if (!Character.isWhitespace(c) && c != '"' && c != '“' && c != '”') {
                sb.append(Character.toLowerCase(c));
            }
        }
        String k = sb.toString();
        for (String suffix : new String[] { "股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司" }) {
            if (k.endsWith(suffix) && k.length() > suffix.length() + 1) {
                k = k.substring(0, k.length() - suffix.length());
                break;
            }
        }
        return k.replaceAll("[()（）]", "");
    }

    private static JsonObject obj(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonObject() ? o.getAsJsonObject(k) : new JsonObject();
    }

    private static JsonArray arr(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonArray() ? o.getAsJsonArray(k) : new JsonArray();
    }

    private static String str(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static List<String> union(JsonObject a, JsonObject b) {
        List<String> out = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
