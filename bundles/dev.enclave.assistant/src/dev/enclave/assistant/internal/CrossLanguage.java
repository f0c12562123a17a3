package dev.enclave.assistant.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.enclave.knowledge.SearchHit;
import dev.enclave.assistant.AnswerSettings;
import dev.enclave.knowledge.AnalyzedField;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.Token;
import dev.enclave.runtime.EmbeddingModel;

/**
 * Passages in another language than the question: whether they answer it, and which of their
 * sentences do. The question's key words cannot be counted in an English passage when the
 * question is Chinese (or the reverse), so each key word is looked up among the passage's words
 * through the embedding model (bge-small-zh, trained on Chinese and English): 清洗 counts as
 * held when the passage says "cleaned". No glossary: the model is the dictionary. Names and
 * codes the question spells in Latin letters read the same in both languages and must be present
 * as they are. Whole-sentence similarity across the languages is weak with this model (a relevant
 * English sentence and an unrelated one get about the same cosine to a Chinese question), so it
 * only breaks ties between sentences.
 *
 * <p>The thresholds were chosen on a labelled set of Chinese questions over English documents and
 * English questions over Chinese ones ({@code tests/benchmarks/knowledge/questions-cross-language.jsonl},
 * run by {@code eval.sh} with the workspace setting {@value AnswerSettings#TRACE} set to {@code true}); they
 * are the workspace settings {@value AnswerSettings#WORD_THRESHOLD} and {@value AnswerSettings#CROSS_COVERAGE}.
 */
final class CrossLanguage {
    private static final Pattern EN_WORD = Pattern.compile("[a-z][a-z'-]+[a-z]");

    /** The two languages the knowledge base tells apart. */
    enum Lang {
        ZH, EN
    }

    /**
     * A sentence of a passage, its span in the document and its cosine to the question; for a
     * passage in the other language, the translated key-word coverage of its passage and of itself.
     */
    record Scored(SearchHit hit, int rank, int start, int end, String text, double cosine, boolean heading,
            boolean cross, double coverage, double sentenceCoverage) {
    }

    private CrossLanguage() {
    }

