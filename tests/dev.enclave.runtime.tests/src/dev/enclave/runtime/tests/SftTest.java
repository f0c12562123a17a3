package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.enclave.runtime.internal.LoraTrainer;

/** LoRA fine-tuning on the qwen2 fixture: the loss falls and the adapter is a PEFT folder our loader reads. */
class SftTest {
    @TempDir
    Path dir;

    @Test
    void fineTuningLowersTheLossAndWritesAPeftAdapter() throws Exception {
        List<String> lines = new ArrayList<>();
        String[][] facts = { { "保证人是谁？", "绍兴示例化纤有限公司" }, { "What pattern is on wafer W07?", "Edge-Ring" },
                { "授信金额是多少？", "人民币伍佰万元" }, { "Which lot failed?", "L1024" } };
        for (int i = 0; i < 8; i++) {
            String[] f = facts[i % facts.length];
            lines.add("{\"instruction\":\"" + f[0] + "\",\"input\":\"\",\"output\":\"" + f[1] + "\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        Path out = dir.resolve("adapter");
        Map<String, Object> r = LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, data, out,
                new LoraTrainer.Settings(4, 8f, 0f, List.of("q_proj", "v_proj", "gate_proj", "up_proj", "down_proj"), 20, 3e-2f, 128, 3L, 4, 1),
                Progress.silent(), null);
        double first = (double) r.get("first_loss");
        double last = (double) r.get("final_loss");
        assertTrue(last < first * 0.8, "the loss falls: " + first + " -> " + last);
        @SuppressWarnings("unchecked")
        List<Double> val = (List<Double>) r.get("validation_loss");
        assertEquals(20, val.size());
        assertTrue(val.get(19) < val.get(0) * 0.8, val.toString());

        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals("LORA", config.get("peft_type").getAsString());
        assertEquals(4, config.get("r").getAsInt());
        assertTrue(Files.exists(out.resolve("adapter_model.safetensors")));
        JsonObject training = JsonParser.parseString(Files.readString(out.resolve("training.json"))).getAsJsonObject();
        assertEquals(64, training.get("data_sha256").getAsString().length());
        assertTrue(training.getAsJsonObject("base_files_sha256").has("model.safetensors"));

        // The written adapter, merged the PEFT way by the loader, reproduces the trained model's validation loss.
        double merged = LoraTrainer.lossWithAdapter(Fixtures.model("qwen2-tiny"), out, data, 128);
        assertEquals(val.get(19), merged, 1e-3, "validation loss with the saved adapter merged");
    }
}
