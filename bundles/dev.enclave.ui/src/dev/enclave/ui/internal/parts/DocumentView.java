package dev.enclave.ui.internal.parts;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import dev.enclave.knowledge.TextRegion;
import dev.enclave.ui.LibraryEvents.DocumentSpan;
import dev.enclave.ui.PageImageView;
import dev.enclave.ui.internal.Messages;
import dev.enclave.ui.WidgetIds;

/**
 * The Library's document view: a document's extracted text with one span highlighted and
 * scrolled into view, under a title naming the document and the span; for a scanned document, below
 * the text the page image with the span's lines highlighted ({@link PageImageView}). Shows what it
 * is given; the part reads the text and renders the page through the services. UI thread only.
 */
final class DocumentView {
    private final Label title;
    private final StyledText text;
    private final SashForm split;
    private final PageImageView page;

    DocumentView(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        box.setLayout(new GridLayout(1, false));
        title = Widgets.label(box, Messages.get("library.viewEmpty"), 1);
        Widgets.cssClass(title, "EnclaveTitle");
        WidgetIds.set(title, "library.viewTitle");
        split = new SashForm(box, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        text = new StyledText(split, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY);
        text.setMargins(6, 6, 6, 6);
        WidgetIds.set(text, "library.view");
        page = new PageImageView(split, "library");
        split.setWeights(40, 60);
        split.setMaximizedControl(text);
    }

    /** The page image under the text. */
    PageImageView page() {
        return page;
    }

    /** Shows a scanned page with {@code regions} highlighted under the text. */
    void showPage(ImageData image, List<TextRegion> regions, String caption) {
        page.show(image, regions, caption);
        split.setMaximizedControl(null);
    }

    /** Shows, where the page image would be, why there is none yet or at all. */
    void pageMessage(String message) {
        page.message(message);
        split.setMaximizedControl(null);
    }

    /** Hides the page image (a document whose file held its text). */
    void hidePage() {
        page.message("");
        split.setMaximizedControl(text);
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
        hidePage();
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
