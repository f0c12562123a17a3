package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
 * {@link FabQa} over the assistant: the question as asked, in the fab prompt template. Fab terms
 * reach passages of the other language through the knowledge base's query translation, to which
 * this pack's glossary is a contribution ({@link FabGlossaryContribution}); {@link #expand} and
 * {@link #expandedQuestion} show what the glossary adds, for the glossary command and the views.
 */
@Component(service = FabQa.class)
public final class DefaultFabQa implements FabQa {
    /** Passages retrieved and offered to the model. */
    static final int TOP = 5;
    /** At most this many terms of the other language are added per glossary entry. */
    static final int TERMS_PER_ENTRY = 2;

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
        // The question goes as it is: the knowledge base translates fab terms both ways through this
        // pack's glossary (a QueryTranslation contribution), and the assistant counts a key term held
        // in translation. Adding the glossary's terms to the question here counted them twice, and a
        // question asked as its translated terms alone lost the words the glossary does not know
        // ("boiling point"), so an unanswerable question got an answer.
        Answer answer = assistant.ask(workspace, subject,
                new AskRequest(coll, question.strip(), TOP, SearchMode.HYBRID, template), t -> emit(onText, t),
                progress);
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
