package dev.enclave.runtime;

/** Receives generated text as it is produced (on the generating thread). */
@FunctionalInterface
public interface TokenListener {
    /**
     * Called for each new token.
     *
     * @param text    the text this token adds (may be empty while a multi-byte character is incomplete)
     * @param tokenId the token's id
     */
    void onToken(String text, int tokenId);
}
