package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import dev.enclave.core.Progress;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.Djl;
import dev.enclave.runtime.internal.DpoTrainer;
import dev.enclave.runtime.internal.LoraTrainer;

/** Issue 20: DPO on LoRA — its gradient against finite differences, and what it does on held-out pairs. */
class DpoTest {
    @TempDir
    Path dir;

    @Test
    void theDpoGradientMatchesFiniteDifferences() {
        try (NDManager manager = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(Fixtures.model("qwen2-tiny"), manager);
            Random random = new Random(5);
            Map<String, float[][]> params = new LinkedHashMap<>();
            int rank = 2;
            for (var e : model.linearShapes().entrySet()) {
                if (e.getKey().endsWith("q_proj.weight") || e.getKey().endsWith("v_proj.weight")) {
                    int out = (int) e.getValue()[0];
                    int in = (int) e.getValue()[1];
                    float[] a = new float[rank * in];
                    float[] b = new float[out * rank];
                    for (int k = 0; k < a.length; k++) {
                        a[k] = (float) random.nextGaussian() * 0.3f;
                    }
                    for (int k = 0; k < b.length; k++) {
                        b[k] = (float) random.nextGaussian() * 0.3f;
                    }
                    params.put(e.getKey(), new float[][] { a, b, { rank, in, out } });
                }
            }
            // Two pairs of token ids: prompt tokens (mask 0) then a response (mask 1), responses of different lengths.
            List<DpoTrainer.Pair> pairs = List.of(
                    pair(new int[] { 11, 57, 300, 41, 9, 500, 601 }, 3, new int[] { 11, 57, 300, 72, 88 }, 3),
                    pair(new int[] { 5, 6, 7, 8, 1000, 1001, 1002, 1003 }, 4, new int[] { 5, 6, 7, 8, 42, 43 }, 4));
            double[][] reference = { { -20.0, -12.5 }, { -30.0, -14.0 } };
            float scale = 2f;
            double beta = 0.5;
            Map<String, float[][]> grads = zeros(params);
            DpoTrainer.StepStats st = DpoTrainer.step(model, pairs, reference, params, grads, scale, beta);
            assertTrue(Double.isFinite(st.loss()) && st.loss() > 0, "loss " + st.loss());
            // The coordinates with the largest gradients, each checked by central differences.
            List<int[]> coords = new ArrayList<>();
            List<String> names = new ArrayList<>(params.keySet());
            for (int n = 0; n < names.size(); n++) {
                for (int which = 0; which < 2; which++) {
                    float[] g = grads.get(names.get(n))[which];
                    int best = 0;
                    for (int k = 1; k < g.length; k++) {
                        if (Math.abs(g[k]) > Math.abs(g[best])) {
                            best = k;
                        }
                    }
                    coords.add(new int[] { n, which, best });
                }
            }
            double worst = 0;
            StringBuilder report = new StringBuilder();
            float h = 1e-2f;
            for (int[] c : coords) {
                float[] p = params.get(names.get(c[0]))[c[1]];
                float saved = p[c[2]];
                p[c[2]] = saved + h;
                double up = DpoTrainer.step(model, pairs, reference, params, null, scale, beta).loss();
                p[c[2]] = saved - h;
                double down = DpoTrainer.step(model, pairs, reference, params, null, scale, beta).loss();
                p[c[2]] = saved;
                double numeric = (up - down) / (2 * h);
                double analytic = grads.get(names.get(c[0]))[c[1]][c[2]];
                double rel = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(analytic));
                worst = Math.max(worst, rel);
                report.append(String.format("%s[%d] analytic %.6f numeric %.6f; ", names.get(c[0]), c[2], analytic,
                        numeric));
            }
            System.out.println("DPO gradient check: max relative difference " + worst + " over " + coords.size()
                    + " coordinates: " + report);
            assertTrue(worst < 0.02, "max relative difference " + worst + ": " + report);
        }
    }

    private static DpoTrainer.Pair pair(int[] chosen, int promptChosen, int[] rejected, int promptRejected) {
        return new DpoTrainer.Pair(chosen, mask(chosen.length, promptChosen), rejected,
                mask(rejected.length, promptRejected));
    }

    private static int[] mask(int length, int prompt) {
        int[] m = new int[length];
        for (int j = prompt; j < length; j++) {
            m[j] = 1;
        }
        return m;
    }

    private static Map<String, float[][]> zeros(Map<String, float[][]> params) {
        Map<String, float[][]> z = new LinkedHashMap<>();
        params.forEach((k, v) -> z.put(k, new float[][] { new float[v[0].length], new float[v[1].length] }));
        return z;
    }

    /** Pairs that differ only in their answer's opening: the preference to learn, and to carry to new prompts. */
    private static List<String> prefs(int from, int count, String good, String bad) {
        List<String> out = new ArrayList<>();
        Random r = new Random(from);
        for (int i = from; i < from + count; i++) {
            String detail = "批次 L" + (1000 + r.nextInt(9000)) + "，良率 " + (80 + r.nextInt(20)) + "%";
            JsonObject o = new JsonObject();
            o.addProperty("prompt", "请核对" + detail + "，能否放行？");
            o.addProperty("chosen", good + detail + "。");
            o.addProperty("rejected", bad + detail + "。");
            out.add(o.toString());
        }
        return out;
    }

    @Test
    void dpoRaisesHeldOutRewardAccuracyAboveTheBase() throws Exception {
        Path base = Fixtures.model("qwen2-tiny");
        String a = "可以放行：";
        String b = "暂不放行：";
        Path probe = Files.write(dir.resolve("probe.jsonl"), prefs(900, 8, a, b), StandardCharsets.UTF_8);
        double probeAccuracy = ((Number) DpoTrainer.evaluate(base, null, probe, 128, Progress.silent())
                .get("reward_accuracy")).doubleValue();
        // Teach the preference the base does not have: the opening it ranks lower is the chosen one.
        String good = probeAccuracy <= 0.5 ? a : b;
        String bad = probeAccuracy <= 0.5 ? b : a;
        Path train = Files.write(dir.resolve("train.jsonl"), prefs(1, 16, good, bad), StandardCharsets.UTF_8);
        Path heldOut = Files.write(dir.resolve("held-out.jsonl"), prefs(500, 12, good, bad), StandardCharsets.UTF_8);
        Map<String, Object> before = DpoTrainer.evaluate(base, null, heldOut, 128, Progress.silent());
        Path out = dir.resolve("dpo");
        Map<String, Object> r = DpoTrainer.train(base, train, out, new LoraTrainer.Settings(4, 8f, 0f,
                List.of("q_proj", "v_proj", "o_proj", "up_proj", "down_proj"), 2, 2e-2f, 128, 7L, 4, 1), 0.5,
                Progress.silent(), null);
        Map<String, Object> after = DpoTrainer.evaluate(base, out, heldOut, 128, Progress.silent());
        double accBefore = ((Number) before.get("reward_accuracy")).doubleValue();
        double accAfter = ((Number) after.get("reward_accuracy")).doubleValue();
        System.out.println("DPO on qwen2-tiny: held-out reward accuracy " + accBefore + " -> " + accAfter
                + ", mean margin " + before.get("mean_margin") + " -> " + after.get("mean_margin") + ", loss "
                + r.get("first_loss") + " -> " + r.get("final_loss"));
        assertEquals(12, ((Number) after.get("pairs")).intValue());
        assertTrue(accAfter >= 0.9 && accAfter > accBefore, accBefore + " -> " + accAfter);
        assertEquals(Math.log(2), (double) r.get("first_loss"), 1e-3,
                "the adapter starts switched off (B = 0): the policy is the reference, the loss log 2");
        JsonObject training = JsonParser.parseString(Files.readString(out.resolve("training.json"))).getAsJsonObject();
        assertEquals("dpo", training.get("method").getAsString());
        int steps = training.getAsJsonArray("loss_curve").size();
        assertEquals(8, steps, "2 epochs of 16 pairs in batches of 4");
        assertEquals(steps, training.getAsJsonArray("reward_margin_curve").size());
        assertEquals(steps, training.getAsJsonArray("reward_accuracy_curve").size());
        assertTrue(Files.exists(out.resolve("adapter_model.safetensors")) && Files.exists(out.resolve("adapter_config.json")));
    }

    @Test
    void theCommandsPrintTheContractJsonAndRefuseBadPairs() throws Exception {
        Path base = Fixtures.model("qwen2-tiny");
        Path ws = dir.resolve("ws");
        Path prefs = Files.write(dir.resolve("prefs.jsonl"), prefs(3, 4, "可以放行：", "暂不放行："), StandardCharsets.UTF_8);
        Path out = dir.resolve("cli-dpo");
        dev.enclave.tests.support.Cli.Run train = dev.enclave.tests.support.Cli.run(ws, "train", "dpo", "--json",
                "--base", base.toString(), "--data", prefs.toString(), "--out", out.toString(), "--rank", "2",
                "--max-len", "64");
        assertEquals(0, train.code(), train.err());
        JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
        assertEquals("dpo", t.get("method").getAsString());
        assertTrue(t.has("final_reward_accuracy") && !t.has("loss_curve"), train.out());
        dev.enclave.tests.support.Cli.Run eval = dev.enclave.tests.support.Cli.run(ws, "eval", "preference", "--json",
                "--model", base.toString(), "--adapter", out.toString(), "--data", prefs.toString());
        assertEquals(0, eval.code(), eval.err());
        JsonObject e = JsonParser.parseString(eval.out()).getAsJsonObject();
        assertEquals(java.util.Set.of("pairs", "reward_accuracy", "mean_margin"), e.keySet(), eval.out());
        assertEquals(4, e.get("pairs").getAsInt());
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\":\"x\",\"chosen\":null,\"rejected\":\"y\"}\n");
        dev.enclave.tests.support.Cli.Run refused = dev.enclave.tests.support.Cli.run(ws, "eval", "preference",
                "--model", base.toString(), "--data", bad.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("bad.jsonl record 1") && !refused.err().contains("Exception"), refused.err());
    }
}
