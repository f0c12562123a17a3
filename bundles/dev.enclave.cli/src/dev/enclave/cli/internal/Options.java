package dev.enclave.cli.internal;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.EnclaveException;

/**
 * Maps a service's message, written in the user's terms, to the command-line option that gave
 * the input: {@code --user ghost: There is no user 'ghost' in this workspace…}.
 */
public final class Options {
    private Options() {
    }

    /** The same failure (kind, exit code, cause) with {@code option} named in front of its message. */
    public static EnclaveException named(String option, EnclaveException e) {
        String message = option + ": " + e.getMessage();
        if (e instanceof AccessDeniedException) {
            AccessDeniedException denied = new AccessDeniedException(message);
            denied.initCause(e);
            return denied;
        }
        return new EnclaveException(message, e.isBadInput(), e);
    }
}
