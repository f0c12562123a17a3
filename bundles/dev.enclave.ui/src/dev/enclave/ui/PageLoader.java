package dev.enclave.ui;

import java.nio.file.Path;
import java.util.function.BiConsumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Display;

import dev.enclave.knowledge.DocumentParsers;

/**
 * Renders the pages a {@link PageImageView} shows, off the UI thread through {@link DocumentParsers#renderPage},
 * keeping the page rendered last (a part moving between spans of one page renders it once) and never rendering a
 * page twice at the same time. One per part; UI thread only.
 */
public final class PageLoader {
    /** The width pages are rendered at: sharp at a view's usual widths, about 0.3 MB of pixels a page. */
    public static final int WIDTH = 1000;

    private String renderedKey;
    private ImageData rendered;
    private String loadingKey;

    /** The page's image when it is the page rendered last, else {@code null}. */
    public ImageData cached(Path file, int page) {
        return key(file, page).equals(renderedKey) ? rendered : null;
    }

    /** Whether the page is being rendered now. */
    public boolean loading(Path file, int page) {
        return key(file, page).equals(loadingKey);
    }

    /**
     * Renders the page in a system Job unless it is being rendered already; then, on the UI thread, keeps it as the
     * page rendered last and calls {@code done} with the image, or with {@code null} and the error's message.
     */
    public void load(Display display, DocumentParsers parsers, Path file, int page, String jobName,
            BiConsumer<ImageData, String> done) {
        String key = key(file, page);
        if (key.equals(loadingKey)) {
            return;
        }
        loadingKey = key;
        Job job = Job.create(jobName, monitor -> {
            ImageData image = null;
            String error = null;
            try {
                image = PageImageView.imageData(parsers.renderPage(file, page, WIDTH));
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
            ImageData result = image;
            String failed = error;
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    loadingKey = null;
                    if (result != null) {
                        renderedKey = key;
                        rendered = result;
                    }
                    done.accept(result, failed);
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private static String key(Path file, int page) {
        return file + "#" + page;
    }
}
