package dev.enclave.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Bearer tokens of {@code enclave serve}, an OSGi service. Tokens live in
 * {@code <data>/serve/tokens.json} as SHA-256 hashes only (file mode 600); the secret is shown once,
 * when it is made. Changes are administrators' and are audited ({@code serve.token.create},
 * {@code serve.token.revoke}). Thread-safe; a running server sees changes on its next request.
 */
public interface ServeTokens {

    /**
     * Makes a token that acts as workspace user {@code user}.
     *
     * @return the secret token, to hand to the user; it cannot be read back later
     * @throws dev.enclave.core.AccessDeniedException when {@code actor} is not an administrator
     * @throws dev.enclave.core.EnclaveException (bad input) when the workspace has no such user
     */
    String create(Workspace workspace, Subject actor, String user);

    /**
     * Revokes the token with that id, or every token of the user of that name.
     *
     * @return how many tokens were revoked
     * @throws dev.enclave.core.AccessDeniedException when {@code actor} is not an administrator
     * @throws dev.enclave.core.EnclaveException (bad input) when nothing matches
     */
    int revoke(Workspace workspace, Subject actor, String idOrUser);

    /** The stored tokens (administrators only). */
    List<TokenInfo> list(Workspace workspace, Subject actor);

    /** The workspace user a presented token acts as, or empty for an unknown or revoked one. */
    Optional<String> authenticate(Workspace workspace, String token);

    /**
     * The administrator's token file {@code <data>/serve/token} (mode 600), made for {@code admin}
     * when it is missing or its token was revoked.
     */
    Path adminTokenFile(Workspace workspace, Subject admin);
}
