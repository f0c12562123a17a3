package dev.enclave.server;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The HTTP server behind {@code enclave serve}, an OSGi service. It offers the OpenAI API
 * ({@code GET /v1/models}, {@code POST /v1/chat/completions}, {@code POST /v1/completions},
 * {@code POST /v1/embeddings}) and Enclave's {@code POST /enclave/search},
 * {@code POST /enclave/ask} and {@code POST /enclave/cli} (the fast command line: {@code ask}, {@code search},
 * {@code model generate}, {@code model embed} run here) over the workspace's models and collections. While it
 * runs, {@code <data>/serve/endpoint.json} (mode 600) tells the command line where it listens.
 *
 * <p>Every request needs {@code Authorization: Bearer TOKEN} with a token of {@link ServeTokens};
 * it acts as the token's workspace user (roles re-read on every request), so access rules apply
 * and the services it calls audit it; the server adds one {@code serve.request} audit entry per
 * request. Status codes: 400 bad JSON or parameters (with a message), 401 missing or unknown
 * token, 403 not allowed, 404 unknown path or model, 413 body too large, 429 the model's queue is
 * full. One generation runs per model at a time; a client that disconnects stops its generation.
 */
public interface EnclaveServer {

    /**
     * Starts serving {@code workspace}. On the first start, creates the administrator's token file
     * {@code <data>/serve/token} (mode 600) for {@code admin}.
     *
     * @param admin the administrator who starts the server
     * @throws dev.enclave.core.AccessDeniedException when {@code admin} is not an administrator
     * @throws dev.enclave.core.EnclaveException (bad input) for a non-loopback host without a TLS key
     *         store, an unreadable key store, or a port in use
     */
    RunningServer start(Workspace workspace, Subject admin, ServeOptions options);
}
