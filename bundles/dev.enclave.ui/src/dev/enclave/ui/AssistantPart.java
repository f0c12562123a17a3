package dev.enclave.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.Citation;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.internal.parts.Conversation;
import dev.enclave.ui.internal.parts.Exchange;
import dev.enclave.ui.internal.parts.PartJob;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Assistant part: questions to a knowledge collection (chosen with the retrieval mode), the
 * answer streamed into the conversation as it is written, citations shown as links {@code [n]}
 * that show the cited passage below the conversation (and open the Library's document view at
 * the cited span), cancel, and copy or export of an answer with its sources as Markdown. The
 * conversation is kept for the session. The {@link Assistant} service answers (and audits) every
 * question; the part only shows it.
 * <p>
 * Packs reuse the part for their own question answering by subclassing it (the subclass is the
 * part's contribution class in the pack's model fragment) and overriding {@link #answer},
 * {@link #preferredCollection()}, {@link #offersModes()} and {@link #opensLibrary()}.
 */
public class AssistantPart {
    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    @Inject
    KnowledgeBase kb;

    @Inject
    Assistant assistant;

    @Inject
    UISynchronize sync;

    @Inject
    @Optional
    IEventBroker broker;

    @Inject
    @Optional
    EPartService partService;

    private Combo collection;
    private Combo mode;
    private Conversation conversation;
    private Text question;
    private Button ask;
    private Button cancel;
    private Button copy;
    private Button export;
    private ProgressBar progressBar;
    private Label status;
    private StyledText passage;
    private Job running;
    /** The last finished exchange, for copy and export. */
    private Exchange last;

    /** A citation link in the conversation: its characters and the passage it opens. */
    public record Link(int start, int end, String collection, Citation citation) {
    }

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(6, false));
        new Label(parent, SWT.NONE).setText(Messages.get("assistant.collection"));
        collection = new Combo(parent, SWT.READ_ONLY);
        GridData cd = new GridData(SWT.FILL, SWT.CENTER, false, false);
        cd.widthHint = 180;
        collection.setLayoutData(cd);
        Label modeLabel = new Label(parent, SWT.NONE);
        modeLabel.setText(Messages.get("assistant.mode"));
        mode = new Combo(parent, SWT.READ_ONLY);
        mode.setItems("hybrid", "bm25", "vector");
        mode.select(0);
        if (!offersModes()) {
            for (Control c : new Control[] { modeLabel, mode }) {
                GridData hidden = new GridData();
                hidden.exclude = true;
                c.setLayoutData(hidden);
                c.setVisible(false);
            }
        }
        Button refresh = new Button(parent, SWT.PUSH);
        refresh.setText(Messages.get("library.refresh"));
        refresh.addListener(SWT.Selection, e -> refreshCollections());
        new Label(parent, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        conversation = new Conversation(parent, this::openCitation);
        conversation.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        progressBar = new ProgressBar(parent, SWT.HORIZONTAL | SWT.INDETERMINATE);
        progressBar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        progressBar.setVisible(false);
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        passage = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        GridData pd = new GridData(SWT.FILL, SWT.FILL, true, false, 6, 1);
        pd.heightHint = 110;
        passage.setLayoutData(pd);
        passage.setMargins(6, 6, 6, 6);
        passage.setText(Messages.get("assistant.passageHint"));

        question = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData qd = new GridData(SWT.FILL, SWT.FILL, true, false, 6, 1);
        qd.heightHint = 48;
        question.setLayoutData(qd);
        question.setMessage(Messages.get("assistant.questionHint"));
        question.addListener(SWT.KeyDown, e -> {
            if ((e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR) && (e.stateMask & SWT.MOD1) != 0) {
                e.doit = false;
                ask();
            }
        });
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.marginLeft = 0;
        row.marginTop = 0;
        buttons.setLayout(row);
        ask = button(buttons, "assistant.ask", true, this::ask);
        cancel = button(buttons, "library.cancel", false, this::cancel);
        copy = button(buttons, "assistant.copy", false, this::copyAnswer);
        export = button(buttons, "assistant.export", false, () -> {
            Path file = FileChoosers.save(parent.getShell(), "assistant.export", "answer.md", "*.md");
            if (file != null) {
                exportMarkdown(file);
            }
        });
        refreshCollections();
    }

    private static Button button(Composite parent, String key, boolean enabled, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(Messages.get(key));
        b.setEnabled(enabled);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    @Focus
    void focus() {
        question.setFocus();
    }

    /**
     * Answers a request, streaming the answer's text to {@code onText}; runs in a background job.
     * The default asks the {@link Assistant} service; packs answer through their own service.
     */
    protected Answer answer(Workspace ws, Subject who, AskRequest request, Consumer<String> onText,
            Progress progress) {
        return assistant.ask(ws, who, request, onText::accept, progress);
    }

    /** The collection chosen when the part opens, if it exists; {@code null} for the first one. */
    protected String preferredCollection() {
        return null;
    }

    /** Whether the retrieval mode can be chosen (it is passed in the {@link AskRequest}). */
    protected boolean offersModes() {
        return true;
    }

    /** Whether a click on a citation also opens the Library part's document view at the span. */
    protected boolean opensLibrary() {
        return true;
    }

    /** A note added to the status line after an answer (for example the query expansion); {@code null} for none. */
    protected String answeredNote() {
        return null;
    }

    /** Re-reads the collection names, keeping the chosen one. */
    public void refreshCollections() {
        if (workspace == null) {
            show(Messages.get("library.noWorkspace"));
            return;
        }
        String current = collection.getText();
        List<String> names = kb.collections(workspace);
        collection.setItems(names.toArray(String[]::new));
        int i = names.indexOf(current.isEmpty() && preferredCollection() != null ? preferredCollection() : current);
        collection.select(i >= 0 ? i : 0);
        if (names.isEmpty()) {
            show(Messages.get("assistant.noCollections"));
        }
    }

    /** Chooses the collection and retrieval mode of the next question. */
    public void setUp(String collectionName, SearchMode searchMode) {
        refreshCollections();
        collection.setText(collectionName);
        mode.setText(searchMode.name().toLowerCase(Locale.ROOT));
    }

    /** Puts a question into the question box. */
    public void setQuestion(String text) {
        question.setText(text);
    }

    /**
     * Asks the question in the box as a Job: the answer streams into the conversation, then is
     * replaced by the checked answer with its citation links and sources.
     *
     * @return the Job, or null when nothing was started (the status line says why)
     */
    public Job ask() {
        String q = question.getText().trim();
        String name = collection.getText();
        if (running != null) {
            return null;
        }
        if (workspace == null || subject == null || name.isEmpty() || q.isEmpty()) {
            show(Messages.get("assistant.missing"));
            return null;
        }
        AskRequest request = new AskRequest(name, q, 5, SearchMode.parse(mode.getText()), null);
        conversation.ask(q);
        question.setText("");
        setRunning(true);
        show(Messages.get("assistant.thinking"));
        running = PartJob.start(Messages.get("assistant.ask"), sync, null,
                progress -> answer(workspace, subject, request, piece -> sync.asyncExec(() -> {
                    if (!progress.isCanceled()) {
                        conversation.stream(piece);
                    }
                }), progress), (answer, error, cancelled) -> {
                    if (conversation.isDisposed()) {
                        return;
                    }
                    if (!cancelled && error == null) {
                        last = new Exchange(q, name, answer);
                    }
                    setRunning(false);
                    if (cancelled) {
                        conversation.cancelled();
                        show(Messages.get("assistant.cancelled"));
                    } else if (error != null) {
                        conversation.failed(Messages.get("library.failed", error.getMessage()));
                        show(Messages.get("library.failed", error.getMessage()));
                    } else {
                        conversation.answer(name, answer);
                        String note = answeredNote();
                        show(Messages.get("assistant.answered", answer.citations().size(), answer.model())
                                + (answer.hidden() > 0 ? "  " + Messages.get("assistant.hidden", answer.hidden()) : "")
                                + (note == null ? "" : "  " + note));
                    }
                });
        return running;
    }

    /** Stops the question being answered. */
    public void cancel() {
        Job job = running;
        if (job != null) {
            job.cancel();
        }
    }

    private void setRunning(boolean on) {
        if (!on) {
            running = null;
        }
        progressBar.setVisible(on);
        ask.setEnabled(!on);
        cancel.setEnabled(on);
        copy.setEnabled(!on && last != null);
        export.setEnabled(!on && last != null);
    }

    /**
     * What a click on a citation link does: shows the cited passage (source, span and text)
     * below the conversation and, when {@link #opensLibrary()}, shows the Library part and posts
     * {@link LibraryEvents#OPEN_DOCUMENT} so that its document view opens at the span.
     */
    public void openCitation(Link link) {
        Citation c = link.citation();
        String head = "[" + c.number() + "] " + c.source() + "  [" + c.start() + ", " + c.end() + ")\n";
        passage.setText(head + c.text().strip());
        passage.setStyleRange(new StyleRange(0, head.length() - 1, null, null, SWT.BOLD));
        if (!opensLibrary()) {
            return;
        }
        if (partService != null) {
            partService.showPart(LibraryEvents.LIBRARY_PART_ID, PartState.VISIBLE);
        }
        if (broker == null) {
            show(Messages.get("assistant.noLibrary"));
            return;
        }
        broker.post(LibraryEvents.OPEN_DOCUMENT,
                new DocumentSpan(link.collection(), c.docId(), c.source(), c.start(), c.end()));
    }

    /** The conversation's links, in order. */
    public List<Link> links() {
        return conversation.links();
    }

    /** The conversation's text, the status line and the passage shown. */
    public String[] shown() {
        return new String[] { conversation.text(), status.getText(), passage.getText() };
    }

    /** Whether a question is being answered. */
    public boolean busy() {
        return running != null;
    }

    /** The last answer with its question and sources, as Markdown; null before the first answer. */
    public String answerMarkdown() {
        return last == null ? null : last.markdown();
    }

    /** Copies the last answer with its sources (Markdown) to the clipboard. */
    public void copyAnswer() {
        if (last != null) {
            last.copy(status.getDisplay());
            show(Messages.get("assistant.copied"));
        }
    }

    /** Writes the last answer with its sources as Markdown to {@code file}. */
    public void exportMarkdown(Path file) {
        if (last == null) {
            return;
        }
        try {
            last.export(file);
            show(Messages.get("assistant.exported", file));
        } catch (IOException e) {
            show(Messages.get("assistant.exportFailed", file, e.getMessage()));
        }
    }

    private void show(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.getParent().layout(true, true);
        }
    }
}
