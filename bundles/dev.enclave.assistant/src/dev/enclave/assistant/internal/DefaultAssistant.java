package dev.enclave.assistant.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AnswerSettings;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.Citation;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelRegistry;

/** Retrieval with the user's roles, then a generative or an extractive answer with checked citations. */
@Component(service = Assistant.class)
public final class DefaultAssistant implements Assistant {
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,2})\\]");
    private static final int MAX_SENTENCES = 3;
    /**
     * How much less similar to the question than the first quoted sentence another sentence in the
     * other language may be to be quoted too (it must also hold as many of the key words).
     */
    private static final double CROSS_MARGIN = 0.03;
    /** Vector hits searched for passages in the other language than the question. */
    private static final int CROSS_CANDIDATES = 40;
    @Reference
    private KnowledgeBase kb;
    @Reference
    private ModelRegistry models;
    @Reference
    private QueryTranslation translation;

    @Override
    public Answer ask(Workspace ws, Subject subject, AskRequest req, AnswerStream stream, Progress progress) {
        if (req.question() == null || req.question().isBlank()) {
            throw EnclaveException.badInput("The question is empty.");
        }
        // Read once per question: thresholds tuned in the workspace apply from the next question on.
        AnswerSettings settings = AnswerSettings.of(ws);
        AnswerStream out = stream == null ? t -> { } : stream;
        SearchRequest search = new SearchRequest(req.collection(), req.question(), Math.max(1, req.top()), req.mode(),
                Set.of(), null, null);
        try (ChatModel chat = new ChatModel(ws, progress)) {
            return ask(ws, subject, req, search, settings, out, chat, progress);
        }
    }

    private Answer ask(Workspace ws, Subject subject, AskRequest req, SearchRequest search, AnswerSettings settings,
            AnswerStream out, ChatModel chat, Progress progress) {
        boolean trace = settings.trace();
        List<SearchHit> hits = kb.search(ws, subject, search);
        // With a chat model, its bilingual keywords are searched beside the question (issue 16).
        boolean rewritten = false;
        if (chat.present() && rewriteEnabled(ws)) {
            String keywords = QueryRewrite.keywords(chat.get(), req.question(), progress);
            if (!keywords.isEmpty() && !keywords.equals(req.question().strip())) {
                List<SearchHit> more = kb.search(ws, subject, new SearchRequest(req.collection(), keywords,
                        search.top(), search.mode(), Set.of(), null, null));
                hits = QueryRewrite.fuse(hits, more, RetrievalSettings.decimal(ws.settings(),
                        AnswerSettings.QUERY_REWRITE_WEIGHT, 1, 0, 2), search.top());
                rewritten = true;
            }
        }
        // Said, never shown: how many documents matching the question the user's roles may not read (issue 16).
        int hidden = kb.hidden(ws, subject, search);
        // Key terms count in a passage of the other language through their translations (issue 16).
        KeyTerms terms = new KeyTerms(kb, req.question()).withTranslations(translation, ws, req.question());
        AnswerShape shape = new AnswerShape(req.question());
        boolean chinese = req.question().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp)
                == Character.UnicodeScript.HAN);
        // Same language: the passages must hold the question's key terms. Passages in the other
        // language cannot; there the key words are looked up in translation through the embedding model.
        // The names and codes a question asks about (Latin-letter terms of a Chinese question, codes of an
        // English one) must stand in a passage as they are: "How many ATMs …" or "第 37 周 …" is not answered
        // from passages that share only its other words.
        // One document's passages must hold it all (issue 16): key terms spread over several documents' hits, or
        // passages with the words but not the kind of value asked for (多少小时, what temperature), make no answer.
        boolean lexical = oneDocumentAnswers(terms, hits, chinese, shape, settings);
        // A passage of the other language answers only when it holds a value of the kind asked, as on the lexical path.
        List<CrossLanguage.Scored> scored = (lexical && !trace ? List.<CrossLanguage.Scored>of()
                : crossLanguage(ws, subject, req, terms, hits, settings)).stream()
                .filter(s -> !s.cross() || shape.valueHeld(s.hit().heading() + "\n" + s.hit().text())).toList();
        boolean crossAnswers = scored.stream().anyMatch(s -> CrossLanguage.answers(s, settings) && !s.heading());
        // The key-term check keeps deciding whenever it accepts, so same-language answers stay as they were.
        boolean useCross = crossAnswers && !lexical;
        if (trace) {
            String crossDoc = scored.stream().filter(s -> CrossLanguage.answers(s, settings) && !s.heading())
                    .findFirst()
                    .map(s -> Path.of(s.hit().source()).getFileName().toString()).orElse("-");
            String lexicalDocs = hits.isEmpty() ? "-" : String.join("|", extractive(terms, hits).citations().stream()
                    .map(c -> Path.of(c.source()).getFileName().toString()).toList());
            System.err.printf(java.util.Locale.ROOT,
                    "answerable-trace: lexical %s, coverage %.4f, cross-language best %.4f, same-language best %.4f,"
                            + " cross doc %s, lexical docs %s, cross coverage %.4f, best passage %.4f, names held %s,"
                            + " documents %s%n",
                    lexical, hits.isEmpty() ? 0.0 : coverage(terms, hits), CrossLanguage.best(scored, true),
                    CrossLanguage.best(scored, false), crossDoc, lexicalDocs,
                    CrossLanguage.bestCoverage(scored), bestPassage(terms, hits), namesHeld(terms, hits, chinese),
                    documents(terms, hits, chinese, shape));
        }
        Answer answer;
        if (!lexical && !useCross) {
            String text = noAnswer(chinese, hidden);
            out.onText(text);
            answer = new Answer(text, false, List.of(), modelName(ws));
        } else if (ws.settings().get(ModelRegistry.CHAT_MODEL_SETTING).isPresent()) {
            answer = generate(ws, subject, req, useCross ? withAnswering(hits, scored, settings) : hits, out,
                    chat.get(), progress);
        } else {
            answer = useCross ? crossExtractive(scored, settings) : extractive(terms, hits, shape);
            answer = existing(ws, subject, req.collection(), answer);
            if (answer.citations().isEmpty()) {
                // Nothing but headings, or spans the documents no longer hold: no answer rather than an uncited one.
                answer = new Answer(noAnswer(chinese, hidden), false, List.of(), Answer.EXTRACTIVE);
            }
            out.onText(answer.answer());
        }
        answer = answer.withHidden(hidden);
        Set<String> sources = new java.util.LinkedHashSet<>();
        answer.citations().forEach(c -> sources.add(c.source()));
        ws.auditLog().append(subject.name(), "assistant.ask", req.collection(), AuditEntry.SUCCESS,
                "question hmac-sha256 " + dev.enclave.core.Hashes.keyed(ws, req.question()) + ", answerable " + answer.answerable() + ", model "
                        + answer.model() + ", sources " + sources + ", hidden " + hidden
                        + (rewritten ? ", query rewritten by the chat model" : ""));
        return answer;
    }

    private static boolean rewriteEnabled(Workspace ws) {
        String v = ws.settings().get(AnswerSettings.QUERY_REWRITE).map(String::trim).orElse("true");
        if (!v.equals("true") && !v.equals("false")) {
            throw EnclaveException.badInput("The setting " + AnswerSettings.QUERY_REWRITE
                    + " must be true or false, not '" + v + "'.");
        }
        return v.equals("true");
    }

    /** The workspace's chat model, opened on first use (once per question) and closed with the question. */
    private final class ChatModel implements AutoCloseable {
        private final Workspace ws;
        private final Progress progress;
        private LanguageModel model;

        ChatModel(Workspace ws, Progress progress) {
            this.ws = ws;
            this.progress = progress;
        }

        boolean present() {
            return ws.settings().get(ModelRegistry.CHAT_MODEL_SETTING).isPresent();
        }

        LanguageModel get() {
            if (model == null) {
                model = models.openChatModel(ws, progress);
            }
            return model;
        }

        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
        }
    }

    /** The answer when the documents the user may read do not hold one, with the count of those it may not. */
    private static String noAnswer(boolean chinese, int hidden) {
        String text = chinese ? "文档中没有找到这个问题的答案。" : "The documents do not contain the answer to this question.";
        String notice = Answer.hiddenNotice(hidden, chinese);
        return notice.isEmpty() ? text : text + (chinese ? "" : " ") + notice;
    }

    /** The retrieved passages and, after them, the other language's passages that answer (each once). */
    private static List<SearchHit> withAnswering(List<SearchHit> hits, List<CrossLanguage.Scored> scored,
            AnswerSettings settings) {
        Map<String, SearchHit> out = new LinkedHashMap<>();
        hits.forEach(h -> out.put(h.chunkId(), h));
        scored.stream().filter(s -> CrossLanguage.answers(s, settings)).forEach(s -> out.putIfAbsent(s.hit().chunkId(), s.hit()));
        return new ArrayList<>(out.values());
    }

    /**
     * The sentences of the retrieved passages and of the other language's best passages by vector
     * similarity, scored by the collection's embedding model (the workspace's when the collection
     * has no vectors); none when every passage is in the question's language.
     */
    List<CrossLanguage.Scored> crossLanguage(Workspace ws, Subject subject, AskRequest req, KeyTerms terms,
            List<SearchHit> hits, AnswerSettings settings) {
        CrossLanguage.Lang lang = CrossLanguage.language(req.question());
        List<SearchHit> pool = new ArrayList<>(hits);
        // Key words and even the vectors favour passages in the question's language: the other
        // language's best passages by vector similarity join the candidates.
        if (req.mode() != SearchMode.BM25 && kb.hasVectors(ws, req.collection())) {
            Set<String> seen = new HashSet<>();
            hits.forEach(h -> seen.add(h.chunkId()));
            int added = 0;
            int want = Math.max(1, req.top());
            for (SearchHit h : kb.search(ws, subject, SearchRequest.of(req.collection(), req.question(),
                    Math.max(CROSS_CANDIDATES, want * 4), SearchMode.VECTOR))) {
                if (added < want && seen.add(h.chunkId()) && CrossLanguage.language(h.text()) != lang) {
                    pool.add(h);
                    added++;
                }
            }
        }
        if (pool.stream().allMatch(h -> CrossLanguage.language(h.text()) == lang)) {
            return List.of();
        }
        return CrossLanguage.score(kb.embedder(ws, req.collection()), kb, settings, req.question(), lang, terms, pool);
    }

    /**
     * The answer from passages in the other language that hold the question's key words in
     * translation: the sentence that holds most of them (the most similar to the question among
     * equals), and up to two more that hold as many and are nearly as similar, each cited.
     */
    Answer crossExtractive(List<CrossLanguage.Scored> scored, AnswerSettings settings) {
        List<CrossLanguage.Scored> ranked = new ArrayList<>(scored.stream()
                .filter(s -> CrossLanguage.answers(s, settings) && !s.heading()).toList());
        ranked.sort(Comparator.comparingDouble((CrossLanguage.Scored s) -> -crossScore(s)));
        List<Sentence> chosen = new ArrayList<>();
        CrossLanguage.Scored first = null;
        for (CrossLanguage.Scored s : ranked) {
            if (chosen.size() >= MAX_SENTENCES) {
                break;
            }
            if (first != null && (s.sentenceCoverage() < first.sentenceCoverage()
                    || s.cosine() < first.cosine() - CROSS_MARGIN)) {
                continue;
            }
            boolean overlaps = chosen.stream().anyMatch(c -> c.hit().docId().equals(s.hit().docId())
                    && c.start() < s.end() && s.start() < c.end());
            if (!overlaps) {
                chosen.add(new Sentence(s.hit(), s.start(), s.end(), s.text(), crossScore(s), Set.of()));
                first = first == null ? s : first;
            }
        }
        return compose(chosen);
    }

    /** A sentence's own translated key-word coverage, with its cosine to the question to break ties. */
    private static double crossScore(CrossLanguage.Scored s) {
        return s.sentenceCoverage() + 0.5 * s.cosine();
    }

    private String modelName(Workspace ws) {
        return ws.settings().get(ModelRegistry.CHAT_MODEL_SETTING).orElse(Answer.EXTRACTIVE);
    }

    /** Whether the passages together hold enough of the question's key terms. */
    boolean answerable(KeyTerms terms, List<SearchHit> hits, AnswerSettings settings) {
        return !hits.isEmpty() && coverage(terms, hits) >= settings.coverage();
    }

    /**
     * Whether the retrieved passages of one document (headings and texts) hold at least the configured share
     * of the question's key terms, every name and code it asks about, and a value of the kind it asks for (see
     * {@link AnswerShape#valueHeld}). Terms found only across several documents do not count: each hit shares
     * some words with the question, and joined they would answer questions the documents cannot. The passages
     * of one document are read together because a section's heading, its table header or the sentence before
     * may hold a term the answering passage leaves implicit. A document in the other language than the question
     * holds its terms through their translations, each counted fully (see {@link KeyTerms#coverage(String, boolean)}).
     */
    static boolean oneDocumentAnswers(KeyTerms terms, List<SearchHit> hits, boolean chinese, AnswerShape shape,
            AnswerSettings settings) {
        Map<String, StringBuilder> byDoc = new LinkedHashMap<>();
        for (SearchHit h : hits) {
            byDoc.computeIfAbsent(h.docId(), d -> new StringBuilder()).append(h.heading()).append('\n')
                    .append(h.text()).append('\n');
        }
        CrossLanguage.Lang question = chinese ? CrossLanguage.Lang.ZH : CrossLanguage.Lang.EN;
        for (StringBuilder doc : byDoc.values()) {
            String passages = doc.toString();
            boolean otherLanguage = CrossLanguage.language(passages) != question;
            if (terms.coverage(passages, otherLanguage) >= settings.coverage() && terms.holdsNames(passages, chinese)
                    && shape.valueHeld(passages)) {
                return true;
            }
        }
        return false;
    }

    /** For the trace: each retrieved document's coverage, names held and value held, as oneDocumentAnswers judges them. */
    static String documents(KeyTerms terms, List<SearchHit> hits, boolean chinese, AnswerShape shape) {
        Map<String, StringBuilder> byDoc = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (SearchHit h : hits) {
            byDoc.computeIfAbsent(h.docId(), d -> new StringBuilder()).append(h.heading()).append('\n')
                    .append(h.text()).append('\n');
            names.putIfAbsent(h.docId(), Path.of(h.source()).getFileName().toString());
        }
        CrossLanguage.Lang question = chinese ? CrossLanguage.Lang.ZH : CrossLanguage.Lang.EN;
        List<String> out = new ArrayList<>();
        byDoc.forEach((id, doc) -> {
            String p = doc.toString();
            out.add(String.format(java.util.Locale.ROOT, "%s %.3f/%s/%s", names.get(id),
                    terms.coverage(p, CrossLanguage.language(p) != question), terms.holdsNames(p, chinese),
                    shape.valueHeld(p)));
        });
        return String.join("; ", out);
    }

    /** The largest weighted share of the question's key terms that one passage (heading and text) holds. */
    static double bestPassage(KeyTerms terms, List<SearchHit> hits) {
        double best = 0;
        for (SearchHit h : hits) {
            best = Math.max(best, terms.coverage(h.heading() + "\n" + h.text()));
        }
        return best;
    }

    /** Whether some passage holds the question's names and codes (see {@link KeyTerms#holdsNames}). */
    static boolean namesHeld(KeyTerms terms, List<SearchHit> hits, boolean chinese) {
        return hits.stream().anyMatch(h -> terms.holdsNames(h.heading() + "\n" + h.text(), chinese));
    }

    /** The weighted share of the question's key terms the passages together hold. */
    static double coverage(KeyTerms terms, List<SearchHit> hits) {
        StringBuilder all = new StringBuilder();
        for (SearchHit h : hits) {
            all.append(h.heading()).append('\n').append(h.text()).append('\n');
        }
        return terms.coverage(all.toString());
    }

    /** A sentence of a passage: its span in the document and its score. */
    private record Sentence(SearchHit hit, int start, int end, String text, double score, Set<String> terms) {
    }

    /** The best sentences of the passages, each cited. */
    Answer extractive(KeyTerms terms, List<SearchHit> hits) {
        return extractive(terms, hits, new AnswerShape(""));
    }

    /**
     * The best sentences or table rows of the passages for a question of this shape, each cited;
     * never a heading on its own (an answer of headings only has no citation).
     */
    Answer extractive(KeyTerms terms, List<SearchHit> hits, AnswerShape shape) {
        List<Sentence> sentences = new ArrayList<>();
        for (int rank = 0; rank < hits.size(); rank++) {
            SearchHit h = hits.get(rank);
            for (int[] span : sentences(h.text())) {
                String t = h.text().substring(span[0], span[1]);
                if (t.codePointCount(0, t.length()) < 4 || (headingLike(t) && !AnswerShape.tableRow(t))) {
                    continue;
                }
                double coverage = terms.coverage(t);
                // The shape reorders sentences that hold key terms; it does not make one of a sentence that holds none.
                double score = coverage + 0.15 / (rank + 1) - (t.length() > 300 ? 0.1 : 0)
                        + (coverage > 0 ? shape.bonus(t) : 0);
                sentences.add(new Sentence(h, h.start() + span[0], h.start() + span[1], t, score, terms.found(t)));
            }
        }
        sentences.sort(Comparator.comparingDouble((Sentence s) -> -s.score()));
        List<Sentence> chosen = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (Sentence s : sentences) {
            if (chosen.size() >= MAX_SENTENCES) {
                break;
            }
            boolean duplicate = chosen.stream().anyMatch(c -> c.hit().docId().equals(s.hit().docId())
                    && c.start() < s.end() && s.start() < c.end());
            if (duplicate) {
                continue;
            }
            if (chosen.isEmpty() || (s.score() >= chosen.get(0).score() * 0.6 && !covered.containsAll(s.terms()))) {
                chosen.add(s);
                covered.addAll(s.terms());
            }
        }
        return compose(chosen);
    }

    /**
     * The answer with only the citations whose span the document still holds as quoted (and the
     * sentences of the others removed): every answer cites spans that exist.
     */
    Answer existing(Workspace ws, Subject subject, String collection, Answer a) {
        Map<String, Optional<String>> docs = new HashMap<>();
        List<Citation> kept = new ArrayList<>();
        for (Citation c : a.citations()) {
            String doc = docs.computeIfAbsent(c.docId(), id -> kb.text(ws, subject, collection, id)).orElse(null);
            if (doc != null && c.start() >= 0 && c.end() <= doc.length() && c.start() < c.end()
                    && doc.substring(c.start(), c.end()).equals(c.text())) {
                kept.add(c);
            }
        }
        if (kept.size() == a.citations().size()) {
            return a;
        }
        StringBuilder text = new StringBuilder();
        for (Citation c : kept) {
            text.append(text.isEmpty() ? "" : " ").append(c.text().replace('\n', ' ')).append(" [").append(c.number())
                    .append(']');
        }
        return new Answer(text.toString(), !kept.isEmpty(), kept, a.model());
    }

    /** The chosen sentences as an extractive answer, each with its citation. */
    private static Answer compose(List<Sentence> chosen) {
        StringBuilder answer = new StringBuilder();
        List<Citation> citations = new ArrayList<>();
        Map<String, Integer> numbers = new LinkedHashMap<>();
        for (Sentence s : chosen) {
            String key = s.hit().docId() + ":" + s.start() + ":" + s.end();
            int n = numbers.computeIfAbsent(key, k -> numbers.size() + 1);
            if (n == citations.size() + 1) {
                citations.add(new Citation(n, s.hit().source(), s.hit().docId(), s.start(), s.end(), s.text(),
                        s.hit().ingestedBy()));
            }
            if (!answer.isEmpty()) {
                answer.append(' ');
            }
            answer.append(s.text().replace('\n', ' ')).append(" [").append(n).append(']');
        }
        return new Answer(answer.toString(), true, citations, Answer.EXTRACTIVE);
    }

    /**
     * A title rather than a statement: a short line that does not end like a sentence
     * ("Wet bench cleaning procedure", "CMP 抛光垫修整"). It names the topic and would win on
     * key terms while saying nothing, so statements go first.
     */
    static boolean headingLike(String sentence) {
        String t = sentence.strip();
        if (t.isEmpty()) {
            return true;
        }
        if (t.startsWith("#")) {
            return true;
        }
        // A table row, or a "key: value" line with a quantity ("Dresser life: 500 h"), states something.
        if (AnswerShape.tableRow(t) || (AnswerShape.QUANTITY.matcher(t).find() && t.matches("(?s).*[:：=]\\s*\\S.*"))) {
            return false;
        }
        char last = t.charAt(t.length() - 1);
        boolean ends = ".!?。！？;；:：)）\"”".indexOf(last) >= 0;
        return !ends && t.codePointCount(0, t.length()) <= 60;
    }

    /** Sentence spans of a passage (Chinese and English punctuation; a line break ends a sentence too). */
    static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = (c == '\n' && !softWrap(text, i)) || "。！？；!?".indexOf(c) >= 0
                    || ((c == '.' || c == ';') && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))
                            && !listNumber(text, start, i));
            if (end || i + 1 == text.length()) {
                int s = start;
                int e = c == '\n' ? i : i + 1;
                while (s < e && Character.isWhitespace(text.charAt(s))) {
                    s++;
                }
                while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                    e--;
                }
                if (e > s) {
                    out.add(new int[] { s, e });
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Whether the '.' at {@code i} ends a list number ("1. Stop the tool"): only digits before it since {@code from}. */
    private static boolean listNumber(String text, int from, int i) {
        String before = text.substring(from, i).strip();
        return !before.isEmpty() && before.length() <= 2 && before.chars().allMatch(Character::isDigit);
    }

    /**
     * Whether the line break at {@code i} only wraps an English sentence (hard-wrapped text, as in
     * Markdown and plain-text files): the line ends in a letter, digit or comma and the next one
     * goes on with a lower-case letter.
     */
    private static boolean softWrap(String text, int i) {
        int before = i - 1;
        while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t' || text.charAt(before) == '\r')) {
            before--;
        }
        int after = i + 1;
        while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
            after++;
        }
        if (before < 0 || after >= text.length()) {
            return false;
        }
        char p = text.charAt(before);
        char n = text.charAt(after);
        boolean continues = p < 0x80 && (Character.isLetterOrDigit(p) || p == ',');
        return continues && n >= 'a' && n <= 'z';
    }

    /** The prompt for the model: the template with the numbered sources and the question. */
    public String prompt(Workspace ws, AskRequest req, List<SearchHit> hits) {
        String template = req.template();
        if (template == null) {
            Optional<String> file = ws.settings().get(TEMPLATE_SETTING);
            if (file.isPresent()) {
                try {
                    template = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw EnclaveException.badInput("The prompt template " + file.get() + " (setting "
                            + TEMPLATE_SETTING + ") cannot be read: " + e.getMessage());
                }
            } else {
                template = DEFAULT_TEMPLATE;
            }
        }
        StringBuilder sources = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            SearchHit h = hits.get(i);
            sources.append('[').append(i + 1).append("] ").append(Path.of(h.source()).getFileName());
            if (!h.heading().isEmpty()) {
                sources.append(" — ").append(h.heading());
            }
            sources.append('\n').append(h.text()).append("\n\n");
        }
        return template.replace("{sources}", sources.toString()).replace("{question}", req.question());
    }

    private Answer generate(Workspace ws, Subject subject, AskRequest req, List<SearchHit> hits, AnswerStream out,
            LanguageModel model, Progress progress) {
        String prompt = prompt(ws, req, hits);
        String text = model.hasChatTemplate() ? model.chatPrompt(List.of(ChatMessage.user(prompt))) : prompt
                + "\nAnswer:";
        int[] ids = model.encode(text);
        int room = model.contextLength() - ids.length;
        if (room < 16) {
            throw EnclaveException.badInput("The sources do not fit the model's context of "
                    + model.contextLength() + " tokens: ask with fewer passages.");
        }
        Generation g = model.generate(ids, GenerationSettings.greedy(Math.min(512, room)),
                (piece, id) -> out.onText(piece), progress);
        return cite(ws, subject, req.collection(), g.text().strip(), hits,
                model.info().version() == null ? model.info().name()
                        : model.info().name() + "@" + model.info().version());
    }

    /**
     * Maps the answer's {@code [n]} markers to the retrieved passages. A marker without a
     * passage, or whose passage no longer matches the document's text, is removed.
     */
    public Answer cite(Workspace ws, Subject subject, String collection, String text, List<SearchHit> hits, String model) {
        Map<String, String> texts = new HashMap<>();
        Set<Integer> valid = new java.util.TreeSet<>();
        Matcher m = MARKER.matcher(text);
        StringBuilder kept = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            boolean ok = false;
            if (n >= 1 && n <= hits.size()) {
                SearchHit h = hits.get(n - 1);
                String doc = texts.computeIfAbsent(h.docId(),
                        id -> kb.text(ws, subject, collection, id).orElse(null));
                ok = doc != null && h.end() <= doc.length() && doc.substring(h.start(), h.end()).equals(h.text());
            }
            if (ok) {
                valid.add(n);
            }
            m.appendReplacement(kept, ok ? Matcher.quoteReplacement(m.group()) : "");
        }
        m.appendTail(kept);
        List<Citation> citations = new ArrayList<>();
        for (int n : valid) {
            SearchHit h = hits.get(n - 1);
            citations.add(new Citation(n, h.source(), h.docId(), h.start(), h.end(), h.text(), h.ingestedBy()));
        }
        return new Answer(kept.toString().strip(), true, citations, model);
    }

    static String sha256(String s) {
        return dev.enclave.core.Hashes.sha256Hex(s);
    }
}
