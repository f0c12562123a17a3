package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.Djl;
import dev.enclave.runtime.internal.LoraTrainer;

/**
 * Fine-tuning's gradients must not depend on when the garbage collector runs. Autograd keeps
 * the operands of the forward pass for the backward pass; an operand whose memory belongs to
 * a Java buffer that nothing in Java still holds is freed by the collector in between, and the
 * gradients are then computed from whatever that memory holds (this made fine-tuning runs end
 * in NaN now and then). Here the collector runs, and frees what it can, between the forward
 * and the backward pass.
 */
class AutogradLifetimeTest {

    @Test
    void gradientsAreTheSameWhenTheCollectorRunsBetweenForwardAndBackward() throws Exception {
        try (NDManager manager = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(Fixtures.model("qwen2-tiny"), manager);
            int[][] ids = { { 5, 17, 240, 33, 1024, 7, 88, 301, 12, 9 }, { 44, 3, 990, 61, 2, 0, 0, 0, 0, 0 } };
            int[][] mask = { { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 } };
            List<float[]> quiet = gradients(model, ids, mask, false);
            List<float[]> collected = gradients(model, ids, mask, true);
            assertTrue(quiet.stream().anyMatch(g -> g.length > 0 && g[0] != 0f), "the gradients are not all zero");
            for (int i = 0; i < quiet.size(); i++) {
                assertArrayEquals(quiet.get(i), collected.get(i), "gradient " + i);
            }
        }
    }

    /** LoRA on every q/v projection (A and B random, so every gradient is non-zero), scale 2. */
    private static List<float[]> gradients(DecoderModel model, int[][] ids, int[][] mask, boolean collect)
            throws InterruptedException {
        int d = model.config().hiddenSize;
        int rank = 4;
        Random random = new Random(11);
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray[]> params = new LinkedHashMap<>();
            for (int layer = 0; layer < model.config().layers; layer++) {
                for (String proj : new String[] { "q_proj", "v_proj" }) {
                    String name = "model.layers." + layer + ".self_attn." + proj + ".weight";
                    int out = proj.equals("q_proj") ? model.config().heads * model.config().headDim
                            : model.config().kvHeads * model.config().headDim;
                    NDArray a = m.create(uniform(random, rank * d), new Shape(rank, d));
                    NDArray b = m.create(uniform(random, out * rank), new Shape(out, rank));
                    a.setRequiresGradient(true);
                    b.setRequiresGradient(true);
                    params.put(name, new NDArray[] { a, b });
                }
            }
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray loss = model.causalLmLoss(m, ids, mask, LoraTrainer.loraHook(params, n -> 2.0, 0f));
                if (collect) {
                    collectFreedBuffers();
                }
                gc.backward(loss);
            }
            return params.values().stream().flatMap(ab -> java.util.stream.Stream.of(ab))
                    .map(p -> p.getGradient().toFloatArray()).toList();
        }
    }

    private static float[] uniform(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() - 0.5f) * 0.2f;
        }
        return a;
    }

    /** Collects garbage until the JVM's count of direct buffers stops falling (their memory is then freed). */
    private static void collectFreedBuffers() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        long last = Long.MAX_VALUE;
        int steady = 0;
        for (int i = 0; i < 100 && steady < 3; i++) {
            System.gc();
            Thread.sleep(20);
            long now = direct.getCount();
            steady = now < last ? 0 : steady + 1;
            last = now;
        }
    }
}
