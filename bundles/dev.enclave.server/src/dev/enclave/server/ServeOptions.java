package dev.enclave.server;

import java.nio.file.Path;

/**
 * How {@link EnclaveServer#start} listens.
 *
 * @param host          the address to bind; a non-loopback address requires {@code tlsKeystore}
 * @param port          the TCP port; 0 picks a free one (see {@link RunningServer#uri()})
 * @param tlsKeystore   a PKCS#12 key store with the server's key and certificate, or null for plain HTTP
 *                      (loopback only)
 * @param tlsPassphrase the key store's passphrase, or null without TLS
 * @param maxBodyBytes  the largest request body accepted; larger ones get HTTP 413
 * @param queuePerModel how many requests may wait for one model while it is busy; more get HTTP 429
 */
public record ServeOptions(String host, int port, Path tlsKeystore, char[] tlsPassphrase, long maxBodyBytes,
        int queuePerModel) {

    /** The default host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default body limit, 4 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    /** The default number of requests that may wait per model. */
    public static final int DEFAULT_QUEUE = 8;

    /** Plain HTTP on loopback at {@code port}, with the default limits. */
    public static ServeOptions loopback(int port) {
        return new ServeOptions(DEFAULT_HOST, port, null, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_QUEUE);
    }

    /** These options with another per-model queue length. */
    public ServeOptions withQueue(int queue) {
        return new ServeOptions(host, port, tlsKeystore, tlsPassphrase, maxBodyBytes, queue);
    }

    /** These options with another body limit. */
    public ServeOptions withMaxBodyBytes(long bytes) {
        return new ServeOptions(host, port, tlsKeystore, tlsPassphrase, bytes, queuePerModel);
    }
}
