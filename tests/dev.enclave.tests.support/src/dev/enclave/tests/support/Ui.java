package dev.enclave.tests.support;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;

/**
 * The display loop for UI tests under Xvfb: spin it, wait on it for a condition or a job, and
 * create a part with injection as the workbench does. Call on the display's thread.
 */
public final class Ui {
    /** How long {@link #spinUntil} waits before the test fails: jobs load models and embed texts. */
    public static final long TIMEOUT_MS = 180_000;

    private Ui() {
    }

    /** Runs the event loop for {@code millis}, so layouts and paints happen. */
    public static void spin(Display display, long millis) {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                sleep(10);
            }
        }
    }

    /** Dispatches every event queued now (asyncExec updates, paints). */
    public static void drain(Display display) {
        while (display.readAndDispatch()) {
            // the queued events
        }
    }

    /**
     * Runs the event loop until {@code done} holds.
     *
     * @throws AssertionError after {@link #TIMEOUT_MS}, naming {@code what} was awaited
     */
    public static void spinUntil(Display display, BooleanSupplier done, String what) {
        long until = System.currentTimeMillis() + TIMEOUT_MS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                sleep(20);
            }
        }
    }

    /** Runs the event loop until the job has ended, then until the updates it posted are shown. */
    public static void await(Display display, Job job) {
        spinUntil(display, () -> job.getResult() != null, "the job '" + job.getName() + "' to end");
        for (int i = 0; i < 50; i++) {
            drain(display);
            sleep(5);
        }
    }

    /**
     * Creates a part as the workbench does: a child of {@code context} with a new composite under
     * {@code parent} injected as its {@link Composite}, then {@code @PostConstruct}.
     */
    public static <T> T make(Class<T> type, IEclipseContext context, Composite parent) {
        IEclipseContext child = context.createChild(type.getSimpleName());
        Composite c = new Composite(parent, SWT.NONE);
        child.set(Composite.class, c);
        return ContextInjectionFactory.make(type, child);
    }

    /** Where a test writes a file for people to look at: {@code target/NAME} (the build sets {@code test.output}). */
    public static Path output(String name) {
        return Path.of(System.getProperty("test.output", "target"), name);
    }

    /** Where a test saves a screenshot: {@code target/screenshots/NAME}. */
    public static Path screenshot(String name) {
        return output("screenshots").resolve(name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while spinning the display", e);
        }
    }
}
