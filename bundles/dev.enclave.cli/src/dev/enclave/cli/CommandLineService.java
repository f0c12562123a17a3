package dev.enclave.cli;

import java.io.PrintStream;

/**
 * The {@code enclave} command line as an OSGi service: runs one command in the calling
 * framework, with the same global options, subcommands (built-in and contributed by packs
 * through {@link CommandContribution}), output and exit codes as the {@code enclave} script.
 *
 * <p>Used by tests and by anything that drives the product in-process. Each call is
 * independent and may run concurrently with others; output goes only to the given streams
 * (UTF-8).
 */
public interface CommandLineService {

    /**
     * Runs one command line, e.g. {@code --data DIR --json search QUESTION}.
     *
     * @param args   the arguments as the {@code enclave} script would get them
     * @param stdout where results go
     * @param stderr where messages go
     * @return the exit code: 0 success, 2 bad input, 1 other failure
     */
    int run(String[] args, PrintStream stdout, PrintStream stderr);
}
