package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.internal.LoraTrainCheck;
import java.util.Map;

/** PEFT LoRA adapters applied the PEFT way, against the logits PEFT produced. */
class LoraTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({ "qwen2-tiny-lora,Qwen2ForCausalLM+LoRA", "llama-tiny-lora,LlamaForCausalLM+LoRA" })
    void adaptersMatchPeft(String adapter, String architecture) throws Exception {
        Path folder = Fixtures.root().resolve("lora").resolve(adapter);
        ModelCheck c = Fixtures.registry().check(folder, null, Progress.silent());
        assertTrue(c.ok(), c.toString());
        assertEquals(architecture, c.architecture());
        assertTrue(c.maxAbsDiff() < 1e-4, c.toString());
    }

    @ParameterizedTest
    @CsvSource({ "qwen2-tiny-lora,24", "llama-tiny-lora,40" })
    void trainingStepMatchesPeft(String adapter, int tensors) {
        Map<String, Object> r = LoraTrainCheck.run(Fixtures.root().resolve("lora").resolve(adapter), null);
        assertEquals(Boolean.TRUE, r.get("ok"), r.toString());
        assertEquals(tensors, r.get("lora_tensors"), "every LoRA tensor's gradient was compared: " + r);
        assertEquals((double) r.get("loss_ref"), (double) r.get("loss"), 1e-4);
        assertTrue((double) r.get("max_rel_grad_diff") < 1e-3, r.toString());
        assertTrue((double) r.get("loss_after_step") < (double) r.get("loss"), "one SGD step lowers the loss");
    }

    @Test
    void theAdapterChangesTheOutputAndAWrongBaseIsRefused() throws Exception {
        Path adapter = Fixtures.root().resolve("lora/qwen2-tiny-lora");
        // The same adapter against the base alone would not match: the check is sensitive to the adapter.
        Path copy = Files.createDirectories(dir.resolve("no-adapter"));
        for (String f : new String[] { "reference.json", "reference.safetensors" }) {
            Files.copy(adapter.resolve(f), copy.resolve(f));
        }
        Path base = Fixtures.model("qwen2-tiny");
        for (String f : new String[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "generation_config.json" }) {
            Files.copy(base.resolve(f), copy.resolve(f));
        }
        ModelCheck withoutAdapter = Fixtures.registry().check(copy, null, Progress.silent());
        assertTrue(!withoutAdapter.ok() && withoutAdapter.maxAbsDiff() > 10 * ModelCheck.LOGIT_TOLERANCE,
                "the base alone does not reproduce PEFT's logits: " + withoutAdapter);

        EnclaveException wrongBase = assertThrows(EnclaveException.class, () -> Fixtures.registry().check(adapter,
                Fixtures.model("llama-tiny"), Progress.silent()));
        assertTrue(wrongBase.getMessage().contains("do not fit") || wrongBase.getMessage().contains("does not have"),
                wrongBase.getMessage());
    }
}
