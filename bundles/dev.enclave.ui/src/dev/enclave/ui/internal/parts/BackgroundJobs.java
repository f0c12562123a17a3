package dev.enclave.ui.internal.parts;

import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.widgets.Widget;

import dev.enclave.core.Progress;
import dev.enclave.ui.internal.Messages;

/**
 * Runs a part's work as a user Job and hands the result (or the failure, as a status line) back
 * to the UI thread, unless the part's widgets are gone by then.
 */
final class BackgroundJobs {
    private final UISynchronize sync;
    private final Widget alive;
    private final Consumer<String> show;

    /**
     * @param alive the widget whose disposal means the part is gone
     * @param show  shows a status line (UI thread)
     */
    BackgroundJobs(UISynchronize sync, Widget alive, Consumer<String> show) {
        this.sync = sync;
        this.alive = alive;
        this.show = show;
    }

    /**
     * Runs {@code work} as a Job named {@code name} ({@link PartJob}); {@code onDone} gets its result on
     * the UI thread, a failure becomes the status line.
     */
    <T> void run(String name, Function<Progress, T> work, Consumer<T> onDone) {
        show.accept(name + " …");
        PartJob.start(name, sync, null, work, (result, error, cancelled) -> {
            if (alive.isDisposed()) {
                return;
            }
            if (error != null) {
                show.accept(Messages.get("models.failed", error.getMessage()));
            } else {
                onDone.accept(result);
            }
        });
    }

    /** Runs {@code r} on the UI thread while the part is there. */
    void later(Runnable r) {
        sync.asyncExec(() -> {
            if (!alive.isDisposed()) {
                r.run();
            }
        });
    }
}
