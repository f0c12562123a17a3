package dev.enclave.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Services;
import dev.enclave.tests.support.Workspaces;

/**
 * The remote client against a scripted OpenAI-compatible server (Jetty, in-process) that answers
 * the way other servers do (vLLM's {@code max_model_len}, a role-only first chunk, a usage chunk
 * without choices) and fails on purpose: 503 twice then success, always 429, a 400 that must not
 * be retried.
 */
class RemoteProtocolTest {
    private static final String TOKEN = "sk-test-0123456789";
    private static final String SSE_CHAT = String.join("\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}",
            ": keep-alive comment",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好\"},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\", world\"},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}",
            "data: [DONE]", "");

    @TempDir
    static Path data;
    static Workspace ws;
    static Server jetty;
    static String base;
    static Path tokenFile;
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    static final List<String> bodies = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                int n = calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                authorizations.add(String.valueOf(request.getHeaders().get("Authorization")));
                if (request.getMethod().equals("POST")) {
                    bodies.add(Content.Source.asString(request, StandardCharsets.UTF_8));
                }
                if (path.endsWith("/v1/models")) {
                    return send(response, callback, 200, "application/json", "{\"object\":\"list\",\"data\":"
                            + "[{\"id\":\"m\",\"object\":\"model\",\"max_model_len\":2048}]}");
                }
                if (path.equals("/flaky/v1/chat/completions") && n <= 2) {
                    return send(response, callback, 503, "application/json",
                            "{\"error\":{\"message\":\"loading\"}}");
                }
                if (path.equals("/flaky/v1/chat/completions")) {
                    return send(response, callback, 200, "text/event-stream", SSE_CHAT);
                }
                if (path.equals("/silent/v1/completions")) {
                    // One piece, then silence longer than the client's read timeout.
                    response.setStatus(200);
                    response.getHeaders().put("Content-Type", "text/event-stream; charset=utf-8");
                    Callback.Completable first = new Callback.Completable();
                    response.write(false, java.nio.ByteBuffer.wrap(
                            "data: {\"choices\":[{\"index\":0,\"text\":\"Hel\"}]}\n\n".getBytes(StandardCharsets.UTF_8)),
                            first);
                    first.get();
                    Thread.sleep(4000);
                    return send(response, callback, 200, "text/event-stream",
                            "data: {\"choices\":[{\"index\":0,\"text\":\"lo\"}]}\n\ndata: [DONE]\n\n");
                }
                if (path.startsWith("/busy/")) {
                    return send(response, callback, 429, "application/json",
                            "{\"error\":{\"message\":\"too many requests\"}}");
                }
                if (path.startsWith("/bad/")) {
                    return send(response, callback, 400, "application/json",
                            "{\"error\":{\"message\":\"max_tokens is too large\"}}");
                }
                return send(response, callback, 404, "text/plain", "no such path");
            }
        });
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        tokenFile = data.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("r--------"));
        Path ws0 = Files.createDirectories(data.resolve("ws"));
        ws = Workspaces.open(ws0, OsIdentity.current());
        ws.settings().put(ModelRegistry.REMOTE_RETRIES_SETTING, "3");
        ws.settings().put(ModelRegistry.REMOTE_BACKOFF_SETTING, "10");
        for (String name : List.of("flaky", "busy", "bad", "silent")) {
            Cli.Run r = Cli.run(ws0, "model", "add-remote", name, "--url", base + "/" + name + "/v1", "--model", "m",
                    "--token-file", tokenFile.toString());
            assertEquals(0, r.code(), r.toString());
        }
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", type + "; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    private static LanguageModel open(String name) {
        ModelRegistry registry = Services.get(ModelRegistry.class);
        return registry.openLanguageModel(ws, registry.resolve(ws, name), null, Progress.silent());
    }

    @Test
    void retriesA503ThenReadsAStreamInTheShapeOtherServersSend() throws IOException {
        String manifest = Files.readString(data.resolve("ws").resolve("models").resolve("flaky")
                .resolve("enclave-model.json"));
        assertEquals(2048, JsonParser.parseString(manifest).getAsJsonObject().get("context_length").getAsInt());
        List<String> pieces = new ArrayList<>();
        try (LanguageModel lm = open("flaky")) {
            assertEquals(2048, lm.contextLength(), "from the server's max_model_len");
            Generation g = lm.generate(lm.encode(lm.chatPrompt(List.of(ChatMessage.system("Be brief."),
                    ChatMessage.user("Say hello")))), GenerationSettings.greedy(3), (p, id) -> pieces.add(p),
                    Progress.silent());
            assertEquals("你好, world", g.text());
            assertEquals(List.of("你好", ", world"), pieces);
            assertEquals(3, g.tokenIds().size(), "the server's completion_tokens");
            assertEquals(7, g.promptTokens());
            assertEquals("max-tokens", g.stopReason());
        }
        assertEquals(3, calls.get("/flaky/v1/chat/completions").get(), "two 503s, then the answer");
        JsonObject sent = JsonParser.parseString(bodies.getLast()).getAsJsonObject();
        assertEquals("m", sent.get("model").getAsString());
        assertTrue(sent.get("stream").getAsBoolean());
        assertEquals(3, sent.get("max_tokens").getAsInt());
        assertEquals(0, sent.get("temperature").getAsDouble());
        assertEquals("system", sent.getAsJsonArray("messages").get(0).getAsJsonObject().get("role").getAsString());
        assertEquals("Say hello", sent.getAsJsonArray("messages").get(1).getAsJsonObject().get("content")
                .getAsString());
        assertTrue(authorizations.contains("Bearer " + TOKEN), "the token file's token is sent");
    }

    @Test
    void aStreamThatGoesSilentPastTheReadTimeoutFails() {
        ws.settings().put(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING, "1");
        try {
            Cli.Run r = Cli.run(data.resolve("ws"), "model", "generate", "--model", "silent", "hello");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.out().startsWith("Hel"), "the first piece was streamed: " + r.out());
            assertTrue(r.err().contains("the answer stopped for more than 1 s")
                    && r.err().contains(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING), r.err());
        } finally {
            ws.settings().put(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING, null);
        }
    }

    @Test
    void a429IsRetriedAndThenReported() {
        Cli.Run r = Cli.run(data.resolve("ws"), "model", "generate", "--model", "busy", "hello");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("HTTP 429: too many requests") && r.err().contains("tried 4 times"), r.err());
        assertEquals(4, calls.get("/busy/v1/completions").get());
    }

    @Test
    void a400IsNotRetriedAndItsMessageIsShown() {
        Cli.Run r = Cli.run(data.resolve("ws"), "model", "generate", "--model", "bad", "hello");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("'bad'") && r.err().contains(base + "/bad/v1")
                && r.err().contains("HTTP 400: max_tokens is too large"), r.err());
        assertEquals(1, calls.get("/bad/v1/completions").get(), "a client error is not retried");
        assertFalse(r.err().contains(TOKEN));
    }
}
