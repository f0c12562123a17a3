package dev.enclave.core;

/**
 * Thrown when the acting user lacks the role an operation or a document
 * requires. The message names the user, the object and the roles that would
 * have been accepted.
 */
public class AccessDeniedException extends EnclaveException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message, false);
    }
}
