package dev.enclave.assistant.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.knowledge.AnalyzedField;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.Token;
import dev.enclave.knowledge.TranslatedTerm;

/**
 * The terms a question is about (names, codes, quantities, content words), without
 * question words, and how much of them a passage holds. A passage that answers a
 * question holds most of its key terms; a retrieval score alone does not tell.
 */
final class KeyTerms {
    private static final Pattern LATIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]*[A-Za-z0-9]|[A-Za-z0-9]");
    static final Set<String> EN_STOP = Set.of("what", "which", "who", "whom", "whose", "when", "where", "why",
            "how", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "the", "a", "an", "of",
            "for", "to", "in", "on", "at", "by", "with", "from", "and", "or", "not", "no", "it", "its", "this", "that",
            "these", "those", "there", "their", "they", "them", "much", "many", "long", "often", "should", "can",
            "could", "would", "will", "shall", "may", "might", "must", "used", "use", "using", "about", "into", "than",
            "then", "as", "if", "any", "all", "each", "per", "i", "we", "you", "me", "my", "our", "your", "has",
            "have", "had", "tell", "please", "give", "list", "describe", "explain", "mean", "means", "according",
            "document", "documents", "value", "set", "get", "done", "happen", "happens", "kind", "type", "whether",
            "during", "within");
    static final Set<String> ZH_STOP = Set.of("什么", "多少", "如何", "怎么", "怎样", "哪些", "哪个", "哪里",
            "为什么", "是否", "吗", "呢", "了", "的", "是", "在", "有", "和", "与", "及", "请问", "一下", "需要", "应该",
            "可以", "要求", "情况", "哪", "谁", "几", "多久", "多长", "时候", "主要", "进行", "使用", "采用", "关于",
            "文档", "说明", "规定", "其", "这", "那", "这个", "那个", "一个", "请", "告诉", "我", "我们", "中", "对",
            "为", "被", "把", "会", "能", "要", "时", "后", "前", "上", "下", "里", "等", "做", "用", "个", "次",
            "叫", "称为", "何", "何时", "多大", "多高", "多长时间", "哪种", "什么样", "才", "算", "才算", "就", "都", "还",
            "也", "又", "算是");

    /**
     * A key term: its analyzed forms, its weight (codes and numbers weigh double) and the words
     * as the question wrote them.
     */
    record Term(String text, boolean cjk, double weight, String raw) {
    }

    private final KnowledgeBase analysis;
    private final List<Term> terms;
    /**
     * A key term's translations (English stems of a Chinese term, Chinese words of an English one) with
     * the credit a passage gets for holding one instead of the term: a passage in the other language
     * holds the question's words only in translation.
     */
    private final Map<String, List<Translation>> translations = new LinkedHashMap<>();

    private record Translation(String text, double credit) {
    }

    /** Query translation and its workspace, for the other language's words of a text (null without translation). */
    private QueryTranslation qt;
    private Workspace ws;
    /** A word of the other language and its translations: English stems of a Chinese word, Chinese words of an English one. */
    private final Map<String, List<String>> wordTranslations = new java.util.HashMap<>();

    /** Credit for a term held through CC-CEDICT (general senses) rather than a glossary or the term list. */
    static final double DICTIONARY_CREDIT = 0.8;

    /** The key terms of {@code question}, analyzed as the knowledge base analyzes its fields. */
    KeyTerms(KnowledgeBase analysis, String question) {
        this.analysis = analysis;
        this.terms = extract(analysis, question);
    }

    List<Term> terms() {
        return terms;
    }

    /**
     * Lets a passage hold a key term through its translation (query translation's sources: the
     * workspace's terms, pack glossaries, CC-CEDICT). Codes and numbers have no translation.
     */
    KeyTerms withTranslations(QueryTranslation qt, Workspace ws, String question) {
        if (qt == null) {
            return this;
        }
        this.qt = qt;
        this.ws = ws;
        // One translation of the whole question: a glossary term may span several key terms (湿法清洗台).
        List<TranslatedTerm> all = qt.translate(ws, question);
        for (Term t : terms) {
            if (!t.cjk() && t.weight() > 1.0) {
                continue;
            }
            List<Translation> list = new ArrayList<>();
            for (TranslatedTerm x : all) {
                String from = x.from().toLowerCase(Locale.ROOT);
                if (x.chinese() == t.cjk() || !(from.contains(t.raw()) || t.raw().contains(from))) {
                    continue;
                }
                double credit = QueryTranslation.DICTIONARY.equals(x.source()) ? DICTIONARY_CREDIT : 1.0;
                String text = x.chinese() ? x.term() : String.join(" ", analysis.terms(AnalyzedField.ENGLISH, x.term()));
                if (!text.isBlank()) {
                    list.add(new Translation(text, credit));
                }
            }
            if (!list.isEmpty()) {
                translations.put(t.text(), list);
            }
        }
        return this;
    }

    private static List<Term> extract(KnowledgeBase analysis, String q) {
        Map<String, Term> out = new LinkedHashMap<>();
        StringBuilder cjk = new StringBuilder();
        StringBuilder latin = new StringBuilder();
        q.codePoints().forEach(cp -> {
            boolean isCjk = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
            (isCjk ? cjk : latin).appendCodePoint(cp);
            (isCjk ? latin : cjk).append(' ');
        });
        Matcher m = LATIN.matcher(latin);
        while (m.find()) {
            String raw = m.group();
            // The plural of an abbreviation (ECNs, ATMs) names what its singular names in the documents.
            if (raw.length() >= 4 && raw.endsWith("s") && raw.substring(0, raw.length() - 1).chars()
                    .allMatch(ch -> Character.isUpperCase(ch) || Character.isDigit(ch) || ch == '-')) {
                raw = raw.substring(0, raw.length() - 1);
            }
            String lower = raw.toLowerCase(Locale.ROOT);
            if (EN_STOP.contains(lower)) {
                continue;
            }
            boolean code = raw.chars().anyMatch(Character::isDigit) || (raw.length() >= 2
                    && raw.chars().filter(Character::isUpperCase).count() >= 2);
            List<String> stems = analysis.terms(AnalyzedField.ENGLISH, raw);
            String key = code || stems.isEmpty() ? lower : String.join(" ", stems);
            if (key.isEmpty() || (!code && lower.length() < 2)) {
                continue;
            }
            out.putIfAbsent(key, new Term(key, false, code ? 2.0 : 1.0, lower));
        }
        // smartcn words; runs of adjacent single characters (words it does not know, such as 晶圆厂
        // split into 晶/圆/厂) are joined back into one term.
        List<String> words = new ArrayList<>();
        String c = cjk.toString();
        StringBuilder run = new StringBuilder();
        int runEnd = -1;
        for (Token t : analysis.analyze(AnalyzedField.CHINESE_WORDS, c)) {
            String w = c.substring(t.start(), t.end());
            boolean han = !w.isEmpty() && w.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp)
                    == Character.UnicodeScript.HAN);
            boolean single = han && w.codePointCount(0, w.length()) == 1 && !ZH_STOP.contains(w);
            if (single && t.start() == runEnd) {
                run.append(w);
                runEnd = t.end();
                continue;
            }
            flushRun(run, words);
            if (single) {
                run.append(w);
                runEnd = t.end();
            } else if (han && !ZH_STOP.contains(w)) {
                words.add(w);
            }
        }
        flushRun(run, words);
        for (String w : words) {
            out.putIfAbsent(w, new Term(w, true, 1.0, w));
        }
        return new ArrayList<>(out.values());
    }

    private static void flushRun(StringBuilder run, List<String> words) {
        if (run.codePointCount(0, run.length()) >= 2) {
            words.add(run.toString());
        }
        run.setLength(0);
    }

    /** The weighted share of key terms that {@code text} holds, 0 … 1 (1 when the question has none). */
    double coverage(String text) {
        return coverage(text, false);
    }

    /**
     * The weighted share of key terms that {@code text} holds, 0 … 1 (1 when the question has none). With
     * {@code otherLanguage} (the text is in the other language than the question), a term held through any of
     * its translations counts fully: a translation is the only way such a text can hold it, and a general
     * dictionary's partial credit (meant for a text that could have used the term itself) would keep every
     * such text under the share that a text in the question's language reaches.
     */
    double coverage(String text, boolean otherLanguage) {
        if (terms.isEmpty()) {
            return 1.0;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> stems = new HashSet<>(analysis.terms(AnalyzedField.ENGLISH, text));
        double total = 0;
        double found = 0;
        Set<String> held = null;
        for (Term t : terms) {
            total += t.weight();
            double c = credit(t, lower, stems);
            if (otherLanguage && c == 0 && (t.cjk() || t.weight() <= 1.0)) {
                // The other direction: the text's own words, translated, may name the term where the question's
                // few translations do not (率 gives ratio, 催收 debt collection; passes gives 通过).
                held = held == null ? translatedWords(text) : held;
                boolean in = t.cjk() ? held.contains(t.text()) : held.containsAll(List.of(t.text().split(" ")));
                c = in ? 1.0 : 0;
            }
            found += t.weight() * (otherLanguage && c > 0 ? 1.0 : c);
        }
        return found / total;
    }

    /**
     * The translations of a text's words into the question's language: English stems of its Chinese words
     * (smartcn words of two or more characters) when the question is English, Chinese words of its English
     * words when it is Chinese. Empty without query translation.
     */
    private Set<String> translatedWords(String text) {
        Set<String> out = new HashSet<>();
        if (qt == null) {
            return out;
        }
        boolean chineseQuestion = terms.stream().anyMatch(Term::cjk);
        for (String w : CrossLanguage.words(analysis, text,
                chineseQuestion ? CrossLanguage.Lang.EN : CrossLanguage.Lang.ZH)) {
            out.addAll(wordTranslations.computeIfAbsent(w, k -> {
                List<String> tr = new ArrayList<>();
                for (TranslatedTerm x : qt.lookup(ws, k)) {
                    if (x.chinese()) {
                        tr.add(x.term());
                    } else {
                        tr.addAll(analysis.terms(AnalyzedField.ENGLISH, x.term()));
                    }
                }
                return tr;
            }));
        }
        return out;
    }

    /** The key terms {@code text} holds. */
    Set<String> found(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> stems = new HashSet<>(analysis.terms(AnalyzedField.ENGLISH, text));
        Set<String> out = new HashSet<>();
        for (Term t : terms) {
            if (credit(t, lower, stems) > 0) {
                out.add(t.text());
            }
        }
        return out;
    }

    /**
     * Whether {@code text} holds the terms that read the same in Chinese and English: every
     * Latin-letter term of a Chinese question (names, functions, codes), or every code (digits,
     * capitals) of an English question. True when the question has none.
     */
    boolean holdsNames(String text, boolean chineseQuestion) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> stems = null;
        for (Term t : terms) {
            if (t.cjk() || (!chineseQuestion && t.weight() <= 1.0)) {
                continue;
            }
            if (stems == null) {
                stems = new HashSet<>(analysis.terms(AnalyzedField.ENGLISH, text));
            }
            if (!present(t, lower, stems)) {
                return false;
            }
        }
        return true;
    }

    /** 1 when the text holds the term, a translation's credit when it holds only a translation, else 0. */
    private double credit(Term t, String lower, Set<String> stems) {
        if (present(t, lower, stems)) {
            return 1.0;
        }
        double best = 0;
        for (Translation x : translations.getOrDefault(t.text(), List.of())) {
            if (x.credit() > best && present(new Term(x.text(), !t.cjk(), 1.0, x.text()), lower, stems)) {
                best = x.credit();
            }
        }
        return best;
    }

    private static boolean present(Term t, String lower, Set<String> stems) {
        if (t.cjk()) {
            if (lower.contains(t.text())) {
                return true;
            }
            // A longer word counts when all its character bigrams occur (e.g. 修整盘 vs 修整 … 盘).
            String w = t.text();
            if (w.length() < 3) {
                return false;
            }
            for (int i = 0; i + 2 <= w.length(); i++) {
                if (!lower.contains(w.substring(i, i + 2))) {
                    return false;
                }
            }
            return true;
        }
        if (lower.contains(t.text())) {
            return true;
        }
        for (String part : t.text().split(" ")) {
            if (!stems.contains(part)) {
                return false;
            }
        }
        return true;
    }
}
