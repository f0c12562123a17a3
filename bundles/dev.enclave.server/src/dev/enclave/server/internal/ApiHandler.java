package dev.enclave.server.internal;

import java.util.Optional;
import java.util.Set;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.google.gson.JsonObject;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.User;

/**
 * Every request: the bearer token, the token's user as the acting subject, the route, the error
 * answer in the OpenAI shape, and one {@code serve.request} audit entry. Runs on Jetty's pool
 * threads and blocks them while a model works, which the per-model queues bound.
 */
final class ApiHandler extends Handler.Abstract {
    private static final String BEARER = "Bearer ";
    private final ServerContext ctx;
    private final OpenAiEndpoints openAi;
    private final EnclaveEndpoints enclave;

    ApiHandler(ServerContext ctx) {
        this.ctx = ctx;
        this.openAi = new OpenAiEndpoints(ctx);
        this.enclave = new EnclaveEndpoints(ctx);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback, ctx.options.maxBodyBytes());
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        String user = "-";
        String detail = "";
        try {
            Subject subject = subject(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            user = subject.name();
            detail = route(ex, subject, method, path);
        } catch (HttpError e) {
            detail = e.getMessage();
            error(ex, e);
        } catch (AccessDeniedException e) {
            detail = e.getMessage();
            error(ex, new HttpError(403, "permission_error", e.getMessage()));
        } catch (Progress.CanceledException e) {
            detail = "cancelled";
            ex.abort(e);
        } catch (EnclaveException e) {
            detail = e.getMessage();
            error(ex, e.isBadInput() ? HttpError.badRequest(e.getMessage(), null)
                    : new HttpError(500, "server_error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
            ex.abort(e);
        } catch (RuntimeException e) {
            detail = e.toString();
            error(ex, new HttpError(500, "server_error", "The server failed: " + e));
        } finally {
            audit(user, method, path, ex.status(), ex.aborted(), Request.getRemoteAddr(request), detail);
            ex.finish();
        }
        return true;
    }

    private String route(Exchange ex, Subject subject, String method, String path) throws InterruptedException {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        switch (path) {
            case "/v1/models":
                requireMethod(get, method, path);
                openAi.models(ex);
                return "";
            case "/v1/chat/completions":
                requireMethod(post, method, path);
                return openAi.generate(ex, subject, true);
            case "/v1/completions":
                requireMethod(post, method, path);
                return openAi.generate(ex, subject, false);
            case "/v1/embeddings":
                requireMethod(post, method, path);
                openAi.embeddings(ex, subject);
                return "";
            case "/enclave/search":
                requireMethod(post, method, path);
                return enclave.search(ex, subject);
            case "/enclave/ask":
                requireMethod(post, method, path);
                return enclave.ask(ex, subject);
            case "/enclave/cli":
                requireMethod(post, method, path);
                return enclave.cli(ex, subject);
            default:
                throw new HttpError(404, "invalid_request_error", "No endpoint " + path + "; this server offers"
                        + " /v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings, /enclave/search,"
                        + " /enclave/ask and /enclave/cli.");
        }
    }

    private static void requireMethod(boolean ok, String method, String path) {
        if (!ok) {
            throw new HttpError(405, "invalid_request_error", method + " is not allowed on " + path + ".");
        }
    }

    /** The token's workspace user, with the roles the workspace gives it now. */
    private Subject subject(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new HttpError(401, "authentication_error", "Send 'Authorization: Bearer TOKEN' with a token from"
                    + " <data>/serve/token or 'enclave serve token create'.");
        }
        Optional<String> user = ctx.tokens.authenticate(ctx.workspace, authorization.substring(BEARER.length()).strip());
        if (user.isEmpty()) {
            throw new HttpError(401, "authentication_error", "The token is unknown or was revoked.");
        }
        User known = ctx.workspace.security().user(user.get()).orElseThrow(() -> new HttpError(403,
                "permission_error", "The token's user '" + user.get() + "' is no longer a user of this workspace."));
        return new Subject(known.name(), Set.copyOf(known.roles()), ctx.osUser, !known.name().equals(ctx.osUser));
    }

    private static void error(Exchange ex, HttpError e) {
        if (ex.answered()) {
            // An event stream already started: its status is sent; end it.
            ex.abort(e);
            return;
        }
        JsonObject error = new JsonObject();
        error.addProperty("message", e.getMessage());
        error.addProperty("type", e.type);
        error.addProperty("param", e.param);
        error.addProperty("code", e.status == 429 ? "queue_full" : null);
        JsonObject body = new JsonObject();
        body.add("error", error);
        ex.json(e.status, body);
    }

    private void audit(String user, String method, String path, int status, boolean aborted, String from,
            String detail) {
        String outcome = aborted ? AuditEntry.FAILURE : status >= 200 && status < 300 ? AuditEntry.SUCCESS
                : status == 401 || status == 403 ? AuditEntry.DENIED : AuditEntry.FAILURE;
        try {
            ctx.workspace.auditLog().append(user, "serve.request", method + " " + path, outcome,
                    "status " + status + " from " + from + (detail == null || detail.isEmpty() ? "" : ", " + detail));
        } catch (RuntimeException e) {
            // The answer is already on its way; say loudly that its audit entry is missing.
            System.err.println("enclave serve: could not audit " + method + " " + path + " by " + user + ": "
                    + e.getMessage());
        }
    }
}
