package dev.enclave.assistant.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.tests.support.Cli;

/**
 * Access that is visible (issue 16): an answer says how many documents matching the question the user may not read
 * (never what), in the service, the no-answer text and {@code enclave ask}; a role given to the running session
 * answers at once.
 */
class HiddenDocumentsTest {
    private static final String QUESTION = "What is the XQ7 die attach bonding temperature?";

    @TempDir
    Path dir;

    private Workspace ws;
    private Subject admin;
    private KnowledgeBase kb;
    private Assistant assistant;

    @BeforeEach
    void setUp() throws Exception {
        ws = AssistantTest.service(WorkspaceManager.class).open(dir.resolve("ws"), System.getProperty("user.name"));
        admin = ws.security().login(System.getProperty("user.name"), null);
        ws.security().putUser(admin, "eve", List.of("engineer"));
        ws.security().putUser(admin, "ann", List.of("auditor"));
        kb = AssistantTest.service(KnowledgeBase.class);
        assistant = AssistantTest.service(Assistant.class);
        Path d = Files.createDirectories(dir.resolve("specs"));
        Files.writeString(d.resolve("bond-a.txt"), "The XQ7 die attach bonding temperature is 180 C for 40 seconds.",
                StandardCharsets.UTF_8);
        Files.writeString(d.resolve("bond-b.txt"), "XQ7 die attach: the bonding temperature must not exceed 195 C.",
                StandardCharsets.UTF_8);
        kb.ingest(ws, admin, "specs", List.of(d), List.of("engineer"), false, Progress.silent());
    }

    @Test
    void anAnswerCountsTheMatchingDocumentsTheUserMayNotRead() {
        Subject ann = ws.security().login(System.getProperty("user.name"), "ann");
        Answer no = assistant.ask(ws, ann, AskRequest.of("specs", QUESTION), null, Progress.silent());
        assertFalse(no.answerable());
        assertEquals(2, no.hidden());
        assertTrue(no.answer().startsWith("The documents do not contain the answer to this question."), no.answer());
        assertTrue(no.answer().endsWith("2 documents matching the question are not readable with your roles."),
                no.answer());
        assertFalse(no.answer().contains("180") || no.answer().contains("bond-a"), "never what: " + no.answer());
        AuditEntry last = ws.auditLog().tail(1).get(0);
        assertEquals("assistant.ask", last.action());
        assertTrue(last.detail().contains("hidden 2"), last.detail());

        Answer zh = assistant.ask(ws, ann, AskRequest.of("specs", "XQ7 的键合温度是多少？"), null, Progress.silent());
        assertEquals(2, zh.hidden(), zh.answer());
        assertTrue(zh.answer().endsWith("有 2 份相关文档您的角色无权阅读。"), zh.answer());

        Subject eve = ws.security().login(System.getProperty("user.name"), "eve");
        Answer yes = assistant.ask(ws, eve, AskRequest.of("specs", QUESTION), null, Progress.silent());
        assertTrue(yes.answerable(), yes.answer());
        assertEquals(0, yes.hidden());
        assertFalse(yes.answer().contains("not readable"), yes.answer());
    }

    @Test
    void aRoleGivenWhileTheSessionRunsAnswersWithoutANewLogin() {
        Subject ann = ws.security().login(System.getProperty("user.name"), "ann");
        assertFalse(assistant.ask(ws, ann, AskRequest.of("specs", QUESTION), null, Progress.silent()).answerable());
        ws.security().putUser(admin, "ann", List.of("auditor", "engineer"));
        Answer a = assistant.ask(ws, ann, AskRequest.of("specs", QUESTION), null, Progress.silent());
        assertTrue(a.answerable(), a.answer());
        assertEquals(0, a.hidden());
        assertTrue(a.answer().contains("180"), a.answer());
        ws.security().putUser(admin, "ann", List.of("auditor"));
        Answer again = assistant.ask(ws, ann, AskRequest.of("specs", QUESTION), null, Progress.silent());
        assertFalse(again.answerable(), again.answer());
        assertEquals(2, again.hidden());
    }

    @Test
    void askJsonAddsHiddenAfterTheFieldsItHadAndThePlainTextSaysItOnce() {
        Cli.Run json = Cli.run(dir.resolve("ws"), "--user", "ann", "ask", "--collection", "specs", "--json", QUESTION);
        assertEquals(0, json.code(), json.toString());
        JsonObject j = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(List.of("answer", "answerable", "citations", "model", "hidden"), List.copyOf(j.keySet()));
        assertEquals(2, j.get("hidden").getAsInt());
        assertFalse(j.get("answerable").getAsBoolean());

        Cli.Run eve = Cli.run(dir.resolve("ws"), "--user", "eve", "ask", "--collection", "specs", "--json", QUESTION);
        assertEquals(0, JsonParser.parseString(eve.out()).getAsJsonObject().get("hidden").getAsInt(), eve.toString());

        Cli.Run text = Cli.run(dir.resolve("ws"), "--user", "ann", "ask", "--collection", "specs", QUESTION);
        assertEquals(0, text.code(), text.toString());
        String notice = "2 documents matching the question are not readable with your roles.";
        assertEquals(text.out().indexOf(notice), text.out().lastIndexOf(notice), text.out());
        assertTrue(text.out().contains(notice), text.out());
        assertFalse(text.out().contains("bond-a") || text.out().contains("180"), text.out());
    }

    @Test
    void theNoticeIsACountInEitherLanguage() {
        assertEquals("", Answer.hiddenNotice(0, false));
        assertEquals("1 document matching the question is not readable with your roles.", Answer.hiddenNotice(1, false));
        assertEquals("有 3 份相关文档您的角色无权阅读。", Answer.hiddenNotice(3, true));
        Answer a = new Answer("x", true, List.of(), Answer.EXTRACTIVE);
        assertEquals(0, a.hidden());
        assertEquals(4, a.withHidden(4).hidden());
        assertEquals(4, a.withHidden(4).toJsonMap().get("hidden"));
    }
}
