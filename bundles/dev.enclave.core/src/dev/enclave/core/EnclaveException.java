package dev.enclave.core;

/**
 * A failure a user can act on: the message says what was wrong with which
 * input and what to do about it.
 *
 * <p>{@link #isBadInput()} separates mistakes in the caller's input (the CLI
 * exits with 2) from other failures (exit 1).
 */
public class EnclaveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean badInput;

    public EnclaveException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    public EnclaveException(String message, boolean badInput, Throwable cause) {
        super(message, cause);
        this.badInput = badInput;
    }

    /** Creates an exception for input the caller got wrong (CLI exit code 2). */
    public static EnclaveException badInput(String message) {
        return new EnclaveException(message, true);
    }

    /** Creates an exception for a failure that is not the caller's input (CLI exit code 1). */
    public static EnclaveException failure(String message, Throwable cause) {
        return new EnclaveException(message, false, cause);
    }

    /** Whether the caller's input caused this failure. */
    public boolean isBadInput() {
        return badInput;
    }
}
