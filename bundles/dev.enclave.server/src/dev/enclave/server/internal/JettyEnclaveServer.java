package dev.enclave.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.cli.CommandLineService;
import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.server.EnclaveServer;
import dev.enclave.server.RunningServer;
import dev.enclave.server.ServeOptions;
import dev.enclave.server.ServeTokens;

/** {@link EnclaveServer} on Jetty 12's core handler API (no servlets). */
@Component(service = EnclaveServer.class)
public final class JettyEnclaveServer implements EnclaveServer {
    /** The file, next to the administrator's token, that tells the command line where this server listens. */
    public static final String ENDPOINT_FILE = "endpoint.json";
    @Reference
    private ServeTokens tokens;
    @Reference
    private ModelCalls calls;
    @Reference
    private ModelRegistry registry;
    @Reference
    private CommandLineService cli;
    private final List<PromptFilter> filters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeFilter")
    void addFilter(PromptFilter filter) {
        filters.add(filter);
    }

    void removeFilter(PromptFilter filter) {
        filters.remove(filter);
    }

    @Override
    public RunningServer start(Workspace workspace, Subject admin, ServeOptions options) {
        if (!admin.isAdmin()) {
            workspace.auditLog().append(admin.name(), "serve.start", workspace.root().toString(), AuditEntry.DENIED,
                    "requires role admin");
            throw new AccessDeniedException("User '" + admin.name() + "' may not start the server: that needs the"
                    + " role 'admin'.");
        }
        boolean loopback = isLoopback(options.host());
        if (!loopback && options.tlsKeystore() == null) {
            throw EnclaveException.badInput("--host " + options.host() + " is not a loopback address: serving"
                    + " other machines needs --tls-keystore FILE.p12 (and its passphrase).");
        }
        if (options.tlsKeystore() != null && !Files.isReadable(options.tlsKeystore())) {
            throw EnclaveException.badInput("--tls-keystore " + options.tlsKeystore() + ": no such readable file.");
        }
        if (options.maxBodyBytes() < 1 || options.queuePerModel() < 0 || options.port() < 0
                || options.port() > 65535) {
            throw EnclaveException.badInput("Check --port (0-65535), --max-body-bytes (≥ 1) and --queue (≥ 0).");
        }
        Path tokenFile = tokens.adminTokenFile(workspace, admin);
        ServerContext ctx = new ServerContext(workspace, admin.osUser(), options, tokens, calls, registry, cli,
                () -> List.copyOf(filters));
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("enclave-serve");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (options.tlsKeystore() != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(options.tlsKeystore().toAbsolutePath().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(options.tlsPassphrase() == null ? "" : new String(options.tlsPassphrase()));
            connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(new ApiHandler(ctx));
        server.setStopTimeout(5000);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw EnclaveException.badInput("Cannot serve on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage() + (options.tlsKeystore() != null ? " (check the key store and its passphrase)"
                            : " (is the port in use?)"));
        }
        String scheme = options.tlsKeystore() != null ? "https" : "http";
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        URI uri = URI.create(scheme + "://" + host + ":" + connector.getLocalPort());
        workspace.auditLog().append(admin.name(), "serve.start", uri.toString(), AuditEntry.SUCCESS,
                (options.tlsKeystore() != null ? "TLS" : "plain HTTP on loopback") + ", queue "
                        + options.queuePerModel() + " per model, body limit " + options.maxBodyBytes() + " bytes");
        Path endpoint = writeEndpoint(workspace, uri, tokenFile);
        return new Running(server, ctx, uri, tokenFile, admin, endpoint);
    }

    /**
     * {@code <data>/serve/endpoint.json} (mode 600): {@code {"url", "pid", "started", "user"}}, where {@code user}
     * is the workspace user of the administrator's token file. The fast CLI (dev.enclave.cli's ServeForwarding)
     * reads it to send its commands here; {@link Running#close()} removes it.
     */
    private Path writeEndpoint(Workspace workspace, URI uri, Path tokenFile) {
        Path file = tokenFile.resolveSibling(ENDPOINT_FILE);
        try {
            String user = tokens.authenticate(workspace, Files.readString(tokenFile, StandardCharsets.UTF_8).strip())
                    .orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", uri.toString());
            m.put("pid", ProcessHandle.current().pid());
            m.put("started", Instant.now().toString());
            m.put("user", user);
            FileIO.writeAtomically(file, FileIO.COMPACT.toJson(m) + "\n");
            FileIO.makePrivate(file);
            return file;
        } catch (IOException | RuntimeException e) {
            // Serving works without it; the command line then runs everything itself.
            System.err.println("enclave serve: could not write " + file + " (the command line will not use this"
                    + " server): " + e.getMessage());
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw EnclaveException.badInput("--host " + host + ": unknown host.");
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Already failing to start; the start error is the one to report.
        }
    }

    /** Exposed to the tests (x-friends): the queues of a running server. */
    public static ModelQueues queues(RunningServer running) {
        return ((Running) running).ctx.queues;
    }

    private static final class Running implements RunningServer {
        private final Server server;
        final ServerContext ctx;
        private final URI uri;
        private final Path tokenFile;
        private final Subject admin;
        private final Path endpoint;
        private boolean closed;

        Running(Server server, ServerContext ctx, URI uri, Path tokenFile, Subject admin, Path endpoint) {
            this.server = server;
            this.ctx = ctx;
            this.uri = uri;
            this.tokenFile = tokenFile;
            this.admin = admin;
            this.endpoint = endpoint;
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public Path tokenFile() {
            return tokenFile;
        }

        @Override
        public void join() throws InterruptedException {
            server.join();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            removeEndpoint();
            // Running generations stop at their next token; then the threads, then the models they used.
            ctx.cancelAll();
            stopQuietly(server);
            ctx.closeModels();
            ctx.workspace.auditLog().append(admin.name(), "serve.stop", uri.toString(), AuditEntry.SUCCESS, "");
        }

        /** Removes endpoint.json when it still names this server (another may have started since). */
        private void removeEndpoint() {
            if (endpoint == null) {
                return;
            }
            try {
                String text = Files.readString(endpoint, StandardCharsets.UTF_8);
                com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(text).getAsJsonObject();
                if (o.get("url").getAsString().equals(uri.toString())
                        && o.get("pid").getAsLong() == ProcessHandle.current().pid()) {
                    Files.deleteIfExists(endpoint);
                }
            } catch (IOException | RuntimeException e) {
                // Gone or unreadable: the command line checks the pid and the address before using it.
            }
        }
    }
}
