package dev.enclave.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
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
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.Citation;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.core.Progress;
import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.UiProgress;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Assistant part: questions to a knowledge collection (chosen with the retrieval mode), the
 * answer streamed into the conversation as it is written, citations shown as links {@code [n]}
 * that show the cited passage below the conversation (and open the Library's document view at
 * the cited span), cancel, and copy or export of an answer with its sources as Markdown. The
 * conversation is kept for the session.
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
    private StyledText chat;
    private Text question;
    private Button ask;
    private Button cancel;
    private Button copy;
    private Button export;
    private ProgressBar progressBar;
    private Label status;
    private StyledText passage;
    private Job running;
    /** Where the answer being written starts in the conversation. */
    private int answerStart;
    /** The last finished exchange, for copy and export. */
    private String lastQuestion;
    private Answer lastAnswer;
    private String lastCollection;
    /** The citation links in the conversation. */
    private final List<Link> links = new ArrayList<>();

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
            modeLabel.setLayoutData(hidden());
            mode.setLayoutData(hidden());
            modeLabel.setVisible(false);
            mode.setVisible(false);
        }
        Button refresh = new Button(parent, SWT.PUSH);
        refresh.setText(Messages.get("library.refresh"));
        refresh.addListener(SWT.Selection, e -> refreshCollections());
        new Label(parent, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        chat = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        chat.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        chat.setMargins(8, 8, 8, 8);
        chat.addListener(SWT.MouseUp, e -> {
            if (e.button != 1) {
                return;
            }
            int offset = chat.getOffsetAtPoint(new Point(e.x, e.y));
            Link link = linkAt(offset);
            if (link != null) {
                openCitation(link);
            }
        });
        chat.addListener(SWT.MouseMove, e -> {
            int offset = chat.getOffsetAtPoint(new Point(e.x, e.y));
            chat.setCursor(linkAt(offset) == null ? null : chat.getDisplay().getSystemCursor(SWT.CURSOR_HAND));
        });
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
        ask = new Button(buttons, SWT.PUSH);
        ask.setText(Messages.get("assistant.ask"));
        ask.addListener(SWT.Selection, e -> ask());
        cancel = new Button(buttons, SWT.PUSH);
        cancel.setText(Messages.get("library.cancel"));
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, e -> cancel());
        copy = new Button(buttons, SWT.PUSH);
        copy.setText(Messages.get("assistant.copy"));
        copy.setEnabled(false);
        copy.addListener(SWT.Selection, e -> copyAnswer());
        export = new Button(buttons, SWT.PUSH);
        export.setText(Messages.get("assistant.export"));
        export.setEnabled(false);
        export.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), SWT.SAVE);
            d.setFilterExtensions(new String[] { "*.md" });
            d.setFileName("answer.md");
            d.setOverwrite(true);
            String file = d.open();
            if (file != null) {
                exportMarkdown(Path.of(file));
            }
        });
        refreshCollections();
    }

    @Focus
    void focus() {
        question.setFocus();
    }

    private static GridData hidden() {
        GridData d = new GridData();
        d.exclude = true;
        return d;
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
        appendStyled(Messages.get("assistant.you") + " ", SWT.BOLD);
        chat.append(q + "\n");
        appendStyled(Messages.get("assistant.assistant") + " ", SWT.BOLD);
        answerStart = chat.getCharCount();
        question.setText("");
        setRunning(true);
        show(Messages.get("assistant.thinking"));
        Job job = Job.create(Messages.get("assistant.ask"), monitor -> {
            UiProgress progress = new UiProgress(monitor);
            Answer answer = null;
            RuntimeException error = null;
            try {
                answer = answer(workspace, subject, request, piece -> sync.asyncExec(() -> {
                    if (!chat.isDisposed() && !monitor.isCanceled()) {
                        chat.append(piece);
                        chat.setTopIndex(chat.getLineCount() - 1);
                    }
                }), progress);
            } catch (RuntimeException e) {
                error = e;
            }
            Answer a = answer;
            RuntimeException err = error;
            boolean cancelled = monitor.isCanceled();
            sync.asyncExec(() -> {
                if (chat.isDisposed()) {
                    return;
                }
                setRunning(false);
                if (cancelled) {
                    chat.append("\n" + Messages.get("assistant.cancelled") + "\n\n");
                    show(Messages.get("assistant.cancelled"));
                } else if (err != null) {
                    chat.replaceTextRange(answerStart, chat.getCharCount() - answerStart,
                            Messages.get("library.failed", err.getMessage()) + "\n\n");
                    show(Messages.get("library.failed", err.getMessage()));
                } else {
                    showAnswer(q, name, a);
                }
            });
            return Status.OK_STATUS;
        });
        job.setUser(true);
        running = job;
        job.schedule();
        return job;
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
        copy.setEnabled(!on && lastAnswer != null);
        export.setEnabled(!on && lastAnswer != null);
    }

    /** Replaces the streamed text with the checked answer, its citation links and its sources. */
    private void showAnswer(String q, String name, Answer a) {
        chat.replaceTextRange(answerStart, chat.getCharCount() - answerStart, "");
        String text = a.answer();
        int base = chat.getCharCount();
        chat.append(text + "\n");
        for (Citation c : a.citations()) {
            String marker = "[" + c.number() + "]";
            for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
                addLink(base + i, marker.length(), name, c);
            }
        }
        if (!a.citations().isEmpty()) {
            appendStyled(Messages.get("assistant.sources") + "\n", SWT.ITALIC);
            for (Citation c : a.citations()) {
                String marker = "[" + c.number() + "]";
                int at = chat.getCharCount();
                chat.append(marker + " " + c.source() + "  [" + c.start() + ", " + c.end() + ")\n");
                addLink(at, marker.length(), name, c);
            }
        }
        if (!a.answerable()) {
            appendStyled(Messages.get("assistant.notAnswerable") + "\n", SWT.ITALIC);
        }
        chat.append("\n");
        chat.setTopIndex(Math.max(0, chat.getLineAtOffset(base) - 1));
        lastQuestion = q;
        lastAnswer = a;
        lastCollection = name;
        copy.setEnabled(true);
        export.setEnabled(true);
        String note = answeredNote();
        show(Messages.get("assistant.answered", a.citations().size(), a.model()) + (note == null ? "" : "  " + note));
    }

    private void addLink(int start, int length, String name, Citation c) {
        StyleRange r = new StyleRange();
        r.start = start;
        r.length = length;
        r.underline = true;
        r.underlineStyle = SWT.UNDERLINE_LINK;
        r.foreground = chat.getDisplay().getSystemColor(SWT.COLOR_LINK_FOREGROUND);
        r.data = c;
        chat.setStyleRange(r);
        links.add(new Link(start, start + length, name, c));
    }

    private void appendStyled(String text, int fontStyle) {
        int at = chat.getCharCount();
        chat.append(text);
        StyleRange r = new StyleRange(at, text.length(), null, null, fontStyle);
        chat.setStyleRange(r);
    }

    private Link linkAt(int offset) {
        if (offset < 0) {
            return null;
        }
        for (Link l : links) {
            if (offset >= l.start() && offset < l.end()) {
                return l;
            }
        }
        return null;
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
        return List.copyOf(links);
    }

    /** The conversation's text, the status line and the passage shown. */
    public String[] shown() {
        return new String[] { chat.getText(), status.getText(), passage.getText() };
    }

    /** Whether a question is being answered. */
    public boolean busy() {
        return running != null;
    }

    /** The last answer with its question and sources, as Markdown; null before the first answer. */
    public String answerMarkdown() {
        if (lastAnswer == null) {
            return null;
        }
        StringBuilder md = new StringBuilder();
        md.append("## ").append(lastQuestion.replace('\n', ' ')).append("\n\n");
        md.append(lastAnswer.answer()).append("\n\n");
        if (!lastAnswer.citations().isEmpty()) {
            md.append("### ").append(Messages.get("assistant.sourcesTitle")).append("\n\n");
            for (Citation c : lastAnswer.citations()) {
                md.append("[").append(c.number()).append("] `").append(c.source()).append("` [").append(c.start())
                        .append(", ").append(c.end()).append(")\n\n");
                for (String line : c.text().strip().split("\n")) {
                    md.append("> ").append(line).append('\n');
                }
                md.append('\n');
            }
        }
        md.append("_").append(Messages.get("assistant.mdFooter", lastCollection, lastAnswer.model())).append("_\n");
        return md.toString();
    }

    /** Copies the last answer with its sources (Markdown) to the clipboard. */
    public void copyAnswer() {
        String md = answerMarkdown();
        if (md == null) {
            return;
        }
        Clipboard clipboard = new Clipboard(chat.getDisplay());
        try {
            clipboard.setContents(new Object[] { md }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
        show(Messages.get("assistant.copied"));
    }

    /** Writes the last answer with its sources as Markdown to {@code file}. */
    public void exportMarkdown(Path file) {
        String md = answerMarkdown();
        if (md == null) {
            return;
        }
        try {
            Files.writeString(file, md, StandardCharsets.UTF_8);
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
