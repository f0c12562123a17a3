package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.enclave.tests.support.HostileFiles;

/**
 * The fuzz corpus: one generated file of each hostile class a security review used, mixed with good
 * files, ingested as one batch through the CLI. Every good file is ingested, every bad one reported as
 * "FILE: what is wrong", nothing hangs, nothing prints a stack trace.
 */
class HostileIngestTest {
    @TempDir
    Path dir;

    /** Hang guard for the whole batch (not a timing target: the batch takes seconds). */
    private static final Duration HANG = Duration.ofMinutes(4);

    @Test
    void aMixedBatchIngestsEveryGoodFileAndReportsEveryBadOne() throws Exception {
        Path batch = dir.resolve("batch");
        Map<String, String> bad = HostileFiles.hostileIngestBatch(batch);
        Map<String, String> good = HostileFiles.goodIngestBatch(batch);
        Path data = dir.resolve("ws");
        Support.workspace(data);

        Support.Run r = assertTimeoutPreemptively(HANG, () -> Support.cli(data, "ingest", "--collection", "fuzz",
                "--no-vectors", "--json", batch.toString()));
        assertEquals(0, r.code(), "good files were ingested: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("    at ") || r.err().contains("Exception")
                || r.err().contains("Error:"), "no stack trace: " + r.err());
        JsonObject j = r.json();
        assertEquals(good.size(), j.get("added").getAsInt(), r.out());
        Map<String, String> failed = new HashMap<>();
        for (JsonElement e : j.getAsJsonArray("failed")) {
            JsonObject f = e.getAsJsonObject();
            failed.put(Path.of(f.get("path").getAsString()).getFileName().toString(), f.get("error").getAsString());
        }
        assertEquals(new TreeSet<>(bad.keySet()), new TreeSet<>(failed.keySet()), r.out());
        for (Map.Entry<String, String> f : failed.entrySet()) {
            assertTrue(f.getValue().contains(f.getKey()), bad.get(f.getKey()) + ": the message names the file: "
                    + f.getValue());
            assertTrue(r.err().contains(f.getValue()), "reported on stderr too: " + f.getKey());
        }
        assertTrue(failed.get("sparse.txt").contains("200 MB"), failed.get("sparse.txt"));
        if (failed.containsKey("link-out.txt")) {
            assertTrue(failed.get("link-out.txt").contains("--follow-links"), failed.get("link-out.txt"));
        }

        for (Map.Entry<String, String> g : good.entrySet()) {
            Support.Run s = Support.cli(data, "search", "--collection", "fuzz", "--mode", "bm25", "--json", g.getValue());
            assertEquals(0, s.code(), s.err());
            assertTrue(s.out().contains(g.getKey()), g.getKey() + " is searchable: " + s.out());
        }
        Support.Run leak = Support.cli(data, "search", "--collection", "fuzz", "--mode", "bm25", "--json",
                "OUTSIDECANARY4471");
        assertFalse(leak.out().contains("OUTSIDECANARY4471"), "a link out of the folder was not followed");

        // A bad file alone: exit 2 with its message, nothing ingested.
        Path alone = Files.createDirectories(dir.resolve("alone"));
        HostileFiles.htmlNested(alone.resolve("deep.html"), 200_000);
        Support.Run one = assertTimeoutPreemptively(HANG, () -> Support.cli(data, "ingest", "--collection", "fuzz",
                alone.toString()));
        assertEquals(2, one.code(), one.out());
        assertTrue(one.err().contains("deep.html"), one.err());
    }

    @Test
    void followLinksIngestsWhatLinksPointToWhenAsked() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "LINKEDCANARY5 outside the folder",
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("inside.txt"), "INSIDE6 a file of the folder", StandardCharsets.UTF_8);
        try {
            HostileFiles.symlink(folder.resolve("link.txt"), outside);
            HostileFiles.symlink(folder.resolve("again.txt"), folder.resolve("inside.txt"));
        } catch (UnsupportedOperationException e) {
            return; // no symbolic links here: the other test covers the rest
        }
        Path data = dir.resolve("ws");
        Support.workspace(data);
        Support.Run plain = Support.cli(data, "ingest", "--collection", "l", "--no-vectors", "--json", folder.toString());
        assertEquals(2, plain.json().get("added").getAsInt(), "inside.txt and the link that stays inside: "
                + plain.out());
        assertEquals(1, plain.json().getAsJsonArray("failed").size(), plain.out());
        Support.Run follow = Support.cli(data, "ingest", "--collection", "l", "--no-vectors", "--follow-links",
                "--json", folder.toString());
        assertEquals(0, follow.code(), follow.err());
        assertEquals(1, follow.json().get("added").getAsInt(), follow.out());
        assertEquals(0, follow.json().getAsJsonArray("failed").size(), follow.out());
        Support.Run s = Support.cli(data, "search", "--collection", "l", "--mode", "bm25", "--json", "LINKEDCANARY5");
        assertTrue(s.out().contains("LINKEDCANARY5"), s.out());
    }
}
