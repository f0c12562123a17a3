package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.Glossary;
import dev.enclave.knowledge.GlossaryEntry;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.TranslatedTerm;

/**
 * Query translation from the workspace term list, the packs' glossaries and CC-CEDICT, in that
 * order of trust. Glossary terms are found in the query as written (longest first); the rest of a
 * Chinese run is cut into smartcn words (adjacent words joined when the dictionary knows the
 * compound, as 修整 + 盘), of an English run into words and two-word phrases looked up by their stems.
 */
@Component(service = QueryTranslation.class)
public final class DefaultQueryTranslation implements QueryTranslation {
    /** Weights of translated words relative to the query's own (1): the more trusted the source, the more. */
    static final float W_WORKSPACE = 0.6f;
    static final float W_GLOSSARY = 0.5f;
    static final float W_DICTIONARY = 0.35f;
    /** Translations kept per source, per word. */
    static final int PER_ENTRY = 3;
    /** At most this many translated terms per query (a pasted paragraph must not become a huge query). */
    static final int MAX_TERMS = 40;
    static final String CEDICT = DICTIONARY;

    /** Question and function words that translate to nothing searchable. */
    static final Set<String> ZH_SKIP = Set.of("多少", "什么", "怎么", "怎样", "如何", "哪些", "哪个", "为什么", "是否",
            "可以", "需要", "应该", "进行", "使用", "我们", "这个", "那个", "以及", "或者", "还是", "时候", "多久", "多长",
            "有没有", "是不是", "能否", "一下", "请问", "其中", "之后", "之前", "以上", "以下", "每次", "一个", "哪里", "几个");
    static final Set<String> EN_SKIP = Set.of("how", "many", "much", "long", "what", "which", "when", "where", "who",
            "whom", "why", "does", "do", "did", "is", "are", "was", "were", "should", "can", "could", "must", "be",
            "been", "has", "have", "had", "after", "before", "each", "per", "its", "our", "we", "you", "i", "it",
            "from", "than", "any", "all", "there", "their", "may", "might", "would", "will", "shall", "also", "get");
    private static final Pattern EN_WORD = Pattern.compile("[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]");

    private final Analysis analysis = new Analysis();
    private final List<Glossary> glossaries = new CopyOnWriteArrayList<>();
    private volatile Cedict cedict;
    private volatile Cached cached;

    private record Cached(Path file, FileTime modified, long size, List<GlossaryEntry> entries) {
    }

    /** A source's entries with the source's name and weight. */
    private record Source(String name, float weight, List<GlossaryEntry> entries) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGlossary(Glossary g) {
        glossaries.add(g);
    }

    void removeGlossary(Glossary g) {
        glossaries.remove(g);
    }

    private Cedict dictionary() {
        Cedict c = cedict;
        if (c == null) {
            synchronized (this) {
                if (cedict == null) {
                    cedict = Cedict.shipped();
                }
                c = cedict;
            }
        }
        return c;
    }

    @Override
    public List<TranslatedTerm> translate(Workspace ws, String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(WORKSPACE, W_WORKSPACE, terms(ws)));
        for (Glossary g : glossaries) {
            sources.add(new Source(g.name(), W_GLOSSARY, g.entries()));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<TranslatedTerm> out = new ArrayList<>();
        for (Object[] seg : Analysis.segments(text)) {
            String run = (String) seg[1];
            if ((Boolean) seg[0]) {
                fromChinese(run, sources, out, seen);
            } else {
                fromEnglish(run, sources, out, seen);
            }
        }
        return out.size() <= MAX_TERMS ? List.copyOf(out) : List.copyOf(out.subList(0, MAX_TERMS));
    }

    @Override
    public List<TranslatedTerm> lookup(Workspace ws, String term) {
        return term == null ? List.of() : translate(ws, term.strip());
    }

    private static void add(List<TranslatedTerm> out, Set<String> seen, TranslatedTerm t) {
        if (seen.add((t.chinese() ? "zh:" : "en:") + t.from() + "\u0000" + t.term().toLowerCase(Locale.ROOT))) {
            out.add(t);
        }
    }

