package dev.enclave.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.server.EnclaveServer;
import dev.enclave.server.RunningServer;
import dev.enclave.server.ServeOptions;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Fixtures;
import dev.enclave.tests.support.Services;
import dev.enclave.tests.support.Workspaces;

/**
 * The fast CLI (issue 18): while {@code enclave serve} runs for the workspace, {@code ask}, {@code search},
 * {@code model generate} and {@code model embed} go through it ({@code POST /enclave/cli}, audited there as
 * {@code serve.request}) and print exactly what the local run prints ({@code --local}); when the server is gone,
 * or its {@code endpoint.json} is stale, the command runs locally.
 */
class ServeForwardingTest {
    private static final String MODEL = "tiny";
    private static final String PROMPT = "Hello, who are you?";

    @TempDir
    static Path data;
    @TempDir
    static Path outside;
    static Workspace workspace;
    static Subject admin;
    RunningServer server;

    @BeforeAll
    static void workspace() throws IOException {
        workspace = Workspaces.open(data, OsIdentity.current());
        admin = Workspaces.login(workspace, OsIdentity.current());
        Services.get(ModelRegistry.class).add(workspace, admin, Fixtures.model("qwen2-tiny"), MODEL, Progress.silent());
        Cli.Run use = Cli.run(data, "model", "use", "--chat", MODEL);
        assertEquals(0, use.code(), use.toString());
        Path docs = Files.createDirectories(outside.resolve("docs"));
        Files.writeString(docs.resolve("note.txt"), "The guarantee circle links three borrowers in Suzhou.\n");
        Files.writeString(docs.resolve("lot.txt"), "Lot 7 had a yield excursion after the CMP slurry change.\n");
        assertEquals(0, Cli.run(data, "collections", "create", "notes", "--no-vectors").code());
        Cli.Run ingested = Cli.run(data, "ingest", "--collection", "notes", docs.toString());
        assertEquals(0, ingested.code(), ingested.toString());
    }

    @BeforeEach
    void start() {
        server = Services.get(EnclaveServer.class).start(workspace, admin, ServeOptions.loopback(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theServerWritesAPrivateEndpointFileAndRemovesItOnStop() throws IOException {
        Path file = data.resolve("serve").resolve("endpoint.json");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        JsonObject endpoint = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(server.uri().toString(), endpoint.get("url").getAsString());
        assertEquals(ProcessHandle.current().pid(), endpoint.get("pid").getAsLong());
        assertEquals(admin.name(), endpoint.get("user").getAsString());
        assertFalse(endpoint.get("started").getAsString().isEmpty());
        server.close();
        assertFalse(Files.exists(file), "stopping the server removes endpoint.json");
    }

    @Test
    void theFourCommandsPrintThroughTheServerExactlyWhatTheyPrintLocally() {
        List<List<String>> commands = List.of(
                List.of("model", "generate", "--model", MODEL, "--max-new-tokens", "12", PROMPT),
                List.of("model", "generate", "--model", MODEL, "--chat", "--temperature", "0", "--max-new-tokens", "12",
                        PROMPT),
                List.of("--json", "model", "embed", "--model", ModelRegistry.BUILT_IN_EMBEDDER, "贷款担保圈", "wafer"),
                List.of("search", "--collection", "notes", "--mode", "bm25", "guarantee circle"),
                List.of("--json", "search", "--collection", "notes", "--mode", "bm25", "yield excursion"),
                List.of("ask", "--collection", "notes", "--mode", "bm25", "Who is in the guarantee circle?"),
                List.of("--json", "ask", "--collection", "notes", "--mode", "bm25", "What happened to lot 7?"),
                // A failure is forwarded too: the same message and exit code.
                List.of("search", "--collection", "nope", "anything"));
        for (List<String> command : commands) {
            long before = lastSeq();
            Cli.Run served = Cli.run(data, command.toArray(String[]::new));
            assertEquals(1, forwarded(before), "sent to the server once: " + command);
            long between = lastSeq();
            List<String> local = new ArrayList<>(List.of("--local"));
            local.addAll(command);
            Cli.Run here = Cli.run(data, local.toArray(String[]::new));
            assertEquals(0, forwarded(between), "--local runs here: " + command);
            assertEquals(here.code(), served.code(), command + "\n" + served + "\n" + here);
            assertEquals(here.out(), served.out(), command.toString());
            assertEquals(here.err(), served.err(), command.toString());
            assertFalse(here.out().isBlank() && here.err().isBlank(), "each command says something: " + command);
        }
        assertEquals(2, Cli.run(data, "search", "--collection", "nope", "anything").code());
    }

    @Test
    void otherCommandsAndOtherUsersRunLocally() {
        long before = lastSeq();
        assertEquals(0, Cli.run(data, "model", "list").code());
        workspace.security().putUser(admin, "ana", List.of("auditor"));
        Cli.Run asAna = Cli.run(data, "--user", "ana", "search", "--collection", "notes", "--mode", "bm25", "lot");
        assertEquals(0, forwarded(before), "model list and another user's search run here");
        assertEquals(0, asAna.code(), asAna.toString());
    }

    @Test
    void whenTheServerIsGoneTheCommandRunsLocally() throws IOException {
        Path file = data.resolve("serve").resolve("endpoint.json");
        String written = Files.readString(file, StandardCharsets.UTF_8);
        Cli.Run expected = Cli.run(data, "--local", "search", "--collection", "notes", "--mode", "bm25", "slurry");
        server.close();
        long before = lastSeq();
        Cli.Run stopped = Cli.run(data, "search", "--collection", "notes", "--mode", "bm25", "slurry");
        assertEquals(expected, stopped);

        // A stale endpoint.json: a live process (this one) but nothing listening at its address.
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(file, written.replace(server.uri().toString(), "http://127.0.0.1:" + closedPort));
        Cli.Run stale = Cli.run(data, "search", "--collection", "notes", "--mode", "bm25", "slurry");
        assertEquals(expected, stale);
        // And one whose process has ended.
        Files.writeString(file, written.replaceFirst("\"pid\":\\d+", "\"pid\":" + endedPid()));
        Cli.Run dead = Cli.run(data, "search", "--collection", "notes", "--mode", "bm25", "slurry");
        assertEquals(expected, dead);
        assertEquals(0, forwarded(before));
        Files.delete(file);
    }

    @Test
    void theCliEndpointRunsOnlyTheFourCommandsAndNeverAnotherWorkspaceOrUser() throws Exception {
        String token = Files.readString(server.tokenFile(), StandardCharsets.UTF_8).strip();
        for (String args : List.of("[\"users\", \"list\"]", "[\"--user\", \"ana\", \"search\", \"--collection\","
                + " \"notes\", \"x\"]", "[\"--data\", \"/tmp\", \"search\", \"--collection\", \"notes\", \"x\"]",
                "[\"model\", \"add\", \"/tmp/x\"]", "\"ask\"")) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.uri() + "/enclave/cli")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"args\": " + args + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), args + ": " + r.body());
            assertEquals("args", JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error")
                    .get("param").getAsString());
        }
    }

    private static long endedPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.pid();
    }

    private static long lastSeq() {
        return workspace.auditLog().tail(1).get(0).seq();
    }

    /** How many {@code POST /enclave/cli} requests the server audited after {@code seq}. */
    private static long forwarded(long seq) {
        List<AuditEntry> tail = workspace.auditLog().tail(200);
        return tail.stream().filter(e -> e.seq() > seq && e.action().equals("serve.request")
                && e.object().equals("POST /enclave/cli")).count();
    }
}
