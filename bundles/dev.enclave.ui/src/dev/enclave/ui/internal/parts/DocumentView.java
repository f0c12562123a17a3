package dev.enclave.ui.internal.parts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.WidgetIds;

/**
 * The Library's document view: a document's extracted text with one span highlighted and
 * scrolled into view, under a title naming the document and the span. Shows what it is given;
 * the part reads the text through the knowledge base. UI thread only.
 */
final class DocumentView {
    private final Label title;
    private final StyledText text;

    DocumentView(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new GridLayout(1, false));
        title = Widgets.label(box, Messages.get("library.viewEmpty"), 1);
        Widgets.cssClass(title, "EnclaveTitle");
        WidgetIds.set(title, "library.viewTitle");
        text = new StyledText(box, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        text.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        text.setMargins(6, 6, 6, 6);
        WidgetIds.set(text, "library.view");
    }

    /** The text widget (a drop target too). */
    StyledText control() {
        return text;
    }

    boolean isDisposed() {
        return text.isDisposed();
    }

    /** Shows nothing but the hint. */
    void clear() {
        text.setText("");
        title.setText(Messages.get("library.viewEmpty"));
    }

    /**
     * Shows {@code document} with {@code [start, end)} of {@code span} highlighted (clamped to the
     * text; an empty span highlights nothing and shows the top).
     */
    void show(DocumentSpan span, String document) {
        text.setText(document);
        int start = Math.max(0, Math.min(span.start(), document.length()));
        int end = Math.max(start, Math.min(span.end(), document.length()));
        String name = LibraryText.fileName(span.source());
        title.setText(end > start ? Messages.get("library.viewSpan", name, start, end)
                : Messages.get("library.viewDocument", name, document.length()));
        title.setToolTipText(span.source());
        if (end > start) {
            StyleRange range = new StyleRange(start, end - start, null,
                    text.getDisplay().getSystemColor(SWT.COLOR_YELLOW));
            range.foreground = text.getDisplay().getSystemColor(SWT.COLOR_BLACK);
            text.setStyleRange(range);
            text.setSelection(start);
            text.setTopIndex(Math.max(0, text.getLineAtOffset(start) - 2));
        } else {
            text.setTopIndex(0);
        }
        title.getParent().layout(true, true);
    }
}
