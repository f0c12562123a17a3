package dev.enclave.server.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Hashes;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.Embeddings;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.server.EnclaveServer;
import dev.enclave.server.RunningServer;
import dev.enclave.server.ServeOptions;
import dev.enclave.studio.PiiMasker;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Fixtures;
import dev.enclave.tests.support.Services;
import dev.enclave.tests.support.Workspaces;

/**
 * Remote models: workspace A serves the fixture chat model and the built-in embedder
 * ({@code enclave serve}, in-process on a free port); workspace B registers them with
 * {@code enclave model add-remote} and must get what A computes locally.
 */
class RemoteModelTest {
    private static final String MODEL = "tiny";
    private static final String PROMPT = "Hello, who are you?";

    @TempDir
    static Path dataA;
    @TempDir
    static Path dataB;
    @TempDir
    static Path secrets;
    static Workspace a;
    static Workspace b;
    static Subject adminA;
    static Subject adminB;
    static RunningServer server;
    static Path tokenFile;

    @BeforeAll
    static void start() throws IOException {
        a = Workspaces.open(dataA, OsIdentity.current());
        adminA = Workspaces.login(a, OsIdentity.current());
        Services.get(ModelRegistry.class).add(a, adminA, Fixtures.model("qwen2-tiny"), MODEL, Progress.silent());
        server = Services.get(EnclaveServer.class).start(a, adminA, ServeOptions.loopback(0));
        tokenFile = privateFile(secrets.resolve("a.token"), Files.readString(server.tokenFile()).strip());
        b = Workspaces.open(dataB, OsIdentity.current());
        adminB = Workspaces.login(b, OsIdentity.current());
        b.settings().put(ModelRegistry.REMOTE_RETRIES_SETTING, "2");
        b.settings().put(ModelRegistry.REMOTE_BACKOFF_SETTING, "20");
        Cli.Run added = Cli.run(dataB, "model", "add-remote", "a-tiny", "--url", url(server), "--model", MODEL,
                "--token-file", tokenFile.toString());
        assertEquals(0, added.code(), added.toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(RunningServer s) {
        return s.uri() + "/v1";
    }

    private static Path privateFile(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A's own greedy text for {@code text}, from the local model. */
    private static Generation local(String text, boolean chat, int maxTokens) {
        ModelRegistry registry = Services.get(ModelRegistry.class);
        try (LanguageModel lm = registry.openLanguageModel(registry.resolve(a, MODEL), Progress.silent())) {
            return Services.get(ModelCalls.class).generate(a, adminA, lm, text, null, chat,
                    GenerationSettings.greedy(maxTokens), null, Progress.silent());
        }
    }

    private static List<AuditEntry> audit(Workspace ws, String action) {
        return ws.auditLog().tail(500).stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void theManifestRecordsTheEndpointAndTheTokenFileButNotTheToken() throws IOException {
        String manifest = Files.readString(dataB.resolve("models").resolve("a-tiny").resolve("enclave-model.json"));
        JsonObject m = JsonParser.parseString(manifest).getAsJsonObject();
        assertEquals("remote", m.get("format").getAsString());
        assertEquals("chat", m.get("kind").getAsString());
        assertEquals(url(server), m.get("url").getAsString());
        assertEquals(MODEL, m.get("remote_model").getAsString());
        assertEquals(tokenFile.toString(), m.get("token_file").getAsString());
        String token = Files.readString(tokenFile).strip();
        assertFalse(manifest.contains(token), manifest);
        for (AuditEntry e : b.auditLog().tail(500)) {
            assertFalse(e.detail().contains(token), "the token is never logged: " + e);
        }
        Cli.Run list = Cli.run(dataB, "--json", "model", "list");
        assertEquals(0, list.code(), list.toString());
        JsonObject row = null;
        for (var e : JsonParser.parseString(list.out()).getAsJsonObject().getAsJsonArray("models")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("a-tiny")) {
                row = e.getAsJsonObject();
            }
        }
        assertNotNull(row, list.out());
        assertEquals("remote", row.get("format").getAsString());
        assertEquals("decoder", row.get("kind").getAsString());
        assertEquals(url(server), row.get("url").getAsString());
        String text = Cli.run(dataB, "model", "list").out();
        assertTrue(text.lines().anyMatch(l -> l.contains("a-tiny") && l.contains("remote chat")
                && l.contains(MODEL + " at " + url(server))), text);
    }

    @Test
    void modelGenerateThroughTheRemoteGivesTheLocalGreedyText() {
        // A's own 'model generate' on its local model, and B's through A's serve.
        Cli.Run localRun = Cli.run(dataA, "--local", "--json", "model", "generate", "--model", MODEL, "--max-new-tokens", "24",
                PROMPT);
        assertEquals(0, localRun.code(), localRun.toString());
        JsonObject expected = JsonParser.parseString(localRun.out()).getAsJsonObject();
        assertFalse(expected.get("text").getAsString().isEmpty());
        Cli.Run r = Cli.run(dataB, "--json", "model", "generate", "--model", "a-tiny", "--max-new-tokens", "24",
                PROMPT);
        assertEquals(0, r.code(), r.toString());
        JsonObject g = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(expected.get("text").getAsString(), g.get("text").getAsString());
        assertEquals(expected.get("new_tokens").getAsInt(), g.get("new_tokens").getAsInt(), "the server's count");
        assertEquals(expected.get("prompt_tokens").getAsInt(), g.get("prompt_tokens").getAsInt());
        assertEquals(expected.get("stop_reason").getAsString(), g.get("stop_reason").getAsString());
        // And the same as A's ModelCalls: the reference the server's own tests use.
        assertEquals(local(PROMPT, false, 24).text(), g.get("text").getAsString());
        // B audits the call with the endpoint, never the prompt.
        AuditEntry call = audit(b, "model.remote").getLast();
        assertEquals(AuditEntry.SUCCESS, call.outcome());
        assertTrue(call.detail().contains(url(server) + "/completions model " + MODEL), call.detail());
        assertFalse(call.detail().contains(PROMPT), call.detail());
        AuditEntry generate = audit(b, "model.generate").getLast();
        assertTrue(generate.detail().contains("endpoint " + url(server) + " model " + MODEL), generate.detail());
    }

    @Test
    void chatIsStreamedPieceByPieceAndMatchesTheLocalChatTemplateAnswer() {
        Generation expected = local(PROMPT, true, 20);
        ModelRegistry registry = Services.get(ModelRegistry.class);
        List<String> pieces = new ArrayList<>();
        try (LanguageModel lm = registry.openLanguageModel(b, registry.resolve(b, "a-tiny"), null, Progress.silent())) {
            assertTrue(lm.hasChatTemplate());
            Generation g = Services.get(ModelCalls.class).generate(b, adminB, lm, PROMPT, null, true,
                    GenerationSettings.greedy(20), (piece, id) -> pieces.add(piece), Progress.silent());
            assertEquals(expected.text(), g.text());
            assertEquals(expected.text(), String.join("", pieces));
            assertTrue(pieces.size() > 1, "streamed, not one block: " + pieces);
            assertEquals(expected.tokenIds().size(), g.tokenIds().size());
        }
        assertTrue(audit(b, "model.remote").getLast().detail().contains("/chat/completions"));
    }

    @Test
    void cancellingStopsTheStream() {
        ModelRegistry registry = Services.get(ModelRegistry.class);
        Progress progress = Progress.silent();
        List<String> pieces = new ArrayList<>();
        try (LanguageModel lm = registry.openLanguageModel(b, registry.resolve(b, "a-tiny"), null, Progress.silent())) {
            Generation g = lm.generate(lm.encode(PROMPT), GenerationSettings.greedy(400), (piece, id) -> {
                pieces.add(piece);
                if (pieces.size() == 3) {
                    progress.cancel();
                }
            }, progress);
            assertEquals("cancelled", g.stopReason());
            assertTrue(g.tokenIds().size() < 400 && pieces.size() < 400, "stopped early: " + pieces.size());
            assertEquals(String.join("", pieces), g.text());
        }
    }

    @Test
    void aBadTimeoutSettingIsNamed() {
        b.settings().put(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING, "soon");
        try {
            Cli.Run r = Cli.run(dataB, "model", "generate", "--model", "a-tiny", PROMPT);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING) && r.err().contains("'soon'"),
                    r.err());
        } finally {
            b.settings().put(ModelRegistry.REMOTE_READ_TIMEOUT_SETTING, null);
        }
    }

    @Test
    void theAssistantsWayOfCallingTheChatModelWorksUnchanged() {
        // What the assistant and the audit model pass do: the workspace's chat model, its chat
        // template, encode, room left in the context, generate.
        Generation expected = local(PROMPT, true, 16);
        Services.get(ModelCalls.class).use(b, adminB, "a-tiny", null);
        try (LanguageModel lm = Services.get(ModelRegistry.class).openChatModel(b, Progress.silent())) {
            int[] ids = lm.encode(lm.chatPrompt(List.of(ChatMessage.user(PROMPT))));
            assertTrue(lm.contextLength() - ids.length > 16, "room left: " + lm.contextLength());
            StringBuilder streamed = new StringBuilder();
            Generation g = lm.generate(ids, GenerationSettings.greedy(16), (piece, id) -> streamed.append(piece),
                    Progress.silent());
            assertEquals(expected.text(), g.text());
            assertEquals(expected.text(), streamed.toString());
        } finally {
            b.settings().put(ModelRegistry.CHAT_MODEL_SETTING, null);
        }
    }

    @Test
    void askAnswersWithTheRemoteChatModel() throws IOException {
        Path docs = Files.createDirectories(secrets.resolve("docs"));
        Files.writeString(docs.resolve("note.txt"), "The guarantee circle links three borrowers in Suzhou.\n");
        assertEquals(0, Cli.run(dataB, "collections", "create", "notes", "--no-vectors").code());
        Cli.Run ingested = Cli.run(dataB, "ingest", "--collection", "notes", docs.toString());
        assertEquals(0, ingested.code(), ingested.toString());
        Cli.Run use = Cli.run(dataB, "model", "use", "--chat", "a-tiny");
        assertEquals(0, use.code(), use.toString());
        try {
            int servedBefore = audit(a, "model.chat").size();
            Cli.Run r = Cli.run(dataB, "--json", "ask", "--collection", "notes", "--mode", "bm25",
                    "What does the guarantee circle link?");
            assertEquals(0, r.code(), r.toString());
            assertTrue(JsonParser.parseString(r.out()).getAsJsonObject().has("answer"), r.out());
            // Two chat calls: the question rewritten into search keywords, then the answer (issue 16).
            assertEquals(servedBefore + 2, audit(a, "model.chat").size(),
                    "A's serve rewrote the question and answered it");
            AuditEntry call = audit(b, "model.remote").getLast();
            assertTrue(call.detail().contains(url(server) + "/chat/completions model " + MODEL), call.detail());
            assertFalse(call.detail().contains("guarantee"), "never the prompt: " + call.detail());
        } finally {
            b.settings().put(ModelRegistry.CHAT_MODEL_SETTING, null);
        }
    }

    @Test
    void aRemoteEmbeddingModelGivesTheServersVectors() {
        Cli.Run added = Cli.run(dataB, "model", "add-remote", "a-bge", "--url", url(server), "--model",
                ModelRegistry.BUILT_IN_EMBEDDER, "--token-file", tokenFile.toString(), "--kind", "embedding");
        assertEquals(0, added.code(), added.toString());
        List<String> texts = List.of("保证合同", "guarantee contract");
        Embeddings expected = Services.get(ModelCalls.class).embed(a, adminA, null, null, texts, Progress.silent());
        Cli.Run r = Cli.run(dataB, "--json", "model", "embed", "--model", "a-bge", texts.get(0), texts.get(1));
        assertEquals(0, r.code(), r.toString());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("a-bge", o.get("model").getAsString());
        assertEquals(expected.dimension(), o.get("dim").getAsInt());
        JsonArray vectors = o.getAsJsonArray("vectors");
        for (int i = 0; i < texts.size(); i++) {
            JsonArray v = vectors.get(i).getAsJsonArray();
            float[] got = new float[v.size()];
            for (int j = 0; j < got.length; j++) {
                got[j] = v.get(j).getAsFloat();
            }
            assertArrayEquals(expected.vectors()[i], got, 1e-6f, "vector " + i);
        }
        // The workspace's embedding model can be the remote one.
        try (EmbeddingModel em = Services.get(ModelRegistry.class).openEmbedder(b, "a-bge", null, Progress.silent())) {
            assertEquals(expected.dimension(), em.dimension());
        }
        Cli.Run chatAsEmbedder = Cli.run(dataB, "model", "embed", "--model", "a-tiny", "x");
        assertEquals(2, chatAsEmbedder.code(), chatAsEmbedder.toString());
        assertTrue(chatAsEmbedder.err().contains("not an embedding model"), chatAsEmbedder.err());
    }

    @Test
    void aWrongTokenIsRefusedWithAClearMessage() throws IOException {
        Path wrong = privateFile(secrets.resolve("wrong.token"), "enc-" + "x".repeat(43));
        Cli.Run r = Cli.run(dataB, "model", "add-remote", "wrong", "--url", url(server), "--model", MODEL,
                "--token-file", wrong.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("refused the token") && r.err().contains(url(server)), r.err());
        assertFalse(r.err().contains("x".repeat(43)), "the token is not shown: " + r.err());
        assertFalse(Files.exists(dataB.resolve("models").resolve("wrong")), "nothing registered");
        Cli.Run none = Cli.run(dataB, "model", "add-remote", "none", "--url", url(server), "--model", MODEL);
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("HTTP 401"), none.err());
    }

