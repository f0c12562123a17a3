package dev.enclave.runtime;

import java.nio.file.Path;

/**
 * A model served by an OpenAI-compatible server, as its manifest in the models folder records it
 * ({@code enclave model add-remote}).
 *
 * @param name          the model's name in this workspace
 * @param url           the API's base URL, e.g. {@code http://host:8080/v1}
 * @param remoteId      the model's id on that server
 * @param kind          {@link #CHAT} or {@link #EMBEDDING}
 * @param tokenFile     the file holding the bearer token (read at each call), or null
 * @param contextLength the context length the server reported, or 0 when it did not
 */
public record RemoteModel(String name, String url, String remoteId, String kind, Path tokenFile, int contextLength) {
    /** Kind of a remote chat (generation) model. */
    public static final String CHAT = "chat";
    /** Kind of a remote embedding model. */
    public static final String EMBEDDING = "embedding";

    /** The endpoint as the audit log records it: URL and remote model id. */
    public String endpoint() {
        return url + " model " + remoteId;
    }
}
