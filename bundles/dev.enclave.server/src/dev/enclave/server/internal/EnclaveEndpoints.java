package dev.enclave.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;

import dev.enclave.core.Subject;
import dev.enclave.runtime.ModelRegistry;

/**
 * Enclave's own {@code POST /enclave/search} and {@code POST /enclave/ask}: the request's fields are
 * the command's options, and the answer is exactly the command's documented {@code --json} output
 * (releng/docs/contracts.md), because the command itself runs, in this framework, as the token's user.
 */
final class EnclaveEndpoints {
    private final ServerContext ctx;

    EnclaveEndpoints(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** {@code {"collection", "query", "top"?, "mode"?}} → the {@code search --json} document. */
    String search(Exchange ex, Subject subject) {
        JsonObject body = ex.body();
        List<String> args = new ArrayList<>(List.of("search", "--collection", Json.string(body, "collection", true)));
        if (body.has("top")) {
            args.add("--top");
            args.add(Integer.toString(Json.integer(body, "top", 10)));
        }
        String mode = Json.string(body, "mode", false);
        if (mode != null) {
            args.add("--mode");
            args.add(mode);
        }
        args.add("--");
        args.add(Json.string(body, "query", true));
        run(ex, subject, args);
        return "search in " + body.get("collection").getAsString();
    }

    /** {@code {"collection", "question"}} → the {@code ask --json} document; one at a time per chat model. */
    String ask(Exchange ex, Subject subject) throws InterruptedException {
        JsonObject body = ex.body();
        String collection = Json.string(body, "collection", true);
        List<String> args = new ArrayList<>(List.of("ask", "--collection", collection, "--",
                Json.string(body, "question", true)));
        String chatModel = ctx.workspace.settings().get(ModelRegistry.CHAT_MODEL_SETTING).orElse("(none)");
        try (ModelQueues.Slot slot = ctx.queues.enter(chatModel)) {
            if (slot == null) {
                throw new HttpError(429, "rate_limit_error", "The chat model '" + chatModel
                        + "' is busy; retry later.");
            }
            run(ex, subject, args);
        }
        return "ask in " + collection;
    }

    private void run(Exchange ex, Subject subject, List<String> command) {
        List<String> args = new ArrayList<>(List.of("--data", ctx.root().toString(), "--json"));
        if (!subject.name().equals(ctx.osUser)) {
            args.add("--user");
            args.add(subject.name());
        }
        args.addAll(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ctx.cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        int newline = message.indexOf('\n');
        message = (newline < 0 ? message : message.substring(0, newline)).replaceFirst("^enclave: ", "");
        if (code == 0) {
            ex.jsonText(200, out.toString(StandardCharsets.UTF_8).strip());
        } else if (code == 2) {
            throw HttpError.badRequest(message, null);
        } else {
            throw new HttpError(500, "server_error", message);
        }
    }
}
