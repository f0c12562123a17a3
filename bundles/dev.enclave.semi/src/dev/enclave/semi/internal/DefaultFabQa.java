package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.semi.FabQa;

/**
 * {@link FabQa} over the assistant. Retrieval gets the question twice (its own terms weigh
 * double, so they dominate the ranking) followed by the glossary's terms in the other
 * language; the model gets the original question in the fab prompt template. When the
 * expanded question is not answerable from the passages (the assistant measures how many
 * of the question's key terms the passages hold, and the untranslated words of a Chinese
 * question are never in an English passage), the question is asked once more as its
 * glossary translation: the other-language terms plus the question's codes and numbers.
 */
@Component(service = FabQa.class)
public final class DefaultFabQa implements FabQa {
    /** Passages retrieved and offered to the model. */
    static final int TOP = 5;
    /** At most this many terms of the other language are added per glossary entry. */
    static final int TERMS_PER_ENTRY = 2;
    /** The assistant's answers when the passages do not hold the answer. */
    static final String NO_ANSWER_ZH = "文档中没有找到这个问题的答案。";
    static final String NO_ANSWER_EN = "The documents do not contain the answer to this question.";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]*[0-9][A-Za-z0-9._/+-]*");

    private final FabGlossary glossary = FabGlossary.shipped();
    @Reference
    private Assistant assistant;
    @Reference
    private dev.enclave.semi.DefectImages defects;

    /** The glossary in use. */
    public FabGlossary fabGlossary() {
        return glossary;
    }

    @Override
    public ImageAnswer askAboutImage(Workspace workspace, Subject subject, String collection, String question,
            java.nio.file.Path image, Consumer<String> onText, Progress progress) {
        if (question == null || question.isBlank()) {
            throw EnclaveException.badInput("The question is empty.");
        }
        dev.enclave.semi.DefectImages.Result r = defects.classify(workspace, subject, List.of(image),
                Progress.silent()).get(0);
        if (!r.ok()) {
            throw EnclaveException.badInput(r.error());
        }
        List<dev.enclave.semi.DefectImages.Similar> near = defects.similar(workspace, r.embedding(), 3);
        StringBuilder q = new StringBuilder(question.strip()).append(' ').append(r.label());
        String zh = CLASS_ZH.get(r.label());
        if (zh != null) {
            q.append(' ').append(zh);
        }
        near.stream().map(dev.enclave.semi.DefectImages.Similar::lot).filter(java.util.Objects::nonNull).distinct()
                .forEach(lot -> q.append(' ').append(lot));
        Answer a = ask(workspace, subject, collection, q.toString(), onText, progress);
        return new ImageAnswer(r, near, q.toString(), a);
    }

    /** The defect classes' Chinese names, added to a question about an image of that class. */
    private static final java.util.Map<String, String> CLASS_ZH = java.util.Map.of("scratch", "划痕", "pit", "凹坑",
            "bump", "凸起", "crack", "裂纹", "deformation", "变形", "misalignment", "错位", "none", "无缺陷");

    @Override
    public Answer ask(Workspace workspace, Subject subject, String collection, String question, Consumer<String> onText,
            Progress progress) {
        if (question == null || question.isBlank()) {
            throw EnclaveException.badInput("The question is empty.");
        }
        String coll = collection == null || collection.isBlank() ? DEFAULT_COLLECTION : collection;
        String template = PROMPT_TEMPLATE.replace("{question}", question.strip().replace("{sources}", "(sources)"));
        boolean chinese = chinese(question);
        List<String> added = expand(question);
        // The assistant streams its "not in the documents" text in one piece: hold that back, it
        // may be followed by a second try; stream everything else as it comes.
        boolean[] streamed = { false };
        Consumer<String> live = text -> {
            if (!streamed[0] && (text.equals(NO_ANSWER_EN) || text.equals(NO_ANSWER_ZH))) {
                return;
            } else {
                streamed[0] = true;
                emit(onText, text);
            }
        };
        Answer answer = assistant.ask(workspace, subject,
                new AskRequest(coll, expandedQuestion(question), TOP, SearchMode.HYBRID, template), live::accept,
                progress);
        if (!answer.answerable() && !added.isEmpty()) {
            Answer second = assistant.ask(workspace, subject,
                    new AskRequest(coll, translated(question, added), TOP, SearchMode.HYBRID, template), live::accept,
                    progress);
            if (second.answerable()) {
                answer = second;
            }
        }
        if (!answer.answerable()) {
            // In the question's language (the expanded question mixes both).
            String text = chinese ? NO_ANSWER_ZH : NO_ANSWER_EN;
            answer = new Answer(text, false, List.of(), answer.model());
        }
        if (!streamed[0]) {
            emit(onText, answer.answer());
        }
        return answer;
    }

    private static void emit(Consumer<String> onText, String text) {
        if (onText != null && !text.isEmpty()) {
            onText.accept(text);
        }
    }

    static boolean chinese(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** The question in the other language as far as the glossary knows it, with its codes and numbers. */
    static String translated(String question, List<String> added) {
        Set<String> parts = new LinkedHashSet<>(added);
        Matcher m = CODE.matcher(question);
        while (m.find()) {
            parts.add(m.group());
        }
        return String.join(" ", parts);
    }

    @Override
    public List<String> expand(String question) {
        if (question == null) {
            return List.of();
        }
        String lower = question.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (FabGlossary.Match m : glossary.find(question)) {
            List<String> other = m.english() ? m.entry().chinese() : m.entry().english();
            int n = 0;
            for (String t : other) {
                if (n >= TERMS_PER_ENTRY) {
                    break;
                }
                if (!lower.contains(t.toLowerCase(Locale.ROOT))) {
                    out.add(t);
                    n++;
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String expandedQuestion(String question) {
        List<String> added = expand(question);
        if (added.isEmpty()) {
            return question;
        }
        String q = question.strip();
        return q + "\n" + q + "\n" + String.join(" ", added);
    }

    @Override
    public Map<String, List<String>> glossary() {
        return FabGlossary.asMap(glossary.entries());
    }

    @Override
    public Map<String, List<String>> lookup(String term) {
        return FabGlossary.asMap(term == null ? new ArrayList<>() : glossary.lookup(term));
    }
}
