package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.RemoteModel;

/**
 * HTTP calls to a remote model's OpenAI-compatible server: the bearer token read from its file at
 * each call, the workspace's timeouts, retries with exponential back-off on connection errors and
 * 429/5xx answers (never on other 4xx), errors that name the model and the URL, and one audit entry
 * ({@code model.remote}) per call with the endpoint, never the prompt.
 */
final class RemoteEndpoint {
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    final RemoteModel model;
    private final Workspace workspace;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int retries;
    private final long backoffMillis;
    private final HttpClient client;

    RemoteEndpoint(Workspace workspace, RemoteModel model) {
        this.workspace = workspace;
        this.model = model;
        this.connectTimeout = Duration
                .ofSeconds(setting(workspace, ModelRegistry.REMOTE_CONNECT_TIMEOUT_SETTING, 10, 1));
        this.readTimeout = Duration.ofSeconds(setting(workspace, ModelRegistry.REMOTE_READ_TIMEOUT_SETTING, 300, 1));
        this.retries = (int) setting(workspace, ModelRegistry.REMOTE_RETRIES_SETTING, 3, 0);
        this.backoffMillis = setting(workspace, ModelRegistry.REMOTE_BACKOFF_SETTING, 500, 0);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static long setting(Workspace workspace, String key, long fallback, long min) {
        String v = workspace.settings().get(key, String.valueOf(fallback)).strip();
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw EnclaveException.badInput("The setting " + key + " must be a whole number from " + min
                + " to 100000 (it is '" + v + "').");
    }

    /** How long a streamed answer may stay silent before the call fails. */
    Duration readTimeout() {
        return readTimeout;
    }

    /** The base URL checked and normalised (no trailing slash): http or https with a host. */
    static String checkUrl(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getUserInfo() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw EnclaveException.badInput("--url '" + url + "' is not an http(s) URL of an OpenAI-compatible API, "
                + "e.g. http://host:8080/v1 (no user, query or fragment).");
    }

    /**
     * The token in {@code file}, refused (like ssh refuses a private key) when the file can be read
     * by its group or others.
     */
    static String readToken(String modelName, Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput("The token file " + file + " of model '" + modelName + "' does not exist.");
        }
        checkPrivate(file);
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n") || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw EnclaveException.badInput("The token file " + file
                        + " must hold one token on one line (printable ASCII).");
            }
            return token;
        } catch (IOException e) {
            throw EnclaveException.badInput("The token file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Refuses a token file its group or others may read or write. */
    static void checkPrivate(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // not a POSIX file system (Windows): the folder's ACL protects it
        }
        try {
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            if (perms.stream().anyMatch(OTHERS::contains)) {
                throw EnclaveException.badInput("The token file " + file + " is readable by others (permissions "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + "); make it private first: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw EnclaveException.badInput("The token file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * GET {@code path} (e.g. {@code /models}) as JSON, or null when the server does not have it
     * (404); audited only when it fails.
     */
    JsonObject getJson(String path) {
        HttpResponse<InputStream> r = send("GET", path, null, Progress.silent(), true);
        if (r == null) {
            return null;
        }
        try (InputStream in = r.body()) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput("The model server at " + model.url() + " answered " + path
                    + " with something that is not OpenAI JSON: " + e.getMessage());
        }
    }

    /**
     * POSTs {@code body} to {@code path} and returns the successful response (status 200) with its
     * body open for the caller to read and close.
     */
    HttpResponse<InputStream> post(String path, JsonObject body, Progress progress) {
        return send("POST", path, body.toString(), progress, false);
    }

    private HttpResponse<InputStream> send(String method, String path, String body, Progress progress,
            boolean missingOk) {
        String token = model.tokenFile() == null ? null : readToken(model.name(), model.tokenFile());
        URI uri = URI.create(model.url() + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(readTimeout).header("Accept",
                "application/json, text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.GET();
        }
        HttpRequest request = b.build();
        String lastProblem = null;
        long wait = backoffMillis;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                sleep(wait, progress);
                wait = Math.min(wait * 2, 60_000);
            }
            HttpResponse<InputStream> r;
            try {
                r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                lastProblem = connectProblem(e);
                continue;
            } catch (HttpTimeoutException e) {
                throw failed(path, "the server did not answer within " + readTimeout.toSeconds() + " s (setting "
                        + ModelRegistry.REMOTE_READ_TIMEOUT_SETTING + ")");
            } catch (IOException e) {
                if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException) {
                    lastProblem = connectProblem((IOException) e.getCause());
                    continue;
                }
                throw failed(path, "the connection failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EnclaveException.failure("Interrupted while calling " + uri, e);
            }
            int status = r.statusCode();
            if (status == 200) {
                return r;
            }
            if (status == 404 && missingOk) {
                errorMessage(r);
                return null;
            }
            String message = errorMessage(r);
            if (status == 429 || status >= 500) {
                lastProblem = "HTTP " + status + ": " + message;
                continue;
            }
            if (status == 401 || status == 403) {
                throw failed(path, "the server refused the token (HTTP " + status + ": " + message + "); check "
                        + (model.tokenFile() == null ? "whether it needs --token-file" : "the token file "
                                + model.tokenFile()));
            }
            throw failed(path, "HTTP " + status + ": " + message);
        }
        throw failed(path, "the model server URL " + model.url() + " is not reachable: " + lastProblem + " (tried "
                + (retries + 1) + " times)");
    }

    private String connectProblem(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + connectTimeout.toSeconds() + " s (setting "
                    + ModelRegistry.REMOTE_CONNECT_TIMEOUT_SETTING + ")";
        }
        return "the connection was refused" + (e.getMessage() == null || e.getMessage().isBlank() ? ""
                : " (" + e.getMessage() + ")");
    }

    private EnclaveException failed(String path, String why) {
        audit(path, AuditEntry.FAILURE, why);
        return EnclaveException.badInput("Remote model '" + model.name() + "' at " + model.url() + ": " + why + ".");
    }

    /** Appends the {@code model.remote} entry for a call to {@code path}: the endpoint, never the prompt. */
    void audit(String path, String outcome, String detail) {
        workspace.auditLog().append(OsIdentity.current(), "model.remote", model.name(), outcome,
                model.url() + path + " model " + model.remoteId() + (detail.isEmpty() ? "" : ", " + detail));
    }

    private static String errorMessage(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            String text = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
            try {
                JsonElement e = JsonParser.parseString(text);
                if (e.isJsonObject() && e.getAsJsonObject().has("error")) {
                    JsonElement err = e.getAsJsonObject().get("error");
                    if (err.isJsonObject() && err.getAsJsonObject().has("message")) {
                        return err.getAsJsonObject().get("message").getAsString();
                    }
                    return err.toString();
                }
            } catch (RuntimeException notJson) {
                // the text as it is
            }
            String t = text.strip();
            return t.length() > 300 ? t.substring(0, 300) + "…" : t;
        } catch (IOException e) {
            return "(no body: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis, Progress progress) {
        long end = System.nanoTime() + millis * 1_000_000L;
        try {
            while (System.nanoTime() < end) {
                progress.checkCanceled();
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnclaveException.failure("Interrupted while waiting to retry", e);
        }
    }
}
