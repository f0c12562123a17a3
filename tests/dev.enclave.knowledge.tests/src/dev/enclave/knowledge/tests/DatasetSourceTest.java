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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;

/** A collection becomes a studio dataset of its chunks, as far as the importing user may read. */
class DatasetSourceTest {
    @TempDir
    Path dir;

    @Test
    void chunksOfReadableDocumentsBecomeTextRecords() throws Exception {
        Path data = dir.resolve("ws");
        Workspace ws = Support.workspaceWithUsers(data);
        Subject admin = Support.login(ws, null);
        Path sop = Files.writeString(dir.resolve("sop.md"), "# 清洗规程\n\n设备清洗每周一次，使用去离子水冲洗两遍。\n\n"
                + "# Rinse\n\nRinse the chamber twice with deionised water after every lot.\n", StandardCharsets.UTF_8);
        Path credit = Files.writeString(dir.resolve("credit.txt"), "授信额度 8000 万元，担保人为甲公司。",
                StandardCharsets.UTF_8);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        kb.ingest(ws, admin, "mixed", List.of(sop), List.of("engineer"), false, Progress.silent());
        kb.ingest(ws, admin, "mixed", List.of(credit), List.of("auditor"), false, Progress.silent());

        Subject eve = Support.login(ws, "eve");
        List<SearchHit> chunks = kb.chunks(ws, eve, "mixed");
        assertFalse(chunks.isEmpty());
        assertTrue(chunks.stream().allMatch(c -> c.source().endsWith("sop.md")), chunks.toString());
        String text = kb.text(ws, eve, "mixed", chunks.get(0).docId()).orElseThrow();
        for (SearchHit c : chunks) {
            assertTrue(text.substring(c.start(), c.end()).contains(c.text().strip().substring(0, 4)),
                    "a chunk's span points into the document's text: " + c);
        }

        Support.Run run = Support.cli(data, "--user", "eve", "data", "import", "--json", "fab-text", "--from",
                "knowledge:mixed");
        assertEquals(0, run.code(), run.err());
        assertEquals(chunks.size(), run.json().get("records").getAsInt());
        List<JsonObject> records = Files.readAllLines(data.resolve("studio/datasets/fab-text/v1.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertTrue(records.stream().anyMatch(r -> r.get("text").getAsString().contains("去离子水")), records.toString());
        assertTrue(records.stream().noneMatch(r -> r.get("text").getAsString().contains("8000")),
                "nothing the user may not read");
        assertTrue(records.get(0).get("source").getAsString().matches("knowledge:mixed:.*sop\\.md#\\d+-\\d+"),
                records.get(0).toString());
        String manifest = Files.readString(data.resolve("studio/datasets/fab-text/v1.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"source\": \"knowledge\"") && manifest.contains("\"argument\": \"mixed\""),
                manifest);

        Support.Run missing = Support.cli(data, "data", "import", "x", "--from", "knowledge:nosuch");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nosuch"), missing.err());
        Support.Run noArgument = Support.cli(data, "data", "import", "x", "--from", "knowledge");
        assertEquals(2, noArgument.code());
        assertTrue(noArgument.err().contains("knowledge:COLLECTION"), noArgument.err());
        assertTrue(Files.readString(data.resolve("audit/audit.jsonl")).contains("knowledge.export"));
    }
}