    private void fromChinese(String run, List<Source> sources, List<TranslatedTerm> out, Set<String> seen) {
        boolean[] taken = new boolean[run.length()];
        for (Source s : sources) {
            List<String[]> terms = new ArrayList<>();
            for (GlossaryEntry e : s.entries()) {
                for (String zh : e.chinese()) {
                    terms.add(new String[] { zh });
                }
            }
            terms.sort(Comparator.comparingInt((String[] t) -> -t[0].length()));
            for (String[] t : terms) {
                for (int at = run.indexOf(t[0]); at >= 0; at = run.indexOf(t[0], at + 1)) {
                    if (free(taken, at, at + t[0].length())) {
                        mark(taken, at, at + t[0].length());
                        for (GlossaryEntry e : s.entries()) {
                            if (e.chinese().contains(t[0])) {
                                e.english().stream().limit(PER_ENTRY).forEach(en -> add(out, seen,
                                        new TranslatedTerm(t[0], en, false, s.weight(), s.name())));
                            }
                        }
                    }
                }
            }
        }
        Cedict dict = dictionary();
        List<Analysis.Token> tokens = analysis.tokens(Analysis.ZH_WORDS, run);
        for (int i = 0; i < tokens.size(); i++) {
            Analysis.Token first = tokens.get(i);
            if (!free(taken, first.start(), first.end())) {
                continue;
            }
            // The longest run of up to four adjacent words that the dictionary holds as one word.
            int best = -1;
            for (int j = Math.min(tokens.size() - 1, i + 3); j >= i; j--) {
                String w = run.substring(first.start(), tokens.get(j).end());
                if (contiguous(tokens, i, j) && free(taken, first.start(), tokens.get(j).end()) && dict.contains(w)
                        && (j > i || w.codePointCount(0, w.length()) >= 2)) {
                    best = j;
                    break;
                }
            }
            if (best < 0) {
                continue;
            }
            String word = run.substring(first.start(), tokens.get(best).end());
            i = best;
            if (ZH_SKIP.contains(word) || !word.codePoints().allMatch(Analysis::isCjk)) {
                continue;
            }
            for (String en : dict.english(word)) {
                add(out, seen, new TranslatedTerm(word, en, false, W_DICTIONARY, CEDICT));
            }
        }
    }

    private static boolean contiguous(List<Analysis.Token> tokens, int i, int j) {
        for (int k = i; k < j; k++) {
            if (tokens.get(k).end() != tokens.get(k + 1).start()) {
                return false;
            }
        }
        return true;
    }

    private void fromEnglish(String run, List<Source> sources, List<TranslatedTerm> out, Set<String> seen) {
        boolean[] taken = new boolean[run.length()];
        for (Source s : sources) {
            List<String> terms = new ArrayList<>();
            s.entries().forEach(e -> terms.addAll(e.english()));
            terms.sort(Comparator.comparingInt((String t) -> -t.length()));
            for (String t : terms) {
                Matcher m = englishPattern(t).matcher(run);
                while (m.find()) {
                    if (free(taken, m.start(), m.end())) {
                        mark(taken, m.start(), m.end());
                        String from = m.group();
                        for (GlossaryEntry e : s.entries()) {
                            if (e.english().contains(t)) {
                                e.chinese().stream().limit(PER_ENTRY).forEach(zh -> add(out, seen,
                                        new TranslatedTerm(from, zh, true, s.weight(), s.name())));
                            }
                        }
                    }
                }
            }
        }
        Cedict dict = dictionary();
        List<int[]> words = new ArrayList<>();
        Matcher m = EN_WORD.matcher(run);
        while (m.find()) {
            String w = m.group();
            String lower = w.toLowerCase(Locale.ROOT);
            boolean code = w.length() >= 2 && w.chars().filter(Character::isUpperCase).count() >= 2;
            boolean glued = (m.start() > 0 && Character.isLetterOrDigit(run.charAt(m.start() - 1)))
                    || (m.end() < run.length() && Character.isDigit(run.charAt(m.end())));
            if (free(taken, m.start(), m.end()) && !code && !glued && !EN_SKIP.contains(lower)
                    && !EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(lower)) {
                words.add(new int[] { m.start(), m.end() });
            }
        }
        for (int i = 0; i < words.size(); i++) {
            int[] w = words.get(i);
            // A two-word phrase ("life span", "wafer map") before its words one by one.
            if (i + 1 < words.size() && run.substring(w[1], words.get(i + 1)[0]).isBlank()) {
                String phrase = run.substring(w[0], words.get(i + 1)[1]);
                List<String> zh = dict.chinese(normalise(phrase), this::normalise);
                if (!zh.isEmpty()) {
                    zh.forEach(z -> add(out, seen, new TranslatedTerm(phrase, z, true, W_DICTIONARY, CEDICT)));
                    i++;
                    continue;
                }
            }
            String word = run.substring(w[0], w[1]);
            dict.chinese(normalise(word), this::normalise)
                    .forEach(z -> add(out, seen, new TranslatedTerm(word, z, true, W_DICTIONARY, CEDICT)));
        }
    }

