package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.TypeTokenFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.QueryBuilder;

import dev.enclave.knowledge.TranslatedTerm;

/**
 * The analyzers of the knowledge base's text fields and the per-script query analysis.
 *
 * <p>Every chunk is indexed three times: {@link #ZH_BIGRAM} (CJK bigrams, Latin words kept whole),
 * {@link #ZH_WORDS} (smartcn word segmentation) and {@link #EN} (English, stemmed, CJK characters
 * dropped). A query is cut into runs of CJK and non-CJK script; CJK runs go to the two Chinese
 * fields and the rest to the English field, so a Chinese query is never split into single
 * characters by the English analyzer. An analysis {@link #withTranslation with translation} adds the
 * query's words in the other language, weighted below its own.
 */
public final class Analysis {
    public static final String ZH_BIGRAM = "zh";
    public static final String ZH_WORDS = "zhw";
    public static final String EN = "en";

    /** Field weights of the BM25 query; the bigram field carries most (see the retrieval notes). */
    static final float W_BIGRAM = 1.0f;
    static final float W_WORDS = 0.6f;
    static final float W_EN = 1.0f;
    static final float W_LATIN_IN_ZH = 0.3f;

    private static final Set<String> CJK_TYPES = Set.of(
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL]);

    private final Analyzer bigram;
    private final Analyzer english;
    private final Analyzer words;
    private final Analyzer perField;
    /** The query's words in the other language, or null for none (see {@link #withTranslation}). */
    private final Function<String, List<TranslatedTerm>> translation;

    public Analysis() {
        bigram = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream ts = new CJKWidthFilter(source);
                ts = new LowerCaseFilter(ts);
                ts = new CJKBigramFilter(ts);
                return new TokenStreamComponents(source, ts);
            }
        };
        english = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream ts = new TypeTokenFilter(source, CJK_TYPES);
                ts = new CJKWidthFilter(ts);
                ts = new EnglishPossessiveFilter(ts);
                ts = new LowerCaseFilter(ts);
                ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
                ts = new PorterStemFilter(ts);
                return new TokenStreamComponents(source, ts);
            }
        };
        words = new SmartChineseAnalyzer();
        perField = new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(ZH_BIGRAM, bigram, ZH_WORDS, words, EN,
                english));
        translation = null;
    }

    private Analysis(Analysis base, Function<String, List<TranslatedTerm>> translation) {
        bigram = base.bigram;
        english = base.english;
        words = base.words;
        perField = base.perField;
        this.translation = translation;
    }

    /**
     * This analysis (the same analyzers) with keyword queries that also hold the query's words in the
     * other language, each weighing {@link TranslatedTerm#weight()} relative to the query's own words.
     */
    public Analysis withTranslation(Function<String, List<TranslatedTerm>> translator) {
        return new Analysis(this, translator);
    }

    /** The index field of a public field name. */
    static String fieldName(dev.enclave.knowledge.AnalyzedField field) {
        return switch (field) {
            case CHINESE_BIGRAMS -> ZH_BIGRAM;
            case CHINESE_WORDS -> ZH_WORDS;
            case ENGLISH -> EN;
        };
    }

    /** The analyzer for the index writer. */
    public Analyzer indexAnalyzer() {
        return perField;
    }

    /** Whether a code point is written in a CJK script (Han, kana, Hangul, CJK punctuation excluded). */
    static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }

    /** The query text cut into runs: each element is {cjk?, text}. */
    static List<Object[]> segments(String query) {
        List<Object[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        Boolean curCjk = null;
        for (int i = 0; i < query.length();) {
            int cp = query.codePointAt(i);
            i += Character.charCount(cp);
            boolean letter = Character.isLetterOrDigit(cp);
            boolean cjk = isCjk(cp);
            if (!letter) {
                // Punctuation and spaces belong to whatever run is open.
                cur.appendCodePoint(cp);
                continue;
            }
            if (curCjk != null && curCjk != cjk) {
                out.add(new Object[] { curCjk, cur.toString() });
                cur.setLength(0);
            }
            curCjk = cjk;
            cur.appendCodePoint(cp);
        }
        if (curCjk != null && !cur.toString().isBlank()) {
            out.add(new Object[] { curCjk, cur.toString() });
        }
        return out;
    }

    /** The BM25 query for a user's text, or null when it has no searchable term. */
    public Query keywordQuery(String text) {
        return keywordQuery(text, true);
    }

    /**
     * The BM25 query for a user's text, with its translated words ({@link #withTranslation}) or with its own
     * words alone (when the translated words are ranked apart, {@link #translatedQuery}); null when it has no
     * searchable term.
     */
    public Query keywordQuery(String text, boolean translated) {
        return keywordQuery(text, translated ? 1f : 0f);
    }

    /**
     * The BM25 query for a user's text with its translated words weighing {@code translationScale} times their
     * usual weight ({@link TranslatedTerm#weight()}; 0 leaves them out); null when it has no searchable term.
     */
    public Query keywordQuery(String text, float translationScale) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        StringBuilder cjk = new StringBuilder();
        StringBuilder latin = new StringBuilder();
        for (Object[] seg : segments(text)) {
            if ((Boolean) seg[0]) {
                cjk.append(seg[1]).append(' ');
            } else {
                latin.append(seg[1]).append(' ');
            }
        }
        if (!cjk.isEmpty()) {
            clauses += add(b, new QueryBuilder(bigram).createBooleanQuery(ZH_BIGRAM, cjk.toString()), W_BIGRAM);
            clauses += add(b, new QueryBuilder(words).createBooleanQuery(ZH_WORDS, cjk.toString()), W_WORDS);
        }
        if (!latin.isEmpty()) {
            clauses += add(b, new QueryBuilder(english).createBooleanQuery(EN, latin.toString()), W_EN);
            // Latin identifiers (codes, acronyms) also match whole in the bigram field, unstemmed.
            clauses += add(b, new QueryBuilder(bigram).createBooleanQuery(ZH_BIGRAM, latin.toString()),
                    W_LATIN_IN_ZH);
        }
        if (clauses > 0 && translation != null && translationScale > 0) {
            clauses += addTranslations(b, translation.apply(text), translationScale);
        }
        return clauses == 0 ? null : b.build();
    }

    /** Codes and numbers: Latin runs with a digit, or of two or more capitals (they read the same in both languages). */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern
            .compile("[A-Za-z0-9][A-Za-z0-9._/+-]*[0-9][A-Za-z0-9._/+-]*|\\b[A-Z]{2,}[A-Za-z]*\\b");

    /**
     * The query in the other language alone: its translated words ({@link #withTranslation}) and its
     * codes and numbers, without its own words; null when nothing of it translates. Ranked on its own
     * and fused with the query's own ranking, it lets documents in the other language compete among
     * themselves instead of under the many documents that share the query's own words.
     */
    public Query translatedQuery(String text) {
        if (translation == null) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = addTranslations(b, translation.apply(text), 1f);
        if (clauses == 0) {
            return null;
        }
        java.util.regex.Matcher m = CODE.matcher(text);
        StringBuilder codes = new StringBuilder();
        while (m.find()) {
            codes.append(m.group()).append(' ');
        }
        if (!codes.isEmpty()) {
            add(b, new QueryBuilder(english).createBooleanQuery(EN, codes.toString()), W_EN);
            add(b, new QueryBuilder(bigram).createBooleanQuery(ZH_BIGRAM, codes.toString()), W_LATIN_IN_ZH);
        }
        return b.build();
    }

    /**
     * Adds the translated words: per word of the query one clause, the best of its translations
     * (a document that holds three synonyms of one word is not three times as relevant), weighted
     * below the query's own words. Chinese translations are matched as phrases of bigrams and as
     * smartcn words, English ones through the stemmed field (phrases for multi-word terms).
     */
    private int addTranslations(BooleanQuery.Builder b, List<TranslatedTerm> terms, float scale) {
        Map<String, List<Query>> byWord = new java.util.LinkedHashMap<>();
        for (TranslatedTerm t : terms) {
            List<Query> alternatives = byWord.computeIfAbsent(t.from(), k -> new ArrayList<>());
            if (t.chinese()) {
                addBoosted(alternatives, new QueryBuilder(bigram).createPhraseQuery(ZH_BIGRAM, t.term()),
                        scale * t.weight() * W_BIGRAM);
                addBoosted(alternatives, new QueryBuilder(words).createPhraseQuery(ZH_WORDS, t.term()),
                        scale * t.weight() * W_WORDS);
            } else {
                addBoosted(alternatives, new QueryBuilder(english).createPhraseQuery(EN, t.term()), scale * t.weight() * W_EN);
            }
        }
        int n = 0;
        for (List<Query> alternatives : byWord.values()) {
            if (!alternatives.isEmpty()) {
                b.add(new DisjunctionMaxQuery(alternatives, 0.1f), Occur.SHOULD);
                n++;
            }
        }
        return n;
    }

    private static void addBoosted(List<Query> out, Query q, float weight) {
        if (q != null) {
            out.add(new BoostQuery(q, weight));
        }
    }

    private static int add(BooleanQuery.Builder b, Query q, float weight) {
        if (q == null) {
            return 0;
        }
        b.add(new BoostQuery(q, weight), Occur.SHOULD);
        return 1;
    }

    /** The analyzed terms of {@code text} in {@code field}. */
    public List<String> terms(String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = perField.tokenStream(field, text)) {
            var att = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(att.toString());
            }
            ts.end();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** A token with its character offsets in the analyzed text. */
    public record Token(String term, int start, int end) {
    }

    /** The tokens of {@code text} in {@code field} with their offsets. */
    public List<Token> tokens(String field, String text) {
        List<Token> out = new ArrayList<>();
        try (TokenStream ts = perField.tokenStream(field, text)) {
            var att = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
            var off = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(new Token(att.toString(), off.startOffset(), off.endOffset()));
            }
            ts.end();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static Term term(String field, String value) {
        return new Term(field, value);
    }
}