    /**
     * The language of a text: Chinese when Han characters are at least an eighth as many as Latin
     * letters (a Han character is about a word, an English word about six letters: a Chinese
     * passage that quotes English names, options or code is still Chinese), else English.
     */
    static Lang language(String text) {
        int han = 0;
        int latin = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
            } else if (cp < 0x250 && Character.isLetter(cp)) {
                latin++;
            }
            i += Character.charCount(cp);
        }
        return han > 0 && han * 8 >= latin ? Lang.ZH : Lang.EN;
    }

    /**
     * Every sentence (of at least four characters) of the passages, with its cosine to the
     * question, best first; a sentence of a passage in the other language than the question is
     * {@code cross}, and counts only when its passage holds the question's names and codes. For
     * those, {@code coverage} is the share of the question's key words that the passage holds in
     * translation: a key word counts when the embedding model puts one of the passage's words
     * within {@link AnswerSettings#wordThreshold()} of it (清洗 and "cleaned", 温度 and "temperature").
     */
    static List<Scored> score(EmbeddingModel model, KnowledgeBase analysis, AnswerSettings settings, String question,
            Lang lang, KeyTerms terms, List<SearchHit> hits) {
        List<Scored> spans = new ArrayList<>();
        List<List<String>> spanWords = new ArrayList<>();
        Map<SearchHit, List<String>> passageWords = new LinkedHashMap<>();
        Set<String> texts = new LinkedHashSet<>();
        texts.add(question);
        List<KeyTerms.Term> translate = new ArrayList<>();
        double names = 0;
        double total = 0;
        for (KeyTerms.Term t : terms.terms()) {
            total += t.weight();
            if (lang == Lang.ZH ? t.cjk() : !t.cjk() && t.weight() <= 1.0) {
                translate.add(t);
                texts.add(t.raw());
            } else {
                names += t.weight();
            }
        }
        for (int rank = 0; rank < hits.size(); rank++) {
            SearchHit h = hits.get(rank);
            boolean cross = language(h.text()) != lang;
            if (cross && !terms.holdsNames(h.heading() + "\n" + h.text(), lang == Lang.ZH)) {
                continue;
            }
            if (cross) {
                List<String> w = words(analysis, h.heading() + "\n" + h.text(), lang == Lang.ZH ? Lang.EN : Lang.ZH);
                passageWords.put(h, w);
                texts.addAll(w);
            }
            for (int[] span : DefaultAssistant.sentences(h.text())) {
                String t = h.text().substring(span[0], span[1]);
                if (t.codePointCount(0, t.length()) < 4 || !t.codePoints().anyMatch(Character::isLetter)) {
                    continue;
                }
                spans.add(new Scored(h, rank, h.start() + span[0], h.start() + span[1], t, 0,
                        DefaultAssistant.headingLike(t), cross, 0, 0));
                // A sentence alone may be segmented into other words than within its passage.
                List<String> sw = cross ? words(analysis, t, lang == Lang.ZH ? Lang.EN : Lang.ZH) : List.of();
                spanWords.add(sw);
                texts.addAll(sw);
                texts.add(t);
            }
        }
        if (spans.isEmpty()) {
            return List.of();
        }
        List<String> order = new ArrayList<>(texts);
        float[][] v = model.embed(order);
        Map<String, float[]> vec = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            vec.put(order.get(i), v[i]);
        }
        float[] q = vec.get(question);
        Map<SearchHit, Double> passageCoverage = new HashMap<>();
        for (Map.Entry<SearchHit, List<String>> e : passageWords.entrySet()) {
            passageCoverage.put(e.getKey(), coverage(translate, names, total, e.getValue(), vec, settings.wordThreshold()));
        }
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            Scored s = spans.get(i);
            double pc = s.cross() ? passageCoverage.get(s.hit()) : 0;
            double sc = s.cross() ? coverage(translate, names, total, spanWords.get(i), vec, settings.wordThreshold()) : 0;
            out.add(new Scored(s.hit(), s.rank(), s.start(), s.end(), s.text(), dot(q, vec.get(s.text())), s.heading(),
                    s.cross(), pc, sc));
        }
        out.sort(Comparator.comparingDouble((Scored s) -> -s.cosine()));
        if (settings.trace()) {
            for (double w : new double[] { 0.42, 0.45, 0.48, 0.51, 0.54 }) {
                double best = 0;
                for (Map.Entry<SearchHit, List<String>> e : passageWords.entrySet()) {
                    best = Math.max(best, coverage(translate, names, total, e.getValue(), vec, w));
                }
                System.err.printf(java.util.Locale.ROOT, "answerable-trace: word threshold %.2f, best coverage %.4f%n",
                        w, best);
            }
        }
        return out;
    }

    /** The weighted share of key terms that the words hold in translation (names count as held: they were checked). */
    private static double coverage(List<KeyTerms.Term> translate, double names, double total, List<String> words,
            Map<String, float[]> vec, double threshold) {
        if (total == 0) {
            return 0;
        }
        double found = names;
        for (KeyTerms.Term t : translate) {
            float[] tv = vec.get(t.raw());
            for (String w : words) {
                if (dot(tv, vec.get(w)) >= threshold) {
                    found += t.weight();
                    break;
                }
            }
        }
        return found / total;
    }

    /** The content words of a text in a language: smartcn words of two or more Han characters, or English words. */
    static List<String> words(KnowledgeBase analysis, String text, Lang lang) {
        Set<String> out = new LinkedHashSet<>();
        if (lang == Lang.ZH) {
            for (Token t : analysis.analyze(AnalyzedField.CHINESE_WORDS, text)) {
                String w = text.substring(t.start(), t.end());
                if (w.codePointCount(0, w.length()) >= 2 && !KeyTerms.ZH_STOP.contains(w) && w.codePoints()
                        .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
                    out.add(w);
                }
            }
        } else {
            Matcher m = EN_WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                if (!KeyTerms.EN_STOP.contains(m.group())) {
                    out.add(m.group());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether a passage in the other language holds enough of the question's key words in translation. */
    static boolean answers(Scored s, AnswerSettings settings) {
        return s.cross() && s.coverage() >= settings.crossCoverage();
    }

    /** The best translated coverage of a passage in the other language, or -1 when there is none. */
    static double bestCoverage(List<Scored> scored) {
        return scored.stream().filter(Scored::cross).mapToDouble(Scored::coverage).max().orElse(-1);
    }

    /** The best cosine of a statement (not a heading) among the scored sentences in or not in the other language, or -1. */
    static double best(List<Scored> scored, boolean cross) {
        return scored.stream().filter(s -> !s.heading() && s.cross() == cross).mapToDouble(Scored::cosine).max()
                .orElse(-1);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
