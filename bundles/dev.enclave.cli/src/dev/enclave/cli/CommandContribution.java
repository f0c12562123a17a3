package dev.enclave.cli;

/**
 * A subcommand a bundle adds to the {@code enclave} command line, registered as an
 * OSGi service (typically a Declarative Services component in a pack bundle).
 *
 * <p>The CLI asks every contribution for a fresh command object on each run. The
 * object must be annotated with picocli's {@code @Command}; its {@code name} is the
 * subcommand name. Errors the user can fix are thrown as
 * {@link dev.enclave.core.EnclaveException#badInput(String)} (exit code 2).
 */
public interface CommandContribution {

    /**
     * Creates the picocli command object for one run.
     *
     * @param context gives the workspace, the acting user, output streams and progress
     */
    Object createCommand(CliContext context);

    /**
     * The group this command belongs under, or {@code null} (the default) for a top-level
     * command. Several bundles add to one group: {@code eval retrieval} comes from the
     * knowledge base, {@code eval audit} from the credit-audit pack. The CLI creates the
     * group command on first use.
     */
    default String parent() {
        return null;
    }
}
