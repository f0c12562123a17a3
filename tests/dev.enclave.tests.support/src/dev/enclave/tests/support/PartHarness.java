package dev.enclave.tests.support;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.workbench.swt.DisplayUISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * A shell and an e4 context for creating real parts in UI tests, as the workbench creates them:
 * the context holds the OSGi services, the workspace, the acting user and a {@link UISynchronize}
 * on the display. Create and use it on the display's thread; {@link #close()} disposes both.
 */
public final class PartHarness implements AutoCloseable {
    private final Display display;
    private final Shell shell;
    private final IEclipseContext context;
    private final Workspace workspace;
    private Composite lastParent;

    /** A 1200×700 shell over {@code workspace}, acting as {@code subject} (may be null: no one signed in). */
    public PartHarness(Workspace workspace, Subject subject) {
        this(workspace, subject, 1200, 700);
    }

    /** A shell of the given size over {@code workspace} (null: no workspace open), acting as {@code subject}. */
    public PartHarness(Workspace workspace, Subject subject, int width, int height) {
        this.workspace = workspace;
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(width, height);
        context = EclipseContextFactory.getServiceContext(FrameworkUtil.getBundle(PartHarness.class).getBundleContext())
                .createChild("test");
        if (workspace != null) {
            context.set(Workspace.class, workspace);
        }
        if (subject != null) {
            context.set(Subject.class, subject);
        }
        context.set(UISynchronize.class, new DisplayUISynchronize(display));
    }

    /**
     * A harness over the workspace in {@code root}, opened (and on first use created) by the OS user
     * and acting as that user: the same administrator {@link Cli#run} acts as, so a test can do an
     * action through the command line and through a part and compare what each left.
     */
    public static PartHarness asOsUser(Path root) {
        // The account the CLI acts as: from the operating system, not the user.name property.
        String me = dev.enclave.core.OsIdentity.current();
        Workspace workspace = Workspaces.open(root, me);
        return new PartHarness(workspace, Workspaces.login(workspace, me));
    }

    /** The workspace the parts are made over (null when none is open). */
    public Workspace workspace() {
        return workspace;
    }

    public Display display() {
        return display;
    }

    public Shell shell() {
        return shell;
    }

    /** The context parts are made in; tests add what a part needs beyond the workspace and the user. */
    public IEclipseContext context() {
        return context;
    }

    /** Creates the part in a new composite of the shell, opens the shell and lets it lay out and paint. */
    public <T> T make(Class<T> type) {
        return make(type, null);
    }

    /** As {@link #make(Class)}, acting as {@code subject} instead of the harness's user. */
    public <T> T make(Class<T> type, Subject subject) {
        // A part's container in the workbench lays its one child out to fill it, as here.
        Composite parent = new Composite(shell, SWT.NONE);
        parent.setLayout(new FillLayout());
        T part = makeIn(type, parent, subject);
        spin(100);
        return part;
    }

    /** Creates the part in {@code parent} (a sash or tab of the test's own layout), acting as {@code subject}. */
    public <T> T makeIn(Class<T> type, Composite parent, Subject subject) {
        lastParent = parent;
        IEclipseContext child = context.createChild(type.getSimpleName() + (subject == null ? "" : subject.name()));
        child.set(Composite.class, parent);
        if (subject != null) {
            child.set(Subject.class, subject);
        }
        T part = ContextInjectionFactory.make(type, child);
        shell.layout(true, true);
        shell.open();
        spin(200);
        return part;
    }

    /** The composite the last part was made in: where a test finds that part's widgets. */
    public Composite lastParent() {
        return lastParent;
    }

    /** Runs the event loop for {@code millis}. */
    public void spin(long millis) {
        Ui.spin(display, millis);
    }

    /** Runs the event loop until {@code done} holds; fails after {@link Ui#TIMEOUT_MS} naming {@code what}. */
    public void spinUntil(BooleanSupplier done, String what) {
        Ui.spinUntil(display, done, what);
    }

    /** Runs the event loop until the job has ended and what it posted to the display is shown. */
    public void await(Job job) {
        Ui.await(display, job);
    }

    @Override
    public void close() {
        shell.dispose();
        context.dispose();
    }
}
