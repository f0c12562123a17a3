package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.Workspace;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Workspaces;

/**
 * {@code enclave train check}, {@code model merge}, {@code model use} and {@code eval scorecards} call
 * the runtime's services, which audit each action once; the output keeps its contract and a service's
 * error reaches the user as a bad-input exit with a message in the user's terms.
 */
class CliAuditTest {
    @TempDir
    Path dir;

    private static long entries(Workspace ws, String action) {
        return ws.auditLog().tail(100_000).stream().filter(e -> e.action().equals(action)).count();
    }

    private static JsonObject json(Cli.Run run) {
        assertEquals(0, run.code(), run.toString());
        return JsonParser.parseString(run.out().strip()).getAsJsonObject();
    }

    @Test
    void checkMergeAndUseAreAuditedOnceEach() throws Exception {
        Path root = dir.resolve("ws");
        Workspace ws = Workspaces.open(root, System.getProperty("user.name"));
        Path adapter = Fixtures.root().resolve("lora/qwen2-tiny-lora");
        Path base = Fixtures.model("qwen2-tiny");

        JsonObject check = json(Cli.run(root, "train", "check", "--json", "--base", base.toString(), adapter.toString()));
        assertTrue(check.get("ok").getAsBoolean(), check.toString());
        for (String key : new String[] { "loss", "loss_ref", "max_rel_grad_diff", "loss_after_step",
                "loss_after_step_ref" }) {
            assertTrue(check.has(key), key + " in " + check);
        }
        assertEquals(1, entries(ws, "train.check"));

        Path merged = dir.resolve("merged");
        JsonObject merge = json(Cli.run(root, "model", "merge", "--json", "--base", base.toString(), "--out",
                merged.toString(), adapter.toString()));
        assertEquals(merged.toString(), merge.get("model").getAsString());
        assertTrue(merge.has("version") && merge.has("base") && merge.has("adapter"), merge.toString());
        assertEquals(1, entries(ws, "model.merge"));

        Cli.Run again = Cli.run(root, "model", "merge", "--base", base.toString(), "--out", merged.toString(),
                adapter.toString());
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().contains("not empty"), again.toString());
        assertEquals(1, entries(ws, "model.merge"), "a refused merge did nothing");

        Cli.Run wrongKind = Cli.run(root, "model", "use", "--embeddings", base.toString());
        assertEquals(2, wrongKind.code(), wrongKind.toString());
        assertTrue(wrongKind.err().contains("not an embedding model"), wrongKind.toString());
        json(Cli.run(root, "model", "use", "--json", "--chat", merged.toString()));
        assertEquals(1, entries(ws, "models.use"));

        JsonObject cards = json(Cli.run(root, "eval", "scorecards", "--json"));
        assertEquals(0, cards.getAsJsonArray("scorecards").size());
        Cli.Run none = Cli.run(root, "eval", "scorecards", "nosuchversion");
        assertEquals(2, none.code(), none.toString());
        assertFalse(none.err().isBlank());
    }
}
