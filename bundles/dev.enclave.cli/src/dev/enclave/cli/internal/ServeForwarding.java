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
     * Runs the command through the workspace's server when it may (see the class comment). Decided from the
     * arguments alone, before the command tree (and the services behind it) is built: that is most of what a
     * forwarded command saves besides the model load.
     *
     * @return the command's exit code, after printing what the server's run printed; or null to run it here
     */
    static Integer tryForward(String[] args, RunContext ctx) {
        String env = System.getenv(LOCAL_ENV);
        if (env != null && (env.equals("1") || env.equalsIgnoreCase("true"))) {
            return null;
        }
        Scan scan;
        try {
            scan = Scan.of(args);
        } catch (RuntimeException e) {
            return null; // E.g. a --data that is no path: the local run names it.
        }
        if (scan == null || !FORWARDED.contains(scan.names)) {
            return null;
        }
        ctx.data = scan.data;
        ctx.user = scan.user;
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

    /**
     * What the arguments say before {@code --}: the command's names (e.g. [model, generate]: the leading words,
     * global options aside), {@code --data} (before the command only, as the command line reads it) and
     * {@code --user}; null when {@code --local}, {@code --help}/{@code -h} or {@code --version}/{@code -V} is
     * given, or an option lacks its value.
     */
    record Scan(List<String> names, Path data, String user) {
        static Scan of(String[] args) {
            List<String> names = new ArrayList<>();
            Path data = null;
            String user = null;
            boolean naming = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) {
                    break;
                }
                String option = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.equals(option) ? null : a.substring(option.length() + 1);
                switch (option) {
                    case "--local", "--help", "-h", "--version", "-V":
                        return null;
                    case "--json":
                        continue;
                    case "--data", "--user":
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                return null;
                            }
                            value = args[++i];
                        }
                        if (option.equals("--user")) {
                            user = value;
                        } else if (names.isEmpty()) {
                            data = Path.of(value);
                        } else {
                            return null; // --data after the command is that command's own option.
                        }
                        continue;
                    default:
                        break;
                }
                if (a.startsWith("-")) {
                    naming = false;
                } else if (naming && (names.isEmpty() || names.equals(List.of("model")))) {
                    names.add(a);
                } else {
                    naming = false;
                }
            }
            return new Scan(names, data, user);
        }
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
