package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.enclave.core.Progress;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.Djl;
import dev.enclave.runtime.internal.DjlLanguageModel;
import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.GgufConvert;
import dev.enclave.runtime.internal.LoraAdapter;
import dev.enclave.runtime.internal.LoraTrainer;
import dev.enclave.tests.support.Cli;

/**
 * LoRA on a quantized (Q8_0 GGUF) base: a PEFT adapter served beside the quantized projections
 * gives the float32 base+adapter's logits within Q8_0's own error, and {@code train sft} on the
 * GGUF base (QLoRA-style: the base stays quantized and frozen, dequantized layer by layer in each
 * step) lowers the loss and writes an adapter that also fits the float32 base.
 *
 * <p>The bound: Q8_0 keeps each weight within half a step (max|w| of its 32-weight block / 254) of
 * its float32 value, which moves the base's logits by some {@code baseErr} (measured here, the
 * quantized base alone against the float32 base). The adapter's update stays in float32, so it adds
 * no quantization error of its own; base+adapter may differ from float32 base+adapter by that error
 * as the adapted activations carry it: at most {@code 2·baseErr} (+1e-3 for float32 summation order),
 * and under 0.1 absolute. Greedy tokens can only differ where the float32 model's top-2 margin is
 * within twice that.
 */
class QuantizedLoraTest {
    private static final String PROMPT = "授信调查报告：保证人的经营情况";

    @TempDir
    Path dir;

