package dev.enclave.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.core.Subject;
import dev.enclave.runtime.ModelRegistry;

/**
 * Enclave's own {@code POST /enclave/search} and {@code POST /enclave/ask}: the request's fields are
 * the command's options, and the answer is exactly the command's documented {@code --json} output
 * (releng/docs/contracts.md), because the command itself runs, in this framework, as the token's user.
 * {@code POST /enclave/cli} runs one of {@link #FORWARDED} as the command line gave it (the fast CLI):
 * the answer carries the exit code and exactly what the command printed.
 */
final class EnclaveEndpoints {
    /** The commands the fast CLI may send: {@code ask}, {@code search}, {@code model generate}, {@code model embed}. */
    static final java.util.Set<List<String>> FORWARDED = java.util.Set.of(List.of("ask"), List.of("search"),
            List.of("model", "generate"), List.of("model", "embed"));
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

    /**
     * {@code {"args": [str]}}, a command line without {@code --data}, {@code --user} and {@code --local} whose
     * command is one of {@link #FORWARDED} → {@code {"exit": int, "stdout": str, "stderr": str}}: the command run
     * here as the token's user, its exit code and what it printed. {@code ask} waits in the chat model's queue.
     */
    String cli(Exchange ex, Subject subject) throws InterruptedException {
        JsonArray array = Json.array(ex.body(), "args");
        List<String> command = new ArrayList<>();
        for (JsonElement e : array) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw HttpError.badRequest("'args' must be an array of strings.", "args");
            }
            command.add(e.getAsString());
        }
        List<String> names = commandNames(command);
        if (!FORWARDED.contains(names)) {
            throw HttpError.badRequest("'args' must name one of the commands ask, search, model generate, model"
                    + " embed, without --data, --user or --local; got '" + String.join(" ", names) + "'.", "args");
        }
        Output run;
        if (names.equals(List.of("ask"))) {
            String chatModel = ctx.workspace.settings().get(ModelRegistry.CHAT_MODEL_SETTING).orElse("(none)");
            try (ModelQueues.Slot slot = ctx.queues.enter(chatModel)) {
                if (slot == null) {
                    throw new HttpError(429, "rate_limit_error", "The chat model '" + chatModel
                            + "' is busy; retry later.");
                }
                run = execute(subject, false, command);
            }
        } else {
            run = execute(subject, false, command);
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("exit", run.code);
        answer.addProperty("stdout", run.out);
        answer.addProperty("stderr", run.err);
        ex.json(200, answer);
        return String.join(" ", names) + ", exit " + run.code;
    }

    /**
     * The command's names (up to the first option or operand after them), or a list holding "--data", "--user" or
     * "--local" when one of those options appears before {@code --}: the server chooses the workspace and the
     * user, and runs here.
     */
    static List<String> commandNames(List<String> args) {
        List<String> names = new ArrayList<>();
        boolean naming = true;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (option.equals("--data") || option.equals("--user") || option.equals("--local")) {
                return List.of(option);
            }
            if (a.equals("--json")) {
                continue;
            }
            if (a.startsWith("-")) {
                naming = false;
            } else if (naming && (names.isEmpty() || names.equals(List.of("model")))) {
                names.add(a);
            } else {
                naming = false;
            }
        }
        return names;
    }

    private record Output(int code, String out, String err) {
    }

    /** Runs {@code enclave --data ROOT --local [--json] [--user NAME] COMMAND…} here, as {@code subject}. */
    private Output execute(Subject subject, boolean json, List<String> command) {
        List<String> args = new ArrayList<>(List.of("--data", ctx.root().toString(), "--local"));
        if (json) {
            args.add("--json");
        }
        if (!subject.name().equals(ctx.osUser)) {
            args.add("--user");
            args.add(subject.name());
        }
        args.addAll(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ctx.cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void run(Exchange ex, Subject subject, List<String> command) {
        Output run = execute(subject, true, command);
        int code = run.code;
        String message = run.err.strip();
        int newline = message.indexOf('\n');
        message = (newline < 0 ? message : message.substring(0, newline)).replaceFirst("^enclave: ", "");
        if (code == 0) {
            ex.jsonText(200, run.out.strip());
        } else if (code == 2) {
            throw HttpError.badRequest(message, null);
        } else {
            throw new HttpError(500, "server_error", message);
        }
    }
}