    /** An English word or phrase as a lookup key: its stemmed words (stop words dropped), space-separated. */
    String normalise(String english) {
        return String.join(" ", analysis.terms(Analysis.EN, english));
    }

    /** A glossary's English term as a pattern: whole words, case-insensitive, a plural s/es allowed. */
    static Pattern englishPattern(String term) {
        String body = Pattern.quote(term).replace("-", "\\E[\\s-]?\\Q").replace(" ", "\\E[\\s-]+\\Q");
        return Pattern.compile("(?<![A-Za-z0-9])" + body + "(?:s|es)?(?![A-Za-z0-9])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static boolean free(boolean[] taken, int from, int to) {
        for (int i = from; i < to; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }

    private static void mark(boolean[] taken, int from, int to) {
        for (int i = from; i < to; i++) {
            taken[i] = true;
        }
    }

    // ---- the workspace term list ----

    static Path termsFile(Workspace ws) {
        return ws.serviceFolder("knowledge").resolve(TERMS_FILE);
    }

    @Override
    public List<GlossaryEntry> terms(Workspace ws) {
        Path f = termsFile(ws);
        try {
            FileTime modified = Files.getLastModifiedTime(f);
            long size = Files.size(f);
            Cached c = cached;
            if (c != null && c.file().equals(f) && c.modified().equals(modified) && c.size() == size) {
                return c.entries();
            }
            List<GlossaryEntry> entries = List.copyOf(GlossaryEntry.parseAll(Files.readAllLines(f,
                    StandardCharsets.UTF_8)));
            cached = new Cached(f, modified, size, entries);
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IllegalArgumentException e) {
            throw EnclaveException.badInput("The term list " + f + " is not valid, " + e.getMessage()
                    + " (fix the line or remove it with 'enclave terms remove').");
        } catch (IOException e) {
            throw EnclaveException.badInput("The term list " + f + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public synchronized GlossaryEntry addTerm(Workspace ws, Subject subject, GlossaryEntry entry) {
        List<GlossaryEntry> list = new ArrayList<>(terms(ws));
        GlossaryEntry merged = entry;
        for (int i = 0; i < list.size(); i++) {
            GlossaryEntry e = list.get(i);
            if (shares(e, entry)) {
                List<String> en = new ArrayList<>(e.english());
                List<String> zh = new ArrayList<>(e.chinese());
                entry.english().stream().filter(t -> en.stream().noneMatch(t::equalsIgnoreCase)).forEach(en::add);
                entry.chinese().stream().filter(t -> !zh.contains(t)).forEach(zh::add);
                merged = new GlossaryEntry(en, zh);
                list.set(i, merged);
                write(ws, list);
                audit(ws, subject, "knowledge.terms.add", merged.line());
                return merged;
            }
        }
        list.add(entry);
        write(ws, list);
        audit(ws, subject, "knowledge.terms.add", entry.line());
        return merged;
    }

    @Override
    public synchronized int removeTerm(Workspace ws, Subject subject, String term) {
        String t = term == null ? "" : term.strip();
        if (t.isEmpty()) {
            throw EnclaveException.badInput("Name the term to remove (English or Chinese).");
        }
        List<GlossaryEntry> list = new ArrayList<>(terms(ws));
        int before = list.size();
        list.removeIf(e -> e.chinese().contains(t) || e.english().stream().anyMatch(t::equalsIgnoreCase));
        int removed = before - list.size();
        if (removed > 0) {
            write(ws, list);
        }
        audit(ws, subject, "knowledge.terms.remove", t + ": " + removed + " removed");
        return removed;
    }

    private static boolean shares(GlossaryEntry a, GlossaryEntry b) {
        return a.english().stream().anyMatch(x -> b.english().stream().anyMatch(x::equalsIgnoreCase))
                || a.chinese().stream().anyMatch(b.chinese()::contains);
    }

    private void write(Workspace ws, List<GlossaryEntry> list) {
        StringBuilder b = new StringBuilder("# Workspace term list for query translation (enclave terms add|list|remove).\n"
                + "# One entry a line: english term|english synonym… = 中文术语|中文同义词…\n");
        list.forEach(e -> b.append(e.line()).append('\n'));
        FileIO.writeAtomically(termsFile(ws), b.toString());
        cached = null;
    }

    private static void audit(Workspace ws, Subject subject, String action, String detail) {
        ws.auditLog().append(subject.name(), action, TERMS_FILE, AuditEntry.SUCCESS, detail);
    }

    @Override
    public List<String> glossaries() {
        return glossaries.stream().map(Glossary::name).toList();
    }

    @Override
    public int dictionarySize() {
        return dictionary().size();
    }
}
