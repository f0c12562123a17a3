package dev.enclave.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
 * Issue 18, done-when #1: the official OpenAI client library (npm {@code openai}, pinned and checksummed in this
 * bundle's pom.xml, run by {@code node}) against {@code enclave serve} over the tiny fixture chat model. It lists
 * the models, gets a chat completion plain and streamed with the greedy text of
 * {@code enclave model generate --chat --temperature 0}, gets 512-d embeddings from {@code bge-small-zh-v1.5}
 * equal to {@code enclave model embed}'s, and gets 401 with a wrong token; the token file has mode 600.
 */
class ServeOpenAiClientTest {
    private static final String MODEL = "tiny";
    private static final String PROMPT = "Hello, who are you?";
    private static final int MAX_TOKENS = 24;
    private static final List<String> TEXTS = List.of("贷款担保圈", "wafer yield excursion");

    @TempDir
    static Path data;
    static Workspace workspace;
    static Subject admin;
    static RunningServer server;
    static JsonObject client;

    @BeforeAll
    static void startAndRunTheClient() throws Exception {
        workspace = Workspaces.open(data, OsIdentity.current());
        admin = Workspaces.login(workspace, OsIdentity.current());
        Services.get(ModelRegistry.class).add(workspace, admin, Fixtures.model("qwen2-tiny"), MODEL, Progress.silent());
        server = Services.get(EnclaveServer.class).start(workspace, admin, ServeOptions.loopback(0));
        String token = Files.readString(server.tokenFile(), StandardCharsets.UTF_8).strip();
        client = runClient(server.uri() + "/v1", token);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theClientIsTheOfficialLibraryAtThePinnedVersion() {
        assertEquals("6.49.0", client.get("client").getAsString());
    }

    @Test
    void listsTheModels() {
        List<String> ids = new ArrayList<>();
        client.getAsJsonArray("models").forEach(e -> ids.add(e.getAsString()));
        assertEquals(List.of(MODEL, ModelRegistry.BUILT_IN_EMBEDDER), ids);
    }

    @Test
    void chatCompletionPlainAndStreamedGiveTheGreedyTextOfModelGenerateChat() {
        Cli.Run local = Cli.run(data, "--local", "--json", "model", "generate", "--model", MODEL, "--chat", "--temperature", "0",
                "--max-new-tokens", Integer.toString(MAX_TOKENS), PROMPT);
        assertEquals(0, local.code(), local.toString());
        JsonObject expected = JsonParser.parseString(local.out()).getAsJsonObject();
        String text = expected.get("text").getAsString();
        assertFalse(text.isBlank(), "the fixture model says something: " + local.out());
        int newTokens = expected.get("new_tokens").getAsInt();

        JsonObject chat = client.getAsJsonObject("chat");
        assertEquals(text, chat.get("text").getAsString());
        assertEquals(newTokens == MAX_TOKENS ? "length" : "stop", chat.get("finish_reason").getAsString());
        JsonObject usage = chat.getAsJsonObject("usage");
        assertEquals(expected.get("prompt_tokens").getAsInt(), usage.get("prompt_tokens").getAsInt());
        assertEquals(newTokens, usage.get("completion_tokens").getAsInt());

        JsonObject stream = client.getAsJsonObject("stream");
        assertEquals(text, stream.get("text").getAsString());
        assertTrue(stream.get("chunks").getAsInt() > 4, "the answer arrives in pieces: " + stream);
        assertEquals(chat.get("finish_reason").getAsString(), stream.get("finish_reason").getAsString());
        assertEquals(newTokens, stream.getAsJsonObject("usage").get("completion_tokens").getAsInt());
    }

    @Test
    void embeddingsOfTheBuiltInEmbedderHave512DimensionsAndEqualModelEmbed() {
        Cli.Run local = Cli.run(data, "--local", "--json", "model", "embed", "--model", ModelRegistry.BUILT_IN_EMBEDDER,
                TEXTS.get(0), TEXTS.get(1));
        assertEquals(0, local.code(), local.toString());
        JsonArray expected = JsonParser.parseString(local.out()).getAsJsonObject().getAsJsonArray("vectors");
        JsonObject embeddings = client.getAsJsonObject("embeddings");
        assertEquals(ModelRegistry.BUILT_IN_EMBEDDER, embeddings.get("model").getAsString());
        // The client asks for base64 by default and decodes it; float is the other encoding.
        for (String encoding : List.of("base64", "float")) {
            JsonArray rows = embeddings.getAsJsonArray(encoding);
            assertEquals(TEXTS.size(), rows.size(), encoding);
            for (int i = 0; i < TEXTS.size(); i++) {
                JsonArray v = rows.get(i).getAsJsonArray();
                JsonArray e = expected.get(i).getAsJsonArray();
                assertEquals(512, v.size(), encoding);
                for (int k = 0; k < 512; k++) {
                    assertEquals(e.get(k).getAsFloat(), v.get(k).getAsFloat(), 1e-6f, encoding + " row " + i + "[" + k
                            + "]");
                }
            }
        }
    }

    @Test
    void aWrongTokenGets401AndTheTokenFileHasMode600() throws IOException {
        JsonObject wrong = client.getAsJsonObject("wrong_token");
        assertEquals(401, wrong.get("status").getAsInt(), wrong.toString());
        assertTrue(wrong.get("authentication_error").getAsBoolean(), wrong.toString());
        assertEquals(data.resolve("serve").resolve("token"), server.tokenFile());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(server.tokenFile()));
    }

    /** Runs {@code node openai-client.mjs} as the build laid it out under target/node; fails when node is missing. */
    private static JsonObject runClient(String baseUrl, String token) throws Exception {
        Path dir = Path.of(System.getProperty("test.output", "target")).resolve("node");
        Path script = dir.resolve("openai-client.mjs");
        assertTrue(Files.isRegularFile(dir.resolve("node_modules/openai/package.json")) && Files.isRegularFile(script),
                "The build puts the npm package 'openai' and openai-client.mjs under " + dir
                        + " (generate-test-resources of this bundle's pom.xml): build with Maven.");
        List<String> command = new ArrayList<>(List.of("node", script.toString(), baseUrl, token, MODEL, PROMPT,
                Integer.toString(MAX_TOKENS), ModelRegistry.BUILT_IN_EMBEDDER));
        command.addAll(TEXTS);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail("Node.js is needed to run the official OpenAI client ('node' on the PATH, version 18 or later);"
                    + " install it (CI: .ci/run installs nodejs when 'node' is missing): " + e.getMessage());
            throw e;
        }
        p.getOutputStream().close();
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // The exit code below says enough.
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node openai-client.mjs did not finish within 180 s");
        }
        drain.join();
        assertEquals(0, p.exitValue(), "node openai-client.mjs failed:\n" + err.toString(StandardCharsets.UTF_8)
                + "\n" + out);
        JsonElement doc = JsonParser.parseString(out.strip());
        return doc.getAsJsonObject();
    }
}