    private Path q8(String fixture) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(fixture + "-q8_0"));
        GgufConvert.convert(Fixtures.model(fixture), folder.resolve("model.gguf"), GgmlType.Q8_0);
        return folder;
    }

    private static float[][] logits(Path model, Path adapter, int[] ids) {
        try (NDManager m = Djl.newManager(); LoraAdapter a = adapter == null ? null : LoraAdapter.open(adapter)) {
            DecoderModel d = DecoderModel.load(model, m, a);
            try (DecoderModel.Session s = d.newSession()) {
                return s.forward(ids, true);
            }
        }
    }

    private static double maxAbsDiff(float[][] x, float[][] y) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            for (int v = 0; v < x[i].length; v++) {
                max = Math.max(max, Math.abs(x[i][v] - y[i][v]));
            }
        }
        return max;
    }

    private static int[] encode(Path model) throws Exception {
        try (DjlLanguageModel lm = (DjlLanguageModel) Fixtures.registry().openLanguageModel(model, Progress.silent())) {
            return lm.encode(PROMPT);
        }
    }

    private static List<Integer> generated(Path ws, Path model, Path adapter) {
        Cli.Run r = Cli.run(ws, "model", "generate", "--json", "--model", model.toString(), "--adapter",
                adapter.toString(), "--max-new-tokens", "8", PROMPT);
        assertEquals(0, r.code(), r.toString());
        JsonArray ids = JsonParser.parseString(r.out().strip()).getAsJsonObject().getAsJsonArray("token_ids");
        List<Integer> out = new ArrayList<>();
        ids.forEach(e -> out.add(e.getAsInt()));
        return out;
    }

    /** The top-1 minus top-2 logit. */
    private static float margin(float[] logits) {
        float a = Float.NEGATIVE_INFINITY;
        float b = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            if (v > a) {
                b = a;
                a = v;
            } else if (v > b) {
                b = v;
            }
        }
        return a - b;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int v = 1; v < logits.length; v++) {
            if (logits[v] > logits[best]) {
                best = v;
            }
        }
        return best;
    }

    @Test
    void anAdapterServedOnAQ8BaseGivesTheFloat32LogitsWithinQ8Error() throws Exception {
        Path fp32 = Fixtures.model("qwen2-tiny");
        Path adapter = Fixtures.root().resolve("lora").resolve("qwen2-tiny-lora");
        Path q8 = q8("qwen2-tiny");
        int[] ids = encode(fp32);
        assertTrue(ids.length >= 4, "prompt tokens: " + ids.length);
        double baseErr = maxAbsDiff(logits(q8, null, ids), logits(fp32, null, ids));
        float[][] exact = logits(fp32, adapter, ids);
        double err = maxAbsDiff(logits(q8, adapter, ids), exact);
        double adapterEffect = maxAbsDiff(exact, logits(fp32, null, ids));
        System.out.printf("Q8_0 base: max |Δlogit| %.5f; Q8_0 base + adapter: %.5f; the adapter itself moves "
                + "the logits by %.4f%n", baseErr, err, adapterEffect);
        assertTrue(baseErr > 0, "a Q8_0 copy is not bit-identical");
        assertTrue(adapterEffect > 10 * err, "the adapter is applied: it moves the logits by " + adapterEffect
                + ", far more than the quantization error " + err);
        assertTrue(err <= 2 * baseErr + 1e-3 && err < 0.1, "base+adapter on Q8_0 within Q8_0's error: " + err
                + " against the base's " + baseErr);

        // Greedy text through the CLI: the same as on the float32 base wherever the margins allow.
        Path ws = dir.resolve("ws");
        List<Integer> f = generated(ws, fp32, adapter);
        List<Integer> q = generated(ws, q8, adapter);
        assertEquals(8, f.size());
        try (NDManager m = Djl.newManager(); LoraAdapter a = LoraAdapter.open(adapter)) {
            DecoderModel d = DecoderModel.load(fp32, m, a);
            try (DecoderModel.Session s = d.newSession()) {
                float[] next = s.forward(ids, false)[0];
                for (int i = 0; i < f.size(); i++) {
                    assertEquals(argmax(next), (int) f.get(i), "the CLI decodes greedily at step " + i);
                    if (i >= q.size() || !q.get(i).equals(f.get(i))) {
                        float margin = margin(next);
                        System.out.printf("greedy tokens part at step %d, where the float32 margin is %.5f%n", i,
                                margin);
                        assertTrue(margin <= 4 * err, "Q8_0 greedy differs at step " + i + " although the float32 "
                                + "margin " + margin + " is well above the error " + err + ": " + f + " vs " + q);
                        break;
                    }
                    next = s.forward(new int[] { f.get(i) }, false)[0];
                }
            }
        }
    }

    /**
     * {@code train sft} on a GGUF base back-propagates layer by layer, holding one dequantized layer
     * at a time: the same loss and adapter gradients as one backward pass through the whole graph
     * (llama-tiny: q and k rows come back from llama.cpp's interleaved order; a padded row).
     */
    @Test
    void theLayerByLayerBackwardGivesTheWholeGraphsGradients() throws Exception {
        Path q8 = q8("llama-tiny");
        int[][] ids = { { 11, 200, 37, 5, 99, 1024, 3 }, { 7, 8, 9, 10, 0, 0, 0 } };
        int[][] mask = { { 1, 1, 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 0, 0, 0 } };
        double[] loss = new double[2];
        List<List<float[]>> grads = List.of(new ArrayList<>(), new ArrayList<>());
        try (NDManager m = Djl.newManager()) {
            DecoderModel d = DecoderModel.load(q8, m);
            for (int run = 0; run < 2; run++) {
                try (NDManager step = m.newSubManager()) {
                    Random random = new Random(1);
                    Map<String, NDArray[]> params = new LinkedHashMap<>();
                    for (var e : d.linearShapes().entrySet()) {
                        if (e.getKey().contains("q_proj") || e.getKey().contains("k_proj")
                                || e.getKey().contains("down_proj")) {
                            long out = e.getValue()[0];
                            long in = e.getValue()[1];
                            NDArray a = step.create(noise(random, 2 * in), new Shape(2, in));
                            NDArray b = step.create(noise(random, out * 2), new Shape(out, 2));
                            a.setRequiresGradient(true);
                            b.setRequiresGradient(true);
                            params.put(e.getKey(), new NDArray[] { a, b });
                        }
                    }
                    DecoderModel.LinearHook hook = LoraTrainer.loraHook(params, name -> 2.0, 0f);
                    if (run == 0) {
                        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                            NDArray l = d.causalLmLoss(step, ids, mask, hook);
                            gc.backward(l);
                            loss[0] = l.getFloat();
                        }
                    } else {
                        loss[1] = d.quantizedBackward(step, ids, mask, mask, hook, true);
                    }
                    for (NDArray[] ab : params.values()) {
                        grads.get(run).add(ab[0].getGradient().toFloatArray());
                        grads.get(run).add(ab[1].getGradient().toFloatArray());
                    }
                }
            }
        }
        assertEquals(loss[0], loss[1], 1e-5, "the loss");
        assertEquals(grads.get(0).size(), grads.get(1).size());
        double largest = 0;
        for (int k = 0; k < grads.get(0).size(); k++) {
            float[] whole = grads.get(0).get(k);
            float[] layered = grads.get(1).get(k);
            for (int j = 0; j < whole.length; j++) {
                largest = Math.max(largest, Math.abs(whole[j]));
                assertEquals(whole[j], layered[j], 1e-5 + 1e-3 * Math.abs(whole[j]), "gradient " + k + "[" + j + "]");
            }
        }
        assertTrue(largest > 1e-4, "the adapters get gradients: " + largest);
    }

    private static float[] noise(Random random, long n) {
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * 0.1);
        }
        return out;
    }

    @Test
    void trainSftOnAQ8BaseLowersTheLossAndTheAdapterFitsTheFloat32Base() throws Exception {
        Path fp32 = Fixtures.model("qwen2-tiny");
        Path q8 = q8("qwen2-tiny");
        List<String> lines = new ArrayList<>();
        String[][] facts = { { "保证人是谁？", "绍兴示例化纤有限公司" }, { "What pattern is on wafer W07?", "Edge-Ring" },
                { "授信金额是多少？", "人民币伍佰万元" }, { "Which lot failed?", "L1024" } };
        for (int i = 0; i < 8; i++) {
            String[] fact = facts[i % facts.length];
            lines.add("{\"instruction\":\"" + fact[0] + "\",\"input\":\"\",\"output\":\"" + fact[1] + "\"}");
        }
        Path data = Files.write(dir.resolve("train.jsonl"), lines, StandardCharsets.UTF_8);
        Path out = dir.resolve("adapter");
        byte[] before = Files.readAllBytes(q8.resolve("model.gguf"));
        Cli.Run r = Cli.run(dir.resolve("ws"), "train", "sft", "--json", "--base", q8.toString(), "--data",
                data.toString(), "--val", data.toString(), "--out", out.toString(), "--rank", "4", "--alpha", "8",
                "--dropout", "0.05", "--targets", "q_proj,v_proj,gate_proj,up_proj,down_proj", "--epochs", "12", "--lr",
                "3e-2", "--max-len", "128", "--seed", "3");
        assertEquals(0, r.code(), r.toString());
        JsonObject t = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        double first = t.get("first_loss").getAsDouble();
        double last = t.get("final_loss").getAsDouble();
        System.out.printf("QLoRA on Q8_0 qwen2-tiny: loss %.4f -> %.4f, %.0f tokens/s, peak resident %.0f MB%n", first,
                last, t.get("tokens_per_s").getAsDouble(), t.get("peak_resident_bytes").getAsDouble() / 1e6);
        assertTrue(last < first * 0.8, "the loss falls: " + first + " -> " + last);
        assertEquals("q8_0", t.get("base_quantization").getAsString());
        assertTrue(t.getAsJsonObject("base_files_sha256").has("model.gguf"), t.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(q8.resolve("model.gguf"))),
                "the quantized base is frozen: its file is unchanged");
        JsonArray val = t.getAsJsonArray("validation_loss");
        double finalVal = val.get(val.size() - 1).getAsDouble();

        // The written adapter, served on the Q8_0 base through the loader, reproduces the run's validation loss.
        assertEquals(finalVal, LoraTrainer.lossWithAdapter(q8, out, data, 128), 1e-3);
        // It fits the float32 base as well: the loss there falls as much, and the logits agree within Q8_0's error.
        double fp32Base = LoraTrainer.lossWithAdapter(fp32, null, data, 128);
        double fp32Adapted = LoraTrainer.lossWithAdapter(fp32, out, data, 128);
        assertTrue(fp32Adapted < fp32Base * 0.8, "float32 base: " + fp32Base + " -> with the adapter " + fp32Adapted);
        int[] ids = encode(fp32);
        double baseErr = maxAbsDiff(logits(q8, null, ids), logits(fp32, null, ids));
        double err = maxAbsDiff(logits(q8, out, ids), logits(fp32, out, ids));
        double effect = maxAbsDiff(logits(fp32, out, ids), logits(fp32, null, ids));
        System.out.printf("trained adapter: Q8_0 vs float32 base max |Δlogit| %.5f (base alone %.5f); the adapter "
                + "moves the float32 logits by %.3f%n", err, baseErr, effect);
        // A strongly trained adapter (the loss nearly halves) enlarges the activations that carry the
        // quantization error, hence 3 × rather than the served fixture adapter's 2 ×.
        assertTrue(err <= 3 * baseErr && err < effect / 10, "adapter on Q8_0 vs float32 base: " + err + " against "
                + baseErr + " for the base alone; the adapter moves the logits by " + effect);
    }
}