    @Test
    void onlyAdministratorsAndAiEngineersAddRemoteModels() {
        assertEquals(0, Cli.run(dataB, "users", "add", "zhang", "--role", "auditor").code());
        Cli.Run r = Cli.run(dataB, "--user", "zhang", "model", "add-remote", "by-auditor", "--url", url(server),
                "--model", MODEL, "--token-file", tokenFile.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("may not add models"), r.err());
        assertFalse(Files.exists(dataB.resolve("models").resolve("by-auditor")));
        assertEquals(AuditEntry.DENIED, audit(b, "models.add").getLast().outcome());
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws IOException {
        Path open = secrets.resolve("open.token");
        Files.copy(tokenFile, open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Run r = Cli.run(dataB, "model", "add-remote", "open", "--url", url(server), "--model", MODEL,
                "--token-file", open.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("readable by others") && r.err().contains("chmod 600"), r.err());
        assertFalse(Files.exists(dataB.resolve("models").resolve("open")));
    }

    @Test
    void badInputNamesTheInput() {
        Cli.Run url = Cli.run(dataB, "model", "add-remote", "x1", "--url", "ftp://host/v1", "--model", MODEL);
        assertEquals(2, url.code(), url.toString());
        assertTrue(url.err().contains("--url 'ftp://host/v1'"), url.err());
        Cli.Run kind = Cli.run(dataB, "model", "add-remote", "x2", "--url", url(server), "--model", MODEL,
                "--kind", "vision");
        assertEquals(2, kind.code(), kind.toString());
        assertTrue(kind.err().contains("--kind 'vision'"), kind.err());
        Cli.Run id = Cli.run(dataB, "model", "add-remote", "x3", "--url", url(server), "--model", "no-such-model",
                "--token-file", tokenFile.toString());
        assertEquals(2, id.code(), id.toString());
        assertTrue(id.err().contains("no model 'no-such-model'") && id.err().contains(MODEL), id.err());
        Cli.Run taken = Cli.run(dataB, "model", "add-remote", "a-tiny", "--url", url(server), "--model", MODEL,
                "--token-file", tokenFile.toString());
        assertEquals(2, taken.code(), taken.toString());
        assertTrue(taken.err().contains("already exists"), taken.err());
    }

    @Test
    void aStoppedServerGivesAClearErrorNamingTheUrlAfterTheRetries() throws IOException {
        Path dataC = secrets.resolve("c");
        Files.createDirectories(dataC);
        Workspace c = Workspaces.open(dataC, OsIdentity.current());
        Subject adminC = Workspaces.login(c, OsIdentity.current());
        Services.get(ModelRegistry.class).add(c, adminC, Fixtures.model("qwen2-tiny"), MODEL, Progress.silent());
        RunningServer other = Services.get(EnclaveServer.class).start(c, adminC, ServeOptions.loopback(0));
        String otherUrl = url(other);
        Path otherToken = privateFile(secrets.resolve("c.token"), Files.readString(other.tokenFile()).strip());
        Cli.Run added = Cli.run(dataB, "model", "add-remote", "c-tiny", "--url", otherUrl, "--model", MODEL,
                "--token-file", otherToken.toString());
        assertEquals(0, added.code(), added.toString());
        other.close();
        long before = System.nanoTime();
        Cli.Run r = Cli.run(dataB, "model", "generate", "--model", "c-tiny", PROMPT);
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("the model server URL " + otherUrl + " is not reachable"), r.err());
        assertTrue(r.err().contains("'c-tiny'") && r.err().contains("tried 3 times")
                && r.err().contains("connection was refused"), r.err());
        assertFalse(r.err().contains("Exception"), "a message, not a stack trace: " + r.err());
        assertTrue(millis >= 20 + 40, "waited between the tries (20 ms, then 40 ms): " + millis);
        AuditEntry failed = audit(b, "model.remote").getLast();
        assertEquals(AuditEntry.FAILURE, failed.outcome());
        assertTrue(failed.detail().contains(otherUrl + "/completions"), failed.detail());
        // A server that is down when the model is added: refused, nothing registered.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Run down = Cli.run(dataB, "model", "add-remote", "down", "--url", "http://127.0.0.1:" + port + "/v1",
                "--model", MODEL);
        assertEquals(2, down.code(), down.toString());
        assertTrue(down.err().contains("http://127.0.0.1:" + port + "/v1 is not reachable"), down.err());
        assertFalse(Files.exists(dataB.resolve("models").resolve("down")));
    }

