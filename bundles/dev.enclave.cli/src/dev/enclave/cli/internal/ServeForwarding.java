package dev.enclave.cli.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;

/**
 * The fast CLI (issue 18): when {@code enclave serve} runs for the same workspace, {@code ask}, {@code search},
 * {@code model generate} and {@code model embed} are sent to it ({@code POST /enclave/cli}), so a question costs the
 * answer, not a model load. The server runs the very same command as the same user and sends back its exit code
 * and what it printed, which is printed here unchanged.
 *
 * <p>Used only when all of these hold, else the command runs here as always: neither {@code --local} nor the
 * environment variable {@value #LOCAL_ENV} ({@code 1} or {@code true}) asks for a local run;
 * {@code <data>/serve/endpoint.json} (written by the server, mode 600) names a live process; the acting user
 * ({@code --user}, else the OS account's user) is the user of the administrator's token file
 * {@code <data>/serve/token} (the only token the command line can read: other users run locally); a quick
 * {@code GET /v1/models} with that token answers 200 within {@value #CHECK_SECONDS} s; and the server answers the
 * command with 200. A server that is gone, unreachable or refuses therefore means a local run, not a failure.
 */
final class ServeForwarding {
    /** The environment variable that forces local runs. */
    static final String LOCAL_ENV = "ENCLAVE_LOCAL";
    /** Written by dev.enclave.server's JettyEnclaveServer next to the administrator's token. */
    static final String ENDPOINT_FILE = "endpoint.json";
    static final int CHECK_SECONDS = 2;
    private static final Set<List<String>> FORWARDED = Set.of(List.of("ask"), List.of("search"),
            List.of("model", "generate"), List.of("model", "embed"));

    private ServeForwarding() {
    }

    /**
     * Runs the command through the workspace's server when it may (see the class comment).
     *
     * @return the command's exit code, after printing what the server's run printed; or null to run it here
     */
    static Integer tryForward(CommandLine cl, String[] args, RunContext ctx) {
        String env = System.getenv(LOCAL_ENV);
        if (env != null && (env.equals("1") || env.equalsIgnoreCase("true"))) {
            return null;
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (RuntimeException e) {
            return null; // A bad command line, or an option that failed: the local run reports it.
        }
        if (ctx.local || !FORWARDED.contains(names(parsed))) {
            return null;
        }
        try {
            Path serve = ctx.dataFolder().resolve("serve");
            Path endpointFile = serve.resolve(ENDPOINT_FILE);
            Path tokenFile = serve.resolve("token");
            if (!Files.isRegularFile(endpointFile) || !Files.isRegularFile(tokenFile)) {
                return null;
            }
            JsonObject endpoint = JsonParser.parseString(Files.readString(endpointFile, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            long pid = endpoint.get("pid").getAsLong();
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return null;
            }
            String acting = ctx.user != null ? ctx.user : RunContext.osUser();
            if (!acting.equals(endpoint.get("user").getAsString())) {
                return null;
            }
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            URI base = URI.create(endpoint.get("url").getAsString());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(CHECK_SECONDS)).build();
            HttpResponse<Void> check = http.send(HttpRequest.newBuilder(base.resolve("/v1/models"))
                    .timeout(Duration.ofSeconds(CHECK_SECONDS)).header("Authorization", "Bearer " + token).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (check.statusCode() != 200) {
                return null;
            }
            JsonArray forwarded = new JsonArray();
            withoutLocalOptions(args).forEach(forwarded::add);
            JsonObject body = new JsonObject();
            body.add("args", forwarded);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/enclave/cli"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                return null;
            }
            JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
            int exit = answer.get("exit").getAsInt();
            String out = answer.get("stdout").getAsString();
            String err = answer.get("stderr").getAsString();
            ctx.out().print(out);
            ctx.out().flush();
            ctx.err().print(err);
            ctx.err().flush();
            return exit;
        } catch (IOException | RuntimeException e) {
            return null; // Unreachable, gone mid-way or unreadable: the command runs here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The subcommand names the parse chose, e.g. [model, generate]. */
    private static List<String> names(CommandLine.ParseResult parsed) {
        List<String> names = new ArrayList<>();
        for (CommandLine.ParseResult p = parsed.subcommand(); p != null; p = p.subcommand()) {
            names.add(p.commandSpec().name());
        }
        return names;
    }

    /** The arguments without {@code --data DIR} and {@code --user NAME} (before {@code --}): the server sets them. */
    static List<String> withoutLocalOptions(String[] args) {
        List<String> out = new ArrayList<>();
        boolean operands = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!operands && (a.equals("--data") || a.equals("--user"))) {
                i++;
                continue;
            }
            if (!operands && (a.startsWith("--data=") || a.startsWith("--user="))) {
                continue;
            }
            if (a.equals("--")) {
                operands = true;
            }
            out.add(a);
        }
        return out;
    }
}
