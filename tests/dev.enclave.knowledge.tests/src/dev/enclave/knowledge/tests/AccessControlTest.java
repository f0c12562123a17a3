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
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;

/** Every read filters by the acting user's roles inside Lucene, in every mode. */
class AccessControlTest {
    @TempDir
    Path dir;

    @Test
    void usersSeeOnlyWhatTheirRolesMayRead() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspaceWithUsers(data);
        Subject admin = Support.login(ws, null);
        Path credit = Files.writeString(dir.resolve("credit.txt"),
                "授信额度 8000 万元，担保人为甲公司。Credit line 80 million, guaranteed by Company A.", StandardCharsets.UTF_8);
        Path sop = Files.writeString(dir.resolve("sop.txt"),
                "授信流程之外：设备清洗每周一次。Equipment cleaning happens weekly; no credit line is involved.",
                StandardCharsets.UTF_8);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        IngestReport r = kb.ingest(ws, admin, "mixed", List.of(credit), List.of("auditor"), true, Progress.silent());
        assertEquals(1, r.added());
        r = kb.ingest(ws, admin, "mixed", List.of(sop), List.of("engineer"), true, Progress.silent());
        assertEquals(1, r.added());

        Subject eve = Support.login(ws, "eve");
        Subject ann = Support.login(ws, "ann");
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> eveHits = kb.search(ws, eve, SearchRequest.of("mixed", "授信额度 credit line", 10, mode));
            assertFalse(eveHits.isEmpty(), mode.name());
            for (SearchHit h : eveHits) {
                assertTrue(h.source().endsWith("sop.txt"), mode + ": engineer got " + h.source());
                assertFalse(h.text().contains("8000"), mode.name());
            }
            List<SearchHit> annHits = kb.search(ws, ann, SearchRequest.of("mixed", "授信额度 credit line", 10, mode));
            assertTrue(annHits.stream().allMatch(h -> h.source().endsWith("credit.txt")), mode + ": " + annHits);
            // The administrator holds neither role and reads neither document.
            assertTrue(kb.search(ws, admin, SearchRequest.of("mixed", "credit", 10, mode)).isEmpty(), mode.name());
        }
        assertEquals(1, kb.documents(ws, eve, "mixed").size());
        assertEquals("engineer", kb.documents(ws, eve, "mixed").get(0).acl().get(0));
        String creditId = kb.documents(ws, ann, "mixed").get(0).docId();
        assertTrue(kb.text(ws, eve, "mixed", creditId).isEmpty(), "no extracted text for a reader without the role");
        assertTrue(kb.text(ws, ann, "mixed", creditId).orElseThrow().contains("8000"));
        assertFalse(kb.delete(ws, eve, "mixed", creditId), "cannot delete what one cannot read");
        assertEquals(1, kb.documents(ws, ann, "mixed").size());

        // The same through the CLI as another user.
        Support.Run s = Support.cli(data, "--user", "eve", "search", "--collection", "mixed", "--json", "担保人 甲公司");
        assertEquals(0, s.code(), s.err());
        JsonArray hits = s.json().getAsJsonArray("hits");
        hits.forEach(h -> assertFalse(h.getAsJsonObject().get("text").getAsString().contains("甲公司"), s.out()));

        // collections documents / delete through the CLI, with the same filter.
        Support.Run list = Support.cli(data, "--user", "eve", "collections", "documents", "--collection", "mixed",
                "--json");
        assertEquals(0, list.code(), list.err());
        JsonArray docs = list.json().getAsJsonArray("documents");
        assertEquals(1, docs.size(), list.out());
        assertTrue(docs.get(0).getAsJsonObject().get("source").getAsString().endsWith("sop.txt"), list.out());
        Support.Run denied = Support.cli(data, "--user", "eve", "collections", "delete", "--collection", "mixed",
                credit.toString());
        assertEquals(2, denied.code(), "a document one cannot read is not found: " + denied.out());
        assertTrue(denied.err().contains(credit.toString()), denied.err());
        Support.Run unknown = Support.cli(data, "--user", "ann", "collections", "delete", "--collection", "nope",
                credit.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'nope'"), unknown.err());
        Support.Run deleted = Support.cli(data, "--user", "ann", "collections", "delete", "--collection", "mixed",
                "--json", credit.toString());
        assertEquals(0, deleted.code(), deleted.err());
        assertEquals(credit.toString(), deleted.json().get("deleted").getAsString());
        assertTrue(kb.documents(ws, ann, "mixed").isEmpty(), "the credit report is gone");
        assertEquals(1, kb.documents(ws, eve, "mixed").size(), "the SOP is kept");
        Support.Run names = Support.cli(data, "collections", "list", "--json");
        assertEquals("mixed", names.json().getAsJsonArray("collections").get(0).getAsString(), names.out());
    }
}