    @Test
    void withThePrivacySettingOnThePromptLeavesMasked() {
        String prompt = "请联系客户经理，手机13912345678，核实保证人情况。";
        String masked = new PiiMasker().mask(prompt, PiiMasker.emptyCounts());
        assertFalse(masked.contains("13912345678"), masked);
        ModelRegistry registry = Services.get(ModelRegistry.class);
        b.settings().put(PromptFilter.MASK_PROMPTS, "true");
        try (LanguageModel lm = registry.openLanguageModel(b, registry.resolve(b, "a-tiny"), null, Progress.silent())) {
            // Straight to the model, as the assistant calls it: the remote model masks by itself.
            lm.generate(lm.encode(prompt), GenerationSettings.greedy(4), null, Progress.silent());
            AuditEntry received = audit(a, "model.generate").getLast();
            assertTrue(received.detail().contains(Hashes.keyed(a, masked)),
                    "A received the masked prompt: " + received.detail());
            assertFalse(received.detail().contains(Hashes.keyed(a, prompt)), received.detail());
            // Through ModelCalls and the CLI as well.
            Cli.Run r = Cli.run(dataB, "--json", "model", "generate", "--model", "a-tiny", "--max-new-tokens", "4",
                    prompt);
            assertEquals(0, r.code(), r.toString());
            assertTrue(audit(a, "model.generate").getLast().detail().contains(Hashes.keyed(a, masked)));
            assertTrue(audit(b, "privacy.mask").size() >= 2, "B audited the masking");
        } finally {
            b.settings().put(PromptFilter.MASK_PROMPTS, null);
        }
        // With the setting off the prompt goes as it is.
        Cli.Run plain = Cli.run(dataB, "--json", "model", "generate", "--model", "a-tiny", "--max-new-tokens", "4",
                prompt);
        assertEquals(0, plain.code(), plain.toString());
        assertTrue(audit(a, "model.generate").getLast().detail().contains(Hashes.keyed(a, prompt)));
    }

    @Test
    void aRemoteModelOpenedWithoutItsWorkspaceIsRefused() {
        ModelRegistry registry = Services.get(ModelRegistry.class);
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> registry.openLanguageModel(registry.resolve(b, "a-tiny"), Progress.silent()).close());
        assertTrue(e.isBadInput() && e.getMessage().contains("remote model"), e.getMessage());
        assertNotNull(registry.remote(registry.resolve(b, "a-tiny")).orElse(null));
    }
}
