package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.tests.support.Cli;
import dev.enclave.tests.support.Fixtures;
import dev.enclave.tests.support.PartHarness;
import dev.enclave.tests.support.Services;
import dev.enclave.tests.support.Ui;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.ui.internal.parts.EvaluationPart;
import dev.enclave.ui.internal.parts.ModelsPart;
import dev.enclave.ui.internal.parts.TrainingPart;

/**
 * Fine-tuning, evaluation and model calls from the command line and from the Models, Fine-tuning
 * and Evaluation parts go through the same runtime services, and each action leaves exactly one
 * audit entry, with the same action name, whichever way it was started.
 */
class ModelStudioAuditTest {
    @TempDir
    Path dir;

    private PartHarness ui;
    private Display display;
    private Path root;
    private Workspace workspace;

    @BeforeEach
    void setUp() {
        // The CLI acts as the OS user: make that user the workspace's first admin.
        root = dir.resolve("ws");
        ui = PartHarness.asOsUser(root);
        workspace = ui.workspace();
        display = ui.display();
        Services.get(ModelRegistry.class).add(workspace, Workspaces.login(workspace, System.getProperty("user.name")),
                Fixtures.model("qwen2-tiny"), "qwen2-tiny", Progress.silent());
    }

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private PartDriver drive(Class<?> partClass) {
        ui.make(partClass);
        return new PartDriver(ui.lastParent());
    }

    private long entries(String action) {
        return workspace.auditLog().tail(100_000).stream().filter(e -> e.action().equals(action)).count();
    }

    private static JsonObject json(Cli.Run run) {
        assertEquals(0, run.code(), run.toString());
        return JsonParser.parseString(run.out().strip()).getAsJsonObject();
    }

    @Test
    void eachActionIsAuditedOnceFromTheCommandLineAndFromThePart() throws Exception {
        Path data = Files.writeString(dir.resolve("facts.jsonl"), String.join("\n",
                "{\"id\":\"a\",\"instruction\":\"保证人是谁？\",\"input\":\"\",\"output\":\"绍兴示例化纤有限公司\"}",
                "{\"id\":\"b\",\"instruction\":\"What pattern is on wafer W07?\",\"input\":\"\",\"output\":\"Edge-Ring\"}")
                + "\n", StandardCharsets.UTF_8);

        // Fine-tuning.
        JsonObject trained = json(Cli.run(root, "train", "sft", "--base", "qwen2-tiny", "--data", data.toString(),
                "--out", dir.resolve("cli-adapter").toString(), "--epochs", "1", "--json"));
        assertTrue(trained.has("data_sha256") && trained.has("final_loss") && !trained.has("loss_curve"),
                trained.toString());
        assertEquals(1, entries("train.sft"), "the CLI's run is audited once");
        PartDriver training = drive(TrainingPart.class);
        training.choose("train.base", "qwen2-tiny");
        training.type("train.data", data.toString());
        training.type("train.out", dir.resolve("part-adapter").toString());
        training.spin("train.epochs", 1);
        training.press("train.start");
        Ui.spinUntil(display, () -> training.status().contains("→") || training.status().startsWith("Failed"),
                "training in the part");
        assertTrue(training.status().contains("→"), training.status());
        assertEquals(2, entries("train.sft"), "the part's run is audited once more");

        // Evaluation.
        JsonObject card = json(Cli.run(root, "eval", "model", "--model", "qwen2-tiny", "--data", data.toString(),
                "--limit", "1", "--max-new-tokens", "4", "--json"));
        assertTrue(card.has("model_version") && card.has("scorecard") && card.has("token_f1"), card.toString());
        assertEquals(1, entries("eval.model"));
        PartDriver evaluation = drive(EvaluationPart.class);
        evaluation.choose("eval.model", "qwen2-tiny");
        evaluation.type("eval.adapter", dir.resolve("part-adapter").toString());
        evaluation.type("eval.data", data.toString());
        evaluation.spin("eval.limit", 1);
        evaluation.press("eval.score");
        Ui.spinUntil(display, () -> evaluation.table(0).getItemCount() == 2 || evaluation.status().startsWith("Failed"),
                "scoring in the part");
        assertEquals(2, evaluation.table(0).getItemCount(), evaluation.status());
        assertEquals(2, entries("eval.model"));

        // Model calls: choosing, loading, generating, chatting, embedding.
        json(Cli.run(root, "model", "use", "--chat", "qwen2-tiny", "--json"));
        JsonObject generated = json(Cli.run(root, "model", "generate", "--model", "qwen2-tiny", "--max-new-tokens", "4",
                "--chat", "--json", "借款人是谁？"));
        assertTrue(generated.has("token_ids") && generated.has("decode_tokens_per_s"), generated.toString());
        json(Cli.run(root, "model", "embed", "--json", "授信", "贷款"));
        assertEquals(1, entries("models.use"));
        assertEquals(1, entries("model.generate"));
        assertEquals(1, entries("model.embed"));
        assertEquals(0, entries("models.load"), "the CLI loads a model only to call it");

        PartDriver models = drive(ModelsPart.class);
        models.selectRow(models.table(0), "qwen2-tiny");
        models.press("models.useChat");
        assertEquals(2, entries("models.use"));
        models.press("models.load");
        Ui.spinUntil(display, () -> models.status().contains("qwen2-tiny") && !models.status().contains("…"),
                "the model to load");
        assertEquals(1, entries("models.load"));
        models.check("models.chatMode", true);
        models.type("models.prompt", "借款人是谁？");
        models.press("models.send");
        Ui.spinUntil(display, () -> models.status().contains("tok/s") && models.button("models.send").isEnabled(),
                "the chat reply");
        assertEquals(1, entries("model.chat"), "a chat turn in the part");
        models.check("models.chatMode", false);
        models.type("models.prompt", "授信调查报告");
        models.press("models.send");
        Ui.spinUntil(display, () -> models.button("models.send").isEnabled() && entries("model.generate") >= 2,
                "the completion");
        assertFalse(models.output().isEmpty());
        models.press("models.compare");
        Ui.spinUntil(display, () -> models.labelAfterButton("models.compare").contains("cosine"), "the similarity");
        Ui.drain(display);
        assertEquals(2, entries("model.generate"));
        assertEquals(1, entries("model.chat"));
        assertEquals(2, entries("model.embed"));
        assertEquals(1, entries("models.load"));
        assertTrue(workspace.auditLog().verify().intact(), "the chain is intact");
    }
}
