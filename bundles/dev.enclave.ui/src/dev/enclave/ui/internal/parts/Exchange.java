package dev.enclave.ui.internal.parts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Display;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.Citation;
import dev.enclave.ui.internal.Messages;

/**
 * A question the Assistant answered, with the collection it was asked of: what Copy and Export
 * write, as Markdown with the answer's sources quoted.
 *
 * @param question   the question as asked
 * @param collection the collection it was asked of
 * @param answer     the checked answer
 */
public record Exchange(String question, String collection, Answer answer) {

    /** The question, the answer, each source with its span and quoted text, and who answered. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(question.replace('\n', ' ')).append("\n\n");
        md.append(answer.answer()).append("\n\n");
        if (!answer.citations().isEmpty()) {
            md.append("### ").append(Messages.get("assistant.sourcesTitle")).append("\n\n");
            for (Citation c : answer.citations()) {
                md.append("[").append(c.number()).append("] `").append(c.source()).append("` [").append(c.start())
                        .append(", ").append(c.end()).append(")\n\n");
                for (String line : c.text().strip().split("\n")) {
                    md.append("> ").append(line).append('\n');
                }
                md.append('\n');
            }
        }
        md.append("_").append(Messages.get("assistant.mdFooter", collection, answer.model())).append("_\n");
        return md.toString();
    }

    /** Puts the {@link #markdown()} on the clipboard as text. UI thread. */
    public void copy(Display display) {
        Clipboard clipboard = new Clipboard(display);
        try {
            clipboard.setContents(new Object[] { markdown() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }

    /** Writes the {@link #markdown()} to {@code file} (UTF-8), replacing it. */
    public void export(Path file) throws IOException {
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }
}
