package dev.enclave.ui.internal.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.Citation;
import dev.enclave.ui.AssistantPart.Link;
import dev.enclave.ui.internal.Messages;

/**
 * The Assistant's conversation: each question, then its answer streamed as the service writes it
 * and replaced by the checked answer, whose citation markers {@code [n]} (in the text and in the
 * list of sources) are links. A click on a link is handed to the part. UI thread only.
 */
public final class Conversation {
    private final StyledText chat;
    private final List<Link> links = new ArrayList<>();
    /** Where the answer being written starts. */
    private int answerStart;

    /** The conversation's text under {@code parent}; {@code onLink} receives a clicked link. */
    public Conversation(Composite parent, Consumer<Link> onLink) {
        chat = new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        chat.setMargins(8, 8, 8, 8);
        chat.addListener(SWT.MouseUp, e -> {
            Link link = e.button == 1 ? linkAt(chat.getOffsetAtPoint(new Point(e.x, e.y))) : null;
            if (link != null) {
                onLink.accept(link);
            }
        });
        chat.addListener(SWT.MouseMove, e -> chat.setCursor(linkAt(chat.getOffsetAtPoint(new Point(e.x, e.y))) == null
                ? null : chat.getDisplay().getSystemCursor(SWT.CURSOR_HAND)));
    }

    /** The text widget, for layout. */
    public StyledText control() {
        return chat;
    }

    /** Whether the widget is gone (the part was closed). */
    public boolean isDisposed() {
        return chat.isDisposed();
    }

    /** Starts an exchange: the question, and the place where its answer is written. */
    public void ask(String question) {
        appendStyled(Messages.get("assistant.you") + " ", SWT.BOLD);
        chat.append(question + "\n");
        appendStyled(Messages.get("assistant.assistant") + " ", SWT.BOLD);
        answerStart = chat.getCharCount();
    }

    /** Appends a piece of the answer being written and scrolls to it. */
    public void stream(String piece) {
        if (!chat.isDisposed()) {
            chat.append(piece);
            chat.setTopIndex(chat.getLineCount() - 1);
        }
    }

    /** Ends the exchange as cancelled, keeping what was written. */
    public void cancelled() {
        chat.append("\n" + Messages.get("assistant.cancelled") + "\n\n");
    }

    /** Replaces what was written of the answer with what went wrong. */
    public void failed(String message) {
        chat.replaceTextRange(answerStart, chat.getCharCount() - answerStart, message + "\n\n");
    }

    /** Replaces the streamed text with the checked answer, its citation links and its sources. */
    public void answer(String collection, Answer a) {
        chat.replaceTextRange(answerStart, chat.getCharCount() - answerStart, "");
        String text = a.answer();
        int base = chat.getCharCount();
        chat.append(text + "\n");
        for (Citation c : a.citations()) {
            String marker = "[" + c.number() + "]";
            for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
                addLink(base + i, marker.length(), collection, c);
            }
        }
        if (!a.citations().isEmpty()) {
            appendStyled(Messages.get("assistant.sources") + "\n", SWT.ITALIC);
            for (Citation c : a.citations()) {
                String marker = "[" + c.number() + "]";
                int at = chat.getCharCount();
                chat.append(marker + " " + c.source() + "  [" + c.start() + ", " + c.end() + ")\n");
                addLink(at, marker.length(), collection, c);
            }
        }
        if (!a.answerable()) {
            appendStyled(Messages.get("assistant.notAnswerable") + "\n", SWT.ITALIC);
        }
        chat.append("\n");
        chat.setTopIndex(Math.max(0, chat.getLineAtOffset(base) - 1));
    }

    /** The citation links, in the order they were written. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    /** The whole conversation as text. */
    public String text() {
        return chat.getText();
    }

    private void addLink(int start, int length, String collection, Citation c) {
        StyleRange r = new StyleRange();
        r.start = start;
        r.length = length;
        r.underline = true;
        r.underlineStyle = SWT.UNDERLINE_LINK;
        r.foreground = chat.getDisplay().getSystemColor(SWT.COLOR_LINK_FOREGROUND);
        r.data = c;
        chat.setStyleRange(r);
        links.add(new Link(start, start + length, collection, c));
    }

    private void appendStyled(String text, int fontStyle) {
        int at = chat.getCharCount();
        chat.append(text);
        chat.setStyleRange(new StyleRange(at, text.length(), null, null, fontStyle));
    }

    private Link linkAt(int offset) {
        for (Link l : links) {
            if (offset >= l.start() && offset < l.end()) {
                return l;
            }
        }
        return null;
    }
}
