package dev.enclave.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;

import dev.enclave.cli.CliContext;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** One CLI run: global options, streams, and the lazily opened workspace and subject. */
final class RunContext implements CliContext {
    private final ServiceLookup services;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;

    Path data;
    String user;
    boolean json;
    /** {@code --local}: never send the command to a running {@code enclave serve}. */
    boolean local;

    private Workspace workspace;
    private Subject subject;

    RunContext(ServiceLookup services, PrintWriter out, PrintWriter err, boolean interactive) {
        this.services = services;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized Workspace workspace() {
        if (workspace == null) {
            WorkspaceManager manager = service(WorkspaceManager.class);
            Workspace opened;
            try {
                opened = manager.open(data != null ? data : manager.defaultRoot(), osUser());
            } catch (EnclaveException e) {
                throw data == null ? e : Options.named("--data " + data, e);
            }
            // Establish the acting user with the workspace, so a bad --user fails every command alike.
            try {
                subject = opened.security().login(osUser(), user);
            } catch (EnclaveException e) {
                // The service speaks of users; name the option that chose this one.
                throw Options.named("--user " + user, e);
            }
            workspace = opened;
            for (String warning : opened.warnings()) {
                err.println("enclave: warning: " + warning);
            }
        }
        return workspace;
    }

    /** The data folder this run names ({@code --data}, else the default), without opening it. */
    Path dataFolder() {
        return data != null ? data : service(WorkspaceManager.class).defaultRoot();
    }

    @Override
    public synchronized Subject subject() {
        workspace();
        return subject;
    }

    /** The OS account running this process, from the operating system (never the user.name property). */
    static String osUser() {
        return OsIdentity.current();
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public PrintWriter err() {
        return err;
    }

    @Override
    public Progress progress() {
        return new TerminalProgress(err, interactive && !json);
    }

    @Override
    public <S> java.util.List<S> services(Class<S> type) {
        return services.all(type);
    }

    @Override
    public <S> S service(Class<S> type) {
        S service = services.find(type);
        if (service == null) {
            throw EnclaveException.failure("The service " + type.getSimpleName()
                    + " is not available in this installation; reinstall the product or the pack that provides it.", null);
        }
        return service;
    }
}
