package dev.enclave.knowledge.internal;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The keyword queries of {@link Analysis} in Solr's JSON Query DSL, so that a SolrCloud collection is searched with
 * exactly the terms, fields and weights of the embedded index: analysis happens once, in Enclave; terms go to Solr as
 * {@code term} queries (no second analysis), weights as {@code boost}, the best-of-translations as a {@code maxscore}
 * disjunction. Phrases (translated multi-word terms) are sent as field phrases, which Solr analyzes with the same
 * analyzer as the configset.
 */
final class SolrQueries {
    private SolrQueries() {
    }

    /** The JSON query DSL form of {@code q}, or null for null. */
    static JsonElement toJson(Query q) {
        if (q == null) {
            return null;
        }
        if (q instanceof TermQuery t) {
            return term(t.getTerm());
        }
        if (q instanceof BoostQuery b) {
            if (b.getBoost() == 1f) {
                return toJson(b.getQuery());
            }
            JsonObject o = new JsonObject();
            o.addProperty("b", Float.toString(b.getBoost()));
            o.add("query", toJson(b.getQuery()));
            return wrap("boost", o);
        }
        if (q instanceof BooleanQuery bq) {
            JsonObject o = new JsonObject();
            for (BooleanClause c : bq.clauses()) {
                String key = switch (c.occur()) {
                    case MUST -> "must";
                    case SHOULD -> "should";
                    case FILTER -> "filter";
                    case MUST_NOT -> "must_not";
                };
                if (!o.has(key)) {
                    o.add(key, new JsonArray());
                }
                o.getAsJsonArray(key).add(toJson(c.query()));
            }
            if (bq.getMinimumNumberShouldMatch() > 0) {
                o.addProperty("mm", Integer.toString(bq.getMinimumNumberShouldMatch()));
            }
            return wrap("bool", o);
        }
        if (q instanceof SynonymQuery s) {
            JsonObject o = new JsonObject();
            JsonArray should = new JsonArray();
            for (Term t : s.getTerms()) {
                should.add(term(t));
            }
            o.add("should", should);
            return wrap("bool", o);
        }
        if (q instanceof PhraseQuery p) {
            JsonObject o = new JsonObject();
            o.addProperty("query", lucene(p));
            return wrap("lucene", o);
        }
        if (q instanceof DisjunctionMaxQuery d) {
            StringBuilder s = new StringBuilder();
            for (Query x : d.getDisjuncts()) {
                s.append(s.isEmpty() ? "" : " OR ").append(lucene(x));
            }
            JsonObject o = new JsonObject();
            o.addProperty("tie", Float.toString(d.getTieBreakerMultiplier()));
            o.addProperty("query", s.toString());
            return wrap("maxscore", o);
        }
        throw new IllegalArgumentException("No Solr form for " + q.getClass().getSimpleName() + ": " + q);
    }

    /** Lucene query-parser syntax for a (boosted) term or phrase query. */
    private static String lucene(Query q) {
        if (q instanceof BoostQuery b) {
            return "(" + lucene(b.getQuery()) + ")^" + b.getBoost();
        }
        if (q instanceof TermQuery t) {
            return t.getTerm().field() + ":" + quote(t.getTerm().text());
        }
        if (q instanceof PhraseQuery p) {
            StringBuilder s = new StringBuilder();
            for (Term t : p.getTerms()) {
                s.append(s.isEmpty() ? "" : " ").append(t.text());
            }
            return p.getField() + ":" + quote(s.toString()) + (p.getSlop() > 0 ? "~" + p.getSlop() : "");
        }
        if (q instanceof BooleanQuery bq) {
            StringBuilder s = new StringBuilder("(");
            for (BooleanClause c : bq.clauses()) {
                s.append(s.length() == 1 ? "" : " ").append(c.occur() == BooleanClause.Occur.MUST ? "+" : "")
                        .append(lucene(c.query()));
            }
            return s.append(')').toString();
        }
        throw new IllegalArgumentException("No Solr form for " + q.getClass().getSimpleName() + ": " + q);
    }

    /** A quoted string of the Lucene query syntax. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static JsonElement term(Term t) {
        JsonObject o = new JsonObject();
        o.addProperty("f", t.field());
        o.addProperty("query", t.text());
        return wrap("term", o);
    }

    private static JsonElement wrap(String parser, JsonObject o) {
        JsonObject w = new JsonObject();
        w.add(parser, o);
        return w;
    }
}
