package dev.enclave.cli;

import java.io.PrintWriter;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * What a command needs from the run it belongs to. The workspace and the acting
 * user are resolved on first use, after the global options ({@code --data},
 * {@code --user}) are parsed.
 */
public interface CliContext {

    /** The workspace named by {@code --data} (default {@code ~/.enclave}). */
    Workspace workspace();

    /** The acting user ({@code --user}, else the OS user). */
    Subject subject();

    /** Whether {@code --json} was given: print exactly the documented JSON. */
    boolean json();

    /** Standard output (UTF-8). */
    PrintWriter out();

    /** Standard error (UTF-8), for messages and progress. */
    PrintWriter err();

    /** A progress display on the terminal; Ctrl-C cancels it. */
    Progress progress();

    /** An OSGi service, or an exception naming the missing service. */
    <S> S service(Class<S> type);

    /** Every registered service of the type (none is fine), e.g. the prompt filters. */
    <S> java.util.List<S> services(Class<S> type);

    /**
     * The prompt as the workspace's policy lets a model see it: {@code text} passed through every
     * {@link dev.enclave.core.PromptFilter} (such as personal-data masking).
     */
    default String filterPrompt(String text) {
        return dev.enclave.core.PromptFilter.applyAll(services(dev.enclave.core.PromptFilter.class), workspace(),
                subject().name(), text);
    }
}
