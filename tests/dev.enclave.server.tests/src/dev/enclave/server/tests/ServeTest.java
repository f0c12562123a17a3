package dev.enclave.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.Embeddings;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.server.EnclaveServer;
import dev.enclave.server.RunningServer;
import dev.enclave.server.ServeOptions;
import dev.enclave.server.ServeTokens;
import dev.enclave.server.internal.JettyEnclaveServer;
import dev.enclave.server.internal.ModelQueues;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Fixtures;
import dev.enclave.tests.support.Services;
import dev.enclave.tests.support.Workspaces;

/**
 * {@code enclave serve} in-process on a free loopback port, over a workspace with the tiny fixture
 * decoder, driven over HTTP by the JDK's client as an OpenAI client would drive it.
 */
class ServeTest {
    private static final String MODEL = "tiny";
    private static final String PROMPT = "Hello, who are you?";
    private static final long BODY_LIMIT = 64 * 1024;

    @TempDir
    static Path data;
    @TempDir
    static Path outside;
    static Workspace workspace;
    static Subject admin;
    static RunningServer server;
    static String token;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        workspace = Workspaces.open(data, OsIdentity.current());
        admin = Workspaces.login(workspace, OsIdentity.current());
        Services.get(ModelRegistry.class).add(workspace, admin, Fixtures.model("qwen2-tiny"), MODEL, Progress.silent());
        server = Services.get(EnclaveServer.class).start(workspace, admin,
                ServeOptions.loopback(0).withQueue(0).withMaxBodyBytes(BODY_LIMIT));
        token = Files.readString(server.tokenFile(), StandardCharsets.UTF_8).strip();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theAdministratorsTokenFileIsPrivateAndOnlyItsHashIsStored() throws IOException {
        assertEquals(data.resolve("serve").resolve("token"), server.tokenFile());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(server.tokenFile()));
        String store = Files.readString(data.resolve("serve").resolve("tokens.json"), StandardCharsets.UTF_8);
        assertFalse(store.contains(token), "tokens.json must hold hashes, not the token");
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(data.resolve("serve").resolve("tokens.json")));
    }

    @Test
    void listsTheWorkspaceModelsAndTheBuiltInEmbedder() throws Exception {
        HttpResponse<String> r = get("/v1/models", token);
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonElement m : json(r).getAsJsonArray("data")) {
            ids.add(m.getAsJsonObject().get("id").getAsString());
            assertEquals("model", m.getAsJsonObject().get("object").getAsString());
        }
        assertEquals(List.of(MODEL, ModelRegistry.BUILT_IN_EMBEDDER), ids);
    }

    @Test
    void aMissingOrWrongTokenGets401AndIsAudited() throws Exception {
        HttpResponse<String> wrong = get("/v1/models", "enc-" + "x".repeat(43));
        assertEquals(401, wrong.statusCode());
        assertEquals("authentication_error", json(wrong).getAsJsonObject("error").get("type").getAsString());
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(uri("/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, missing.statusCode());
        List<AuditEntry> denied = workspace.auditLog().tail(50).stream()
                .filter(e -> e.action().equals("serve.request") && e.outcome().equals(AuditEntry.DENIED)).toList();
        assertTrue(denied.size() >= 2, "both refusals are audited: " + denied);
    }

    @Test
    void chatCompletionPlainAndStreamedGiveTheGreedyTextOfModelCalls() throws Exception {
        Generation expected = reference(true, 24);
        JsonObject body = request(24);
        HttpResponse<String> r = post("/v1/chat/completions", body.toString(), token);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject answer = json(r);
        assertEquals("chat.completion", answer.get("object").getAsString());
        JsonObject choice = answer.getAsJsonArray("choices").get(0).getAsJsonObject();
        assertEquals(expected.text(), choice.getAsJsonObject("message").get("content").getAsString());
        assertEquals(expected.stopReason().equals("max-tokens") ? "length" : "stop",
                choice.get("finish_reason").getAsString());
        JsonObject usage = answer.getAsJsonObject("usage");
        assertEquals(expected.promptTokens(), usage.get("prompt_tokens").getAsInt());
        assertEquals(expected.tokenIds().size(), usage.get("completion_tokens").getAsInt());
        assertEquals(expected.promptTokens() + expected.tokenIds().size(), usage.get("total_tokens").getAsInt());

        body.addProperty("stream", true);
        JsonObject options = new JsonObject();
        options.addProperty("include_usage", true);
        body.add("stream_options", options);
        HttpResponse<java.util.stream.Stream<String>> s = HTTP.send(authorized("/v1/chat/completions", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, s.statusCode());
        assertTrue(s.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> events = s.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonObject streamedUsage = null;
        for (String e : events.subList(0, events.size() - 1)) {
            JsonObject chunk = JsonParser.parseString(e).getAsJsonObject();
            assertEquals("chat.completion.chunk", chunk.get("object").getAsString());
            if (chunk.has("usage")) {
                streamedUsage = chunk.getAsJsonObject("usage");
                continue;
            }
            JsonObject c = chunk.getAsJsonArray("choices").get(0).getAsJsonObject();
            JsonObject delta = c.getAsJsonObject("delta");
            if (delta.has("content")) {
                text.append(delta.get("content").getAsString());
            }
            if (!c.get("finish_reason").isJsonNull()) {
                finish = c.get("finish_reason").getAsString();
            }
        }
        assertTrue(events.size() > 4, "the answer arrives in pieces: " + events.size() + " events");
        assertEquals(expected.text(), text.toString());
        assertEquals(choice.get("finish_reason").getAsString(), finish);
        assertNotNull(streamedUsage);
        assertEquals(expected.tokenIds().size(), streamedUsage.get("completion_tokens").getAsInt());
    }

    @Test
    void plainCompletionGivesTheGreedyTextOfModelCalls() throws Exception {
        Generation expected = reference(false, 12);
        JsonObject body = request(12);
        body.remove("messages");
        body.addProperty("prompt", PROMPT);
        HttpResponse<String> r = post("/v1/completions", body.toString(), token);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject choice = json(r).getAsJsonArray("choices").get(0).getAsJsonObject();
        assertEquals(expected.text(), choice.get("text").getAsString());
        assertEquals("text_completion", json(r).get("object").getAsString());
    }

    @Test
    void embeddingsFromTheBuiltInEmbedderHave512DimensionsAndMatchModelCalls() throws Exception {
        List<String> texts = List.of("贷款担保圈", "wafer yield excursion");
        JsonObject body = new JsonObject();
        body.addProperty("model", ModelRegistry.BUILT_IN_EMBEDDER);
        JsonArray input = new JsonArray();
        texts.forEach(input::add);
        body.add("input", input);
        HttpResponse<String> r = post("/v1/embeddings", body.toString(), token);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray rows = json(r).getAsJsonArray("data");
        assertEquals(2, rows.size());
        Embeddings expected = Services.get(ModelCalls.class).embed(workspace, admin, ModelRegistry.BUILT_IN_EMBEDDER,
                null, texts, Progress.silent());
        for (int i = 0; i < 2; i++) {
            JsonArray v = rows.get(i).getAsJsonObject().getAsJsonArray("embedding");
            assertEquals(512, v.size());
            for (int k = 0; k < 512; k++) {
                assertEquals(expected.vectors()[i][k], v.get(k).getAsFloat(), 1e-6f);
            }
        }
    }

    @Test
    void badJsonGets400WithAMessage() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\": \"tiny\", \"messages\": [", token);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).getAsJsonObject("error").get("message").getAsString().contains("not valid JSON"), r.body());
        HttpResponse<String> badParam = post("/v1/chat/completions",
                "{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_p\": 3}", token);
        assertEquals(400, badParam.statusCode());
        assertEquals("top_p", json(badParam).getAsJsonObject("error").get("param").getAsString());
        HttpResponse<String> unknown = post("/v1/chat/completions",
                "{\"model\": \"nope\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", token);
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String big = "{\"model\": \"tiny\", \"prompt\": \"" + "a".repeat((int) BODY_LIMIT) + "\"}";
        assertEquals(413, post("/v1/completions", big, token).statusCode());
    }

    @Test
    void aFullQueueGets429() throws Exception {
        ModelQueues queues = JettyEnclaveServer.queues(server);
        try (ModelQueues.Slot busy = queues.enter(MODEL)) {
            assertNotNull(busy);
            HttpResponse<String> r = post("/v1/chat/completions", request(2).toString(), token);
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("rate_limit_error", json(r).getAsJsonObject("error").get("type").getAsString());
        }
        assertEquals(200, post("/v1/chat/completions", request(2).toString(), token).statusCode());
    }

    @Test
    void eachTokenActsAsItsUserUntilRevoked() throws Exception {
        workspace.security().putUser(admin, "ana", List.of("auditor"));
        ServeTokens tokens = Services.get(ServeTokens.class);
        Subject ana = new Subject("ana", Set.of("auditor"), OsIdentity.current(), true);
        assertThrows(AccessDeniedException.class, () -> tokens.create(workspace, ana, "ana"));
        assertThrows(EnclaveException.class, () -> tokens.create(workspace, admin, "nobody"));
        String anas = tokens.create(workspace, admin, "ana");
        assertEquals(200, get("/v1/models", anas).statusCode());
        AuditEntry last = workspace.auditLog().tail(1).get(0);
        assertEquals("serve.request", last.action());
        assertEquals("ana", last.user());
        assertEquals(1, tokens.revoke(workspace, admin, "ana"));
        assertEquals(401, get("/v1/models", anas).statusCode());

        workspace.security().putUser(admin, "bo", List.of("engineer"));
        String bos = tokens.create(workspace, admin, "bo");
        workspace.security().removeUser(admin, "bo");
        HttpResponse<String> gone = get("/v1/models", bos);
        assertEquals(403, gone.statusCode(), gone.body());
    }

    @Test
    void searchAnswersWithTheCommandLinesJson() throws Exception {
        Path docs = Files.createDirectories(outside.resolve("docs"));
        Files.writeString(docs.resolve("note.txt"), "The guarantee circle links three borrowers in Suzhou.\n");
        Cli.Run created = Cli.run(data, "collections", "create", "notes", "--no-vectors");
        assertEquals(0, created.code(), created.toString());
        Cli.Run ingested = Cli.run(data, "ingest", "--collection", "notes", docs.toString());
        assertEquals(0, ingested.code(), ingested.toString());
        String cli = Cli.run(data, "--local", "--json", "search", "--collection", "notes", "--mode", "bm25", "guarantee circle")
                .out().strip();
        HttpResponse<String> r = post("/enclave/search",
                "{\"collection\": \"notes\", \"mode\": \"bm25\", \"query\": \"guarantee circle\"}", token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(JsonParser.parseString(cli), JsonParser.parseString(r.body()));
        assertTrue(r.body().contains("note.txt"), r.body());
    }

    @Test
    void tokenCommandsCreateListAndRevokeForAdministratorsOnly() throws Exception {
        workspace.security().putUser(admin, "cy", List.of("engineer"));
        Cli.Run created = Cli.run(data, "--json", "serve", "token", "create", "cy");
        assertEquals(0, created.code(), created.toString());
        String secret = JsonParser.parseString(created.out()).getAsJsonObject().get("token").getAsString();
        assertEquals(200, get("/v1/models", secret).statusCode());
        Cli.Run listed = Cli.run(data, "--json", "serve", "token", "list");
        assertEquals(0, listed.code(), listed.toString());
        assertTrue(listed.out().contains("\"cy\""), listed.out());
        assertFalse(listed.out().contains(secret), "the list never shows secrets");
        assertEquals(2, Cli.run(data, "serve", "token", "create", "nobody").code());
        assertEquals(1, Cli.run(data, "--user", "cy", "serve", "token", "create", "cy").code());
        assertEquals(0, Cli.run(data, "serve", "token", "revoke", "cy").code());
        assertEquals(401, get("/v1/models", secret).statusCode());
        assertEquals(2, Cli.run(data, "serve", "--host", "0.0.0.0", "--port", "0").code());
    }

    @Test
    void aClientThatDisconnectsStopsItsGeneration() throws Exception {
        int max = 1500;
        JsonObject body = request(max);
        body.remove("messages");
        body.addProperty("prompt", PROMPT);
        body.addProperty("stream", true);
        long before = workspace.auditLog().tail(1).get(0).seq();
        HttpResponse<java.io.InputStream> r = HTTP.send(authorized("/v1/completions", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertTrue(in.readLine().startsWith("data: "));
        }
        // Closing the stream early hangs up; the server notices at its next token and stops generating.
        AuditEntry request = null;
        for (int i = 0; i < 600 && request == null; i++) {
            request = workspace.auditLog().tail(20).stream().filter(e -> e.seq() > before
                    && e.action().equals("serve.request") && e.object().equals("POST /v1/completions"))
                    .findFirst().orElse(null);
            if (request == null) {
                Thread.sleep(100);
            }
        }
        assertNotNull(request, "the streamed request was audited");
        assertTrue(request.detail().contains(", cancelled after "), request.detail());
        assertEquals(AuditEntry.FAILURE, request.outcome(), "a stream cut short is not a success");
        int generated = Integer.parseInt(request.detail().replaceAll(".*cancelled after (\\d+) tokens.*", "$1"));
        assertTrue(generated < max, request.detail());
    }

    @Test
    void aNonLoopbackHostNeedsATlsKeyStore() {
        EnclaveException e = assertThrows(EnclaveException.class, () -> Services.get(EnclaveServer.class)
                .start(workspace, admin, new ServeOptions("0.0.0.0", 0, null, null, BODY_LIMIT, 1)));
        assertTrue(e.isBadInput());
        assertTrue(e.getMessage().contains("--tls-keystore"), e.getMessage());
    }

    private static Generation reference(boolean chat, int maxTokens) {
        ModelRegistry registry = Services.get(ModelRegistry.class);
        try (LanguageModel lm = registry.openLanguageModel(registry.resolve(workspace, MODEL), Progress.silent())) {
            return Services.get(ModelCalls.class).generate(workspace, admin, lm, PROMPT, null, chat,
                    GenerationSettings.greedy(maxTokens), null, Progress.silent());
        }
    }

    private static JsonObject request(int maxTokens) {
        JsonObject body = new JsonObject();
        body.addProperty("model", MODEL);
        JsonArray messages = new JsonArray();
        JsonObject user = new JsonObject();
        user.addProperty("role", "user");
        user.addProperty("content", PROMPT);
        messages.add(user);
        body.add("messages", messages);
        body.addProperty("temperature", 0);
        body.addProperty("seed", 0);
        body.addProperty("max_tokens", maxTokens);
        return body;
    }

    private static URI uri(String path) {
        return URI.create(server.uri() + path);
    }

    private static HttpRequest.Builder authorized(String path, String bearer) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer);
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        return HTTP.send(authorized(path, bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        return HTTP.send(authorized(path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
