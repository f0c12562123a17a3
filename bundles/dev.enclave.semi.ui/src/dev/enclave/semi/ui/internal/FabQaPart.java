package dev.enclave.semi.ui.internal;

import java.util.List;
import java.util.function.Consumer;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.FabQa;
import dev.enclave.ui.AssistantPart;
import jakarta.inject.Inject;

/**
 * Fab Q&amp;A: the workbench's assistant on a fab collection ({@code fab} by default), answering
 * through the pack's {@link FabQa} service: the question is expanded with the bilingual fab
 * glossary and answered with the fab prompt template; citations show the cited passage
 * (source, span and text) below the conversation.
 */
public final class FabQaPart extends AssistantPart {
    @Inject
    FabQa fabQa;

    private volatile List<String> lastExpansion = List.of();

    @Override
    protected Answer answer(Workspace ws, Subject who, AskRequest request, Consumer<String> onText, Progress progress) {
        lastExpansion = fabQa.expand(request.question());
        return fabQa.ask(ws, who, request.collection(), request.question(), onText, progress);
    }

    @Override
    protected String preferredCollection() {
        return FabQa.DEFAULT_COLLECTION;
    }

    /** FabQa retrieves with its own (hybrid) mode over the expanded question. */
    @Override
    protected boolean offersModes() {
        return false;
    }

    /** The Library part lives in the Workbench perspective; the passage is shown here. */
    @Override
    protected boolean opensLibrary() {
        return false;
    }

    @Override
    protected String answeredNote() {
        List<String> terms = lastExpansion;
        return terms.isEmpty() ? null : Messages.get("qa.expanded", String.join(", ", terms));
    }
}
