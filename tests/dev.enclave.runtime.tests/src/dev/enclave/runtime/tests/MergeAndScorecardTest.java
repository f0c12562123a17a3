package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.Progress;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.internal.AdapterMerge;
import dev.enclave.runtime.internal.LoraTrainer;
import dev.enclave.runtime.internal.ModelEvaluator;
import dev.enclave.tests.support.Workspaces;

/**
 * Serving base + adapter, merging an adapter into a new model folder (checked against the
 * PEFT reference logits), and a fine-tuned version's scorecard against its base.
 */
class MergeAndScorecardTest {
    @TempDir
    Path dir;

    private static Path adapter(String name) {
        return Fixtures.root().resolve("lora").resolve(name);
    }

    @Test
    void mergedFolderReproducesThePeftReferenceAndRecordsItsLineage() throws Exception {
        Path out = dir.resolve("merged");
        Map<String, Object> lineage = AdapterMerge.merge(Fixtures.model("qwen2-tiny"), adapter("qwen2-tiny-lora"), out,
                Progress.silent());
        // The merged folder is an ordinary model folder: give it the adapter's reference outputs and check it.
        Files.copy(adapter("qwen2-tiny-lora").resolve("reference.json"), out.resolve("reference.json"));
        Files.copy(adapter("qwen2-tiny-lora").resolve("reference.safetensors"), out.resolve("reference.safetensors"));
        ModelRegistry registry = Fixtures.registry();
        ModelCheck c = registry.check(out, null, Progress.silent());
        assertTrue(c.ok(), "merged model against the PEFT reference: max |diff| " + c.maxAbsDiff());
        assertTrue(c.maxAbsDiff() <= 1e-3, String.valueOf(c.maxAbsDiff()));

        JsonObject written = JsonParser.parseString(Files.readString(out.resolve("enclave-lineage.json")))
                .getAsJsonObject();
        assertEquals(lineage.get("version"), written.get("version").getAsString());
        assertEquals(64, written.getAsJsonObject("adapter").get("adapter_model.safetensors").getAsString().length());
        assertTrue(written.getAsJsonObject("base").getAsJsonObject("files").has("model.safetensors"));
        assertNotEquals(AdapterMerge.lineage(Fixtures.model("qwen2-tiny"), null).get("version"), lineage.get("version"),
                "base and base + adapter are different versions");

        Path again = Files.createDirectories(dir.resolve("again"));
        Files.writeString(again.resolve("keep.txt"), "x");
        dev.enclave.core.EnclaveException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.enclave.core.EnclaveException.class, () -> AdapterMerge.merge(Fixtures.model("qwen2-tiny"),
                        adapter("qwen2-tiny-lora"), again, Progress.silent()));
        assertTrue(e.isBadInput() && e.getMessage().contains("not empty"), e.getMessage());
        assertTrue(Files.exists(again.resolve("keep.txt")), "nothing already there is touched");
    }

    @Test
    void servingBaseWithAdapterEqualsTheMergedModel() throws Exception {
        Path merged = dir.resolve("merged");
        AdapterMerge.merge(Fixtures.model("llama-tiny"), adapter("llama-tiny-lora"), merged, Progress.silent());
        ModelRegistry registry = Fixtures.registry();
        GenerationSettings greedy = new GenerationSettings(12, 0f, 0, 1f, 1f, 0, List.of());
        List<Integer> served;
        List<Integer> base;
        // A model in the workspace's registry has its hashes recorded, so it knows its version.
        dev.enclave.core.Workspace ws = dev.enclave.tests.support.Workspaces.open(dir.resolve("ws"), "ai");
        Path registered = registry.add(ws, ws.security().login("ai", null), Fixtures.model("llama-tiny"), "llama-tiny",
                Progress.silent()).folder();
        try (LanguageModel lm = registry.openLanguageModel(registered, adapter("llama-tiny-lora"),
                Progress.silent())) {
            Generation g = lm.generate(lm.encode("The wafer yield"), greedy, null, Progress.silent());
            served = g.tokenIds();
            assertTrue(lm.info().name().endsWith("+llama-tiny-lora"), lm.info().name());
            assertEquals(AdapterMerge.lineage(Fixtures.model("llama-tiny"), adapter("llama-tiny-lora")).get("version"),
                    lm.info().version(), "the served model knows its version (base + adapter)");
        }
        try (LanguageModel lm = registry.openLanguageModel(merged, Progress.silent())) {
            assertEquals(served, lm.generate(lm.encode("The wafer yield"), greedy, null, Progress.silent()).tokenIds());
            assertEquals(AdapterMerge.lineage(Fixtures.model("llama-tiny"), adapter("llama-tiny-lora")).get("version"),
                    lm.info().version(), "the merged model keeps the version of base + adapter");
        }
        try (LanguageModel lm = registry.openLanguageModel(Fixtures.model("llama-tiny"), null, Progress.silent())) {
            base = lm.generate(lm.encode("The wafer yield"), greedy, null, Progress.silent()).tokenIds();
        }
        assertNotEquals(base, served, "the adapter changes what the model says");
    }

    @Test
    void aFineTunedVersionScoresBetterThanItsBase() throws Exception {
        List<String> lines = new ArrayList<>();
        String[][] facts = { { "保证人是谁？", "绍兴示例化纤有限公司" }, { "What pattern is on wafer W07?", "Edge-Ring" },
                { "授信金额是多少？", "人民币伍佰万元" }, { "Which lot failed?", "L1024" } };
        for (int i = 0; i < 8; i++) {
            String[] f = facts[i % facts.length];
            lines.add("{\"id\":\"q" + i + "\",\"instruction\":\"" + f[0] + "\",\"input\":\"\",\"output\":\"" + f[1]
                    + "\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        Path out = dir.resolve("adapter");
        LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, null, out,
                new LoraTrainer.Settings(4, 8f, 0f, List.of("q_proj", "v_proj", "gate_proj", "up_proj", "down_proj"), 30,
                        3e-2f, 128, 3L, 4, 1),
                Progress.silent(), null);
        Map<String, Object> base = ModelEvaluator.evaluate(Fixtures.model("qwen2-tiny"), null, data, 128, 16, 0,
                Progress.silent());
        Map<String, Object> tuned = ModelEvaluator.evaluate(Fixtures.model("qwen2-tiny"), out, data, 128, 16, 0,
                Progress.silent());
        assertEquals(8, tuned.get("answered"));
        assertTrue((double) tuned.get("loss") < (double) base.get("loss") * 0.5,
                "loss " + base.get("loss") + " -> " + tuned.get("loss"));
        assertTrue((double) tuned.get("token_f1") > (double) base.get("token_f1"),
                "token F1 " + base.get("token_f1") + " -> " + tuned.get("token_f1"));
        assertEquals(Math.exp((double) tuned.get("loss")), (double) tuned.get("perplexity"), 1e-9);
        @SuppressWarnings("unchecked")
        Map<String, Object> lineage = (Map<String, Object>) tuned.get("lineage");
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) ((Map<String, Object>) lineage.get("adapter"))
                .get("training");
        assertEquals(tuned.get("data_sha256"), training.get("data_sha256"), "the version records its training data");
    }
}
