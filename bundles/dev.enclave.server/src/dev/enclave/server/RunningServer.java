package dev.enclave.server;

import java.net.URI;
import java.nio.file.Path;

/**
 * A started {@link EnclaveServer}. Closing it stops listening, cancels running generations and
 * closes the models it loaded. Thread-safe.
 */
public interface RunningServer extends AutoCloseable {

    /** The base address clients use, e.g. {@code http://127.0.0.1:8080}; the OpenAI API is under {@code /v1}. */
    URI uri();

    /** {@code <data>/serve/token}: the administrator's token (file mode 600). */
    Path tokenFile();

    /** Blocks until the server is stopped. */
    void join() throws InterruptedException;

    /** Stops the server. */
    @Override
    void close();
}
