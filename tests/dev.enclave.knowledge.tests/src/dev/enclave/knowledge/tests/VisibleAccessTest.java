package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;

/**
 * Access that is visible (issue 16): an ingest warns a user who may not read what it ingested, and a role given to
 * or taken from a user applies to its running session's searches at once.
 */
class VisibleAccessTest {
    @TempDir
    Path dir;

    private static final Progress SILENT = Progress.silent();

    @Test
    void anIngestTheUserMayNotReadWarnsInTheReportAndTheCli() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspaceWithUsers(data);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        Subject admin = Support.login(ws, null);
        Path spec = Files.writeString(dir.resolve("spec.txt"), "Etch recipe ETCHSPEC4 for the engineers only.",
                StandardCharsets.UTF_8);

        IngestReport forEngineers = kb.ingest(ws, admin, "fab", List.of(spec), List.of("engineer"), false, SILENT);
        assertEquals(1, forEngineers.added());
        assertEquals(1, forEngineers.warnings().size(), forEngineers.warnings().toString());
        IngestReport.Warning w = forEngineers.warnings().get(0);
        assertEquals(IngestReport.Warning.UNREADABLE, w.code());
        assertTrue(w.message().contains("engineer") && w.message().contains("admin"), w.message());
        assertFalse(w.message().contains("ETCHSPEC4"), "a warning never quotes content");
        assertTrue(kb.documents(ws, admin, "fab").isEmpty(), "what the warning says is so");

        // Unchanged on a second ingest: nothing new was labelled, nothing to warn about.
        assertTrue(kb.ingest(ws, admin, "fab", List.of(spec), List.of("engineer"), false, SILENT).warnings().isEmpty());

        Path memo = Files.writeString(dir.resolve("memo.txt"), "Admin memo ADMINMEMO2.", StandardCharsets.UTF_8);
        Path note = Files.writeString(dir.resolve("note.txt"), "Engineer note ENGNOTE3.", StandardCharsets.UTF_8);
        Support.Run readable = Support.cli(data, "ingest", "--collection", "mine", "--json", memo.toString());
        assertEquals(0, readable.code(), readable.err());
        assertEquals(0, readable.json().getAsJsonArray("warnings").size(), readable.out());
        assertFalse(readable.err().contains("warning"), readable.err());

        Support.Run unreadable = Support.cli(data, "ingest", "--collection", "fab", "--acl", "engineer", "--json",
                note.toString());
        assertEquals(0, unreadable.code(), unreadable.err());
        JsonArray warnings = unreadable.json().getAsJsonArray("warnings");
        assertEquals(1, warnings.size(), unreadable.out());
        assertTrue(warnings.get(0).getAsString().contains("You may not read what you ingested into 'fab'"),
                unreadable.out());
        assertTrue(unreadable.err().contains("enclave: warning: You may not read"), unreadable.err());
        assertEquals(1, unreadable.json().get("added").getAsInt(), "the fields before stay as they were");
    }

    @Test
    void aRoleGivenToARunningSessionOpensTheDocumentsAndTakingItHidesThemAgain() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspaceWithUsers(data);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        Subject admin = Support.login(ws, null);
        Subject eve = Support.login(ws, "eve");
        Subject ann = Support.login(ws, "ann"); // obtained once, as the workbench does at its start
        Path spec = Files.writeString(dir.resolve("spec.txt"), "Etch recipe ETCHSPEC4 for the engineers only.",
                StandardCharsets.UTF_8);
        kb.ingest(ws, eve, "fab", List.of(spec), List.of(), false, SILENT);
        SearchRequest q = SearchRequest.of("fab", "ETCHSPEC4 recipe", 5, SearchMode.BM25);
        assertTrue(kb.search(ws, ann, q).isEmpty());
        assertEquals(1, kb.hidden(ws, ann, q));

        ws.security().putUser(admin, "ann", List.of("auditor", "engineer"));
        assertEquals(1, kb.search(ws, ann, q).size(), "the new role reads without a new login");
        assertEquals(0, kb.hidden(ws, ann, q));
        assertEquals(1, kb.documents(ws, ann, "fab").size());

        ws.security().putUser(admin, "ann", List.of("auditor"));
        assertTrue(kb.search(ws, ann, q).isEmpty(), "the role taken away reads no more");
        assertEquals(1, kb.hidden(ws, ann, q));
        assertTrue(kb.documents(ws, ann, "fab").isEmpty());
    }
}
