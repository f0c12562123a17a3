package dev.enclave.assistant.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AnswerSettings;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.internal.QueryRewrite;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.runtime.ModelRegistry;

/** The chat model's rewrite of a question into search keywords: cleaning, fusion, and the ask path. */
class QueryRewriteTest {
    @TempDir
    Path dir;

    @Test
    void theModelsKeywordsAreCleanedToOneLineOfTerms() {
        assertEquals("晶圆 清洗 wafer cleaning SC1", QueryRewrite.clean(
                "<think>the user wants…</think>\n\n**Keywords:** 晶圆、清洗，wafer cleaning; \"SC1\"\nMore text"));
        assertEquals("修整盘 conditioner disk hours", QueryRewrite.clean("关键词：修整盘 (conditioner disk) hours"));
        assertEquals("", QueryRewrite.clean("<think>unfinished reasoning"), "nothing but reasoning");
        assertEquals("", QueryRewrite.clean("\n***\n"), "no words");
        String longLine = "term ".repeat(100);
        String cut = QueryRewrite.clean(longLine);
        assertTrue(cut.length() <= 240 && cut.endsWith("term"), cut);
    }

    @Test
    void bothRankingsAreFusedByReciprocalRankEachChunkOnce() {
        SearchHit a = hit("a"), b = hit("b"), c = hit("c"), d = hit("d");
        // c is second for both: it overtakes a and d, first for one each (tied: the question's first).
        assertEquals(List.of("c", "a", "d"), ids(QueryRewrite.fuse(List.of(a, c, b), List.of(d, c), 1.0, 3)));
        // With weight 0 the rewrite only appends what the question did not find.
        assertEquals(List.of("a", "c", "b", "d"), ids(QueryRewrite.fuse(List.of(a, c, b), List.of(d, c), 0, 5)));
        // A rewrite weighted as much as the question puts its first hit before the question's second.
        assertEquals(List.of("a", "d", "c"), ids(QueryRewrite.fuse(List.of(a, c), List.of(d), 1.0, 3)));
    }

    @Test
    void withAChatModelAskSearchesItsRewriteTooAndSaysSoInTheAuditLog() throws Exception {
        Workspace ws = AssistantTest.service(WorkspaceManager.class).open(dir.resolve("ws"),
                System.getProperty("user.name"));
        Subject admin = ws.security().login(System.getProperty("user.name"), null);
        KnowledgeBase kb = AssistantTest.service(KnowledgeBase.class);
        Assistant assistant = AssistantTest.service(Assistant.class);
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("cmp.md"), "# CMP\n\n修整盘压力设定为 5 lbf，每片晶圆修整 12 秒。\n",
                StandardCharsets.UTF_8);
        kb.ingest(ws, admin, "fab", List.of(docs), List.of(), false, Progress.silent());
        ws.settings().put(ModelRegistry.CHAT_MODEL_SETTING,
                dev.enclave.tests.support.Fixtures.root().toAbsolutePath().resolve("models/qwen3-tiny").toString());

        Answer a = assistant.ask(ws, admin, new AskRequest("fab", "修整盘的压力是多少？", 2, SearchMode.BM25, null), null,
                Progress.silent());
        assertTrue(a.answerable(), a.toString());
        assertTrue(lastAsk(ws).detail().contains("query rewritten by the chat model"), lastAsk(ws).detail());

        ws.settings().put(AnswerSettings.QUERY_REWRITE, "false");
        assistant.ask(ws, admin, new AskRequest("fab", "修整盘的压力是多少？", 2, SearchMode.BM25, null), null,
                Progress.silent());
        assertFalse(lastAsk(ws).detail().contains("rewritten"), lastAsk(ws).detail());

        ws.settings().put(AnswerSettings.QUERY_REWRITE, "sometimes");
        EnclaveException bad = assertThrows(EnclaveException.class, () -> assistant.ask(ws, admin,
                AskRequest.of("fab", "修整盘的压力是多少？"), null, Progress.silent()));
        assertTrue(bad.getMessage().contains(AnswerSettings.QUERY_REWRITE), bad.getMessage());
    }

    private static AuditEntry lastAsk(Workspace ws) {
        return ws.auditLog().tail(20).stream().filter(e -> e.action().equals("assistant.ask"))
                .reduce((x, y) -> y).orElseThrow();
    }

    private static SearchHit hit(String id) {
        return new SearchHit("/docs/" + id + ".md", id, id, 0, 1, 1f, id, "md", "");
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::chunkId).toList();
    }
}
