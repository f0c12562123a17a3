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

    @Test
    void aStoppedRunResumesFromItsCheckpointToTheSameAdapter() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add("{\"instruction\":\"批次 L" + i + " 的良率是多少？\",\"input\":\"\",\"output\":\"" + (90 + i)
                    + "%\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        // With dropout: the resumed steps must draw the same masks as the uninterrupted run's.
        LoraTrainer.Settings settings = new LoraTrainer.Settings(4, 8f, 0.1f, List.of("q_proj", "v_proj"), 3, 2e-2f, 64,
                5L, 3, 2);
        Path straight = dir.resolve("straight");
        Map<String, Object> whole = LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, null, straight, settings,
                Progress.silent(), null);
        assertTrue(Files.notExists(straight.resolve("checkpoint")), "a finished run leaves no checkpoint");

        // Stop in the middle of the second epoch (4 steps per epoch), then resume.
        Path stopped = dir.resolve("stopped");
        Progress stopAfterSix = new Progress() {
            int steps;

            @Override
            public void begin(String task, int totalWork) {
            }

            @Override
            public void subTask(String name) {
            }

            @Override
            public void worked(int work) {
                steps += work;
            }

            @Override
            public void done() {
            }

            @Override
            public boolean isCanceled() {
                return steps >= 6;
            }

            @Override
            public void cancel() {
            }
        };
        Map<String, Object> first = LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, null, stopped, settings,
                stopAfterSix, null);
        assertEquals(Boolean.TRUE, first.get("cancelled"));
        assertTrue(Files.exists(stopped.resolve("checkpoint/state.json")), "a stopped run leaves its checkpoint");
        Map<String, Object> resumed = LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, null, stopped, settings,
                Progress.silent(), null, true);
        assertEquals(Boolean.FALSE, resumed.get("cancelled"));
        assertEquals(whole.get("loss_curve"), resumed.get("loss_curve"), "the same steps with the same losses");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(straight.resolve("adapter_model.safetensors")),
                Files.readAllBytes(stopped.resolve("adapter_model.safetensors"))), "bit-identical adapters");
        assertTrue(Files.notExists(stopped.resolve("checkpoint")));

        // Resuming needs a checkpoint made with the same options.
        LoraTrainer.train(Fixtures.model("qwen2-tiny"), data, null, dir.resolve("other"), settings, stopAfterSix, null);
        LoraTrainer.Settings otherLr = new LoraTrainer.Settings(4, 8f, 0.1f, List.of("q_proj", "v_proj"), 3, 1e-2f, 64,
                5L, 3, 2);
        dev.enclave.core.EnclaveException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.enclave.core.EnclaveException.class, () -> LoraTrainer.train(Fixtures.model("qwen2-tiny"), data,
                        null, dir.resolve("other"), otherLr, Progress.silent(), null, true));
        assertTrue(e.isBadInput() && e.getMessage().contains("lr"), e.getMessage());
    }
}
