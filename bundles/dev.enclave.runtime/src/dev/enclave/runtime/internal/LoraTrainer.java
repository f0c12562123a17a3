package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleConsumer;
import java.util.function.ToDoubleFunction;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.runtime.ChatMessage;

/**
 * LoRA supervised fine-tuning of a decoder on DJL's PyTorch engine (autograd): adapters on
 * the chosen modules (A Kaiming-uniform, B zero, scale α/r, dropout on the adapter input),
 * loss on the answer's tokens only (the prompt, rendered with the model's chat template,
 * is masked out), AdamW with linear warm-up and decay, gradient accumulation, a validation
 * loss per epoch, and the result written as a PEFT adapter folder plus {@code training.json}.
 */
public final class LoraTrainer {

    /** Hyper-parameters. */
    public record Settings(int rank, float alpha, float dropout, List<String> targets, int epochs, float lr,
            int maxLength, long seed, int batchSize, int gradAccumulation) {
    }

    private record Example(int[] ids, int[] lossMask) {
    }

    private LoraTrainer() {
    }

    /**
     * Trains and writes the adapter to {@code out}; {@code onLoss} receives each step's training loss.
     *
     * @return the summary also written to {@code training.json}
     */
    public static Map<String, Object> train(Path base, Path data, Path validation, Path out, Settings s,
            Progress progress, DoubleConsumer onLoss) {
        return train(base, data, validation, out, s, progress, onLoss, false);
    }

    /**
     * Trains and writes the adapter to {@code out}. A run that stops before its last epoch
     * (cancelled, or the machine went down after an epoch) leaves {@code out/checkpoint/}: the
     * adapter and optimiser state, the data order and the random state, written at the end of
     * every epoch and when cancelled. With {@code resume} training continues from there and
     * reaches the same adapter as an uninterrupted run, bit for bit (dropout included: each step's
     * masks come from the engine's generator seeded for that step). The checkpoint is removed when
     * training completes.
     *
     * @throws EnclaveException (bad input) when {@code resume} finds no checkpoint, or one made with
     *         other hyper-parameters or other data
     */
    public static Map<String, Object> train(Path base, Path data, Path validation, Path out, Settings s,
            Progress progress, DoubleConsumer onLoss, boolean resume) {
        if (s.rank() < 1 || s.alpha() <= 0 || s.epochs() < 1 || s.lr() <= 0 || s.maxLength() < 8 || s.batchSize() < 1
                || s.gradAccumulation() < 1 || s.dropout() < 0 || s.dropout() >= 1 || s.targets().isEmpty()) {
            throw EnclaveException.badInput("Check the training settings: rank ≥ 1, alpha > 0, epochs ≥ 1, "
                    + "learning rate > 0, maximum length ≥ 8 tokens, batch size ≥ 1, gradient accumulation ≥ 1, "
                    + "0 ≤ dropout < 1, and at least one target module.");
        }
        long started = System.nanoTime();
        DefaultModelRegistry registry = new DefaultModelRegistry();
        try (DjlLanguageModel lm = (DjlLanguageModel) registry.openLanguageModel(base, Progress.silent())) {
            DecoderModel model = lm.decoder();
            List<Example> train = examples(lm, data, s.maxLength());
            List<Example> val = validation == null ? List.of() : examples(lm, validation, s.maxLength());
            if (train.isEmpty()) {
                throw EnclaveException.badInput(data + " has no usable training example (every answer was empty or "
                        + "beyond the maximum length of " + s.maxLength() + " tokens).");
            }
            Map<String, float[][]> params = initialise(model, s);
            Map<String, float[][]> m1 = zerosLike(params);
            Map<String, float[][]> m2 = zerosLike(params);
            float scale = s.alpha() / s.rank();
            Random random = new Random(s.seed());
            int stepsPerEpoch = (train.size() + s.batchSize() - 1) / s.batchSize();
            int updates = s.epochs() * ((stepsPerEpoch + s.gradAccumulation() - 1) / s.gradAccumulation());
            int warmup = Math.max(1, updates / 10);
            List<Double> curve = new ArrayList<>();
            List<Double> valCurve = new ArrayList<>();
            long tokens = 0;
            int update = 0;
            boolean cancelled = false;
            Map<String, float[][]> grads = zerosLike(params);
            int micro = 0;
            int startEpoch = 0;
            int startBatch = 0;
            List<Example> resumedOrder = null;
            String dataHash = sha256(data);
            Checkpoint checkpoint = new Checkpoint(out.resolve("checkpoint"), hyperparameters(s), dataHash);
            if (resume) {
                Checkpoint.State st = checkpoint.read(params);
                params = st.params();
                m1 = st.m1();
                m2 = st.m2();
                grads = st.grads();
                random = st.random();
                update = st.update();
                micro = st.micro();
                tokens = st.tokens();
                curve.addAll(st.curve());
                valCurve.addAll(st.validationCurve());
                startEpoch = st.epoch();
                startBatch = st.nextBatch();
                if (st.order() != null) {
                    resumedOrder = st.order().stream().map(train::get).toList();
                }
            }
            progress.begin("LoRA fine-tuning " + base.getFileName(), s.epochs() * stepsPerEpoch);
            progress.worked(curve.size());
            long loopStart = System.nanoTime();
            outer:
            for (int epoch = startEpoch; epoch < s.epochs(); epoch++) {
                List<Example> order;
                int first = 0;
                if (resumedOrder != null) {
                    order = resumedOrder;
                    first = startBatch;
                    resumedOrder = null;
                } else {
                    order = new ArrayList<>(train);
                    Collections.shuffle(order, random);
                }
                for (int b = first; b < order.size(); b += s.batchSize()) {
                    if (progress.isCanceled()) {
                        cancelled = true;
                        checkpoint.write(new Checkpoint.State(params, m1, m2, grads, random, update, micro, tokens,
                                curve, valCurve, epoch, b, indices(order, train)));
                        break outer;
                    }
                    List<Example> batch = order.subList(b, Math.min(order.size(), b + s.batchSize()));
                    // The step's dropout masks depend on the seed and the step alone, not on what else
                    // drew from the engine's generator before (an earlier run in this process, a resume).
                    Djl.engine().setRandomSeed((int) (s.seed() * 1_000_003L + curve.size()));
                    int parts = TrainingThreads.parts(batch.size());
                    double loss = parts > 1
                            ? spreadStep(model, batch, params, grads, scale, s.dropout(),
                                    s.seed() * 1_000_003L + curve.size(), parts)
                            : step(model, batch, params, grads, scale, s.dropout(), random, true,
                                    s.seed() * 1_000_003L + curve.size());
                    if (!Double.isFinite(loss)) {
                        throw EnclaveException.failure("Training diverged: the loss is " + loss + " at step "
                                + (curve.size() + 1) + ". Lower the learning rate (now " + s.lr() + ") or the LoRA alpha.", null);
                    }
                    for (Example e : batch) {
                        tokens += e.ids().length;
                    }
                    curve.add(loss);
                    if (onLoss != null) {
                        onLoss.accept(loss);
                    }
                    progress.worked(1);
                    micro++;
                    if (micro % s.gradAccumulation() == 0 || b + s.batchSize() >= order.size()) {
                        update++;
                        float lr = update <= warmup ? s.lr() * update / warmup
                                : s.lr() * Math.max(0f, (float) (updates - update) / Math.max(1, updates - warmup));
                        adamW(params, grads, m1, m2, lr, update, micro % s.gradAccumulation() == 0
                                ? s.gradAccumulation() : micro % s.gradAccumulation());
                        grads = zerosLike(params);
                        micro = 0;
                    }
                }
                if (!val.isEmpty()) {
                    double total = 0;
                    for (int b = 0; b < val.size(); b += s.batchSize()) {
                        total += step(model, val.subList(b, Math.min(val.size(), b + s.batchSize())), params, null,
                                scale, 0f, random, false, 0L);
                    }
                    valCurve.add(total / ((val.size() + s.batchSize() - 1) / s.batchSize()));
                }
                if (epoch + 1 < s.epochs()) {
                    checkpoint.write(new Checkpoint.State(params, m1, m2, grads, random, update, micro, tokens, curve,
                            valCurve, epoch + 1, 0, null));
                }
            }
            progress.done();
            if (!cancelled) {
                checkpoint.delete();
            }
            double trainingSeconds = (System.nanoTime() - loopStart) / 1e9;
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("base", base.toString());
            summary.put("base_files_sha256", AdapterMerge.modelHashes(base));
            if (model.quantization() != null) {
                // QLoRA-style: the GGUF base stayed quantized, dequantized layer by layer in each step.
                summary.put("base_quantization", model.quantization());
            }
            summary.put("data", data.toString());
            summary.put("data_sha256", dataHash);
            if (validation != null) {
                summary.put("validation", validation.toString());
                summary.put("validation_sha256", sha256(validation));
            }
            summary.put("hyperparameters", hyperparameters(s));
            summary.put("resumed", resume);
            summary.put("examples", train.size());
            summary.put("validation_examples", val.size());
            summary.put("loss_curve", curve);
            summary.put("validation_loss", valCurve);
            summary.put("first_loss", curve.isEmpty() ? null : curve.get(0));
            summary.put("final_loss", curve.isEmpty() ? null : curve.get(curve.size() - 1));
            summary.put("tokens_per_s", tokens / trainingSeconds);
            summary.put("training_seconds", trainingSeconds);
            summary.put("seconds", seconds);
            summary.put("peak_resident_bytes", Benchmark.residentBytes());
            summary.put("threads", TrainingThreads.parts(s.batchSize()));
            summary.put("cancelled", cancelled);
            write(out, base, params, s, summary);
            return summary;
        }
    }

    /** The hyper-parameters as recorded in {@code training.json} and checked on resume. */
    static Map<String, Object> hyperparameters(Settings s) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("rank", s.rank());
        hp.put("alpha", s.alpha());
        hp.put("dropout", s.dropout());
        hp.put("targets", s.targets());
        hp.put("epochs", s.epochs());
        hp.put("lr", s.lr());
        hp.put("schedule", "linear warm-up (10%) and decay, AdamW (0.9, 0.999, eps 1e-8, weight decay 0)");
        hp.put("max_len", s.maxLength());
        hp.put("batch_size", s.batchSize());
        hp.put("grad_accum", s.gradAccumulation());
        hp.put("seed", s.seed());
        return hp;
    }

    /** Positions of {@code order}'s examples in {@code train}. */
    private static List<Integer> indices(List<Example> order, List<Example> train) {
        Map<Example, Integer> at = new java.util.IdentityHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            at.put(train.get(i), i);
        }
        return order.stream().map(at::get).toList();
    }

    /**
     * The mean batch loss (batches of 4, in file order, as the validation loss is computed) of
     * {@code data} with the adapter in {@code adapterFolder} merged into {@code base} by the loader
     * (the base alone when {@code adapterFolder} is null); 0 when no record has tokens to score.
     */
    public static double lossWithAdapter(Path base, Path adapterFolder, Path data, int maxLength) {
        DefaultModelRegistry registry = new DefaultModelRegistry();
        try (DjlLanguageModel lm = (DjlLanguageModel) registry.openLanguageModel(base, Progress.silent());
                LoraAdapter adapter = adapterFolder == null ? null : LoraAdapter.open(adapterFolder);
                NDManager manager = Djl.newManager()) {
            DecoderModel merged = DecoderModel.load(base, manager.newSubManager(), adapter);
            List<Example> examples = examples(lm, data, maxLength);
            double total = 0;
            int batches = 0;
            for (int b = 0; b < examples.size(); b += 4) {
                total += step(merged, examples.subList(b, Math.min(examples.size(), b + 4)), Map.of(), null, 1f, 0f,
                        new Random(0), false, 0L);
                batches++;
            }
            return batches == 0 ? 0 : total / batches;
        }
    }

    /**
     * Loss of one batch; with {@code grads} the LoRA gradients are added to it. On a GGUF base the
     * pass runs layer by layer ({@link DecoderModel#quantizedBackward}), its dropout masks drawn by
     * weight name from {@code dropoutSeed}.
     */
    private static double step(DecoderModel model, List<Example> batch, Map<String, float[][]> params,
            Map<String, float[][]> grads, float scale, float dropout, Random random, boolean train, long dropoutSeed) {
        int t = 0;
        for (Example e : batch) {
            t = Math.max(t, e.ids().length);
        }
        int[][] ids = new int[batch.size()][t];
        int[][] mask = new int[batch.size()][t];
        int[][] lossMask = new int[batch.size()][t];
        for (int i = 0; i < batch.size(); i++) {
            Example e = batch.get(i);
            for (int j = 0; j < e.ids().length; j++) {
                ids[i][j] = e.ids()[j];
                mask[i][j] = 1;
                lossMask[i][j] = e.lossMask()[j];
            }
        }
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray[]> arrays = new LinkedHashMap<>();
            params.forEach((name, ab) -> {
                NDArray a = m.create(ab[0], new Shape((long) ab[2][0], (long) ab[2][1]));
                NDArray b = m.create(ab[1], new Shape((long) ab[2][2], (long) ab[2][0]));
                if (grads != null) {
                    a.setRequiresGradient(true);
                    b.setRequiresGradient(true);
                }
                arrays.put(name, new NDArray[] { a, b });
            });
            boolean quantized = model.quantization() != null;
            DecoderModel.LinearHook hook = quantized && train && dropout > 0
                    ? seededDropoutHook(arrays, scale, dropout, dropoutSeed)
                    : loraHook(arrays, name -> scale, train ? dropout : 0f);
            if (grads == null) {
                return model.causalLmLoss(m, ids, mask, lossMask, hook).getFloat();
            }
            double loss;
            if (quantized) {
                loss = model.quantizedBackward(m, ids, mask, lossMask, hook, true);
            } else {
                try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                    NDArray l = model.causalLmLoss(m, ids, mask, lossMask, hook);
                    gc.backward(l);
                    loss = l.getFloat();
                }
            }
            arrays.forEach((name, ab) -> {
                float[][] g = grads.get(name);
                float[] ga = ab[0].getGradient().toFloatArray();
                float[] gb = ab[1].getGradient().toFloatArray();
                for (int k = 0; k < ga.length; k++) {
                    g[0][k] += ga[k];
                }
                for (int k = 0; k < gb.length; k++) {
                    g[1][k] += gb[k];
                }
            });
            return loss;
        }
    }

    /** One part of a spread step: its summed token loss, the tokens it counts, and its LoRA gradients. */
    private record Part(double lossSum, long tokens, Map<String, float[][]> grads) {
    }

    /**
     * The training step spread over the cores ({@link TrainingThreads}): the batch split into
     * {@code parts} contiguous parts, each part's summed token loss and its gradient computed on its
     * own thread, then added in part order and divided by the tokens counted in the whole batch — the
     * same mean loss and gradient as {@link #step}. Dropout masks come from a generator seeded by
     * {@code dropoutSeed} and the part, so a run (and its resume) is reproducible.
     */
    private static double spreadStep(DecoderModel model, List<Example> batch, Map<String, float[][]> params,
            Map<String, float[][]> grads, float scale, float dropout, long dropoutSeed, int parts) {
        List<java.util.concurrent.Callable<Part>> tasks = new ArrayList<>();
        int size = (batch.size() + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            List<Example> part = batch.subList(Math.min(batch.size(), p * size), Math.min(batch.size(), (p + 1) * size));
            if (part.isEmpty()) {
                continue;
            }
            long seed = dropoutSeed * 31 + p;
            tasks.add(() -> part(model, part, params, scale, dropout, seed));
        }
        List<Part> done = TrainingThreads.run(tasks);
        long tokens = 0;
        double lossSum = 0;
        for (Part p : done) {
            tokens += p.tokens();
            lossSum += p.lossSum();
        }
        long all = Math.max(1, tokens);
        for (Part p : done) {
            p.grads().forEach((name, g) -> {
                float[][] into = grads.get(name);
                for (int w = 0; w < 2; w++) {
                    for (int k = 0; k < g[w].length; k++) {
                        into[w][k] += g[w][k] / all;
                    }
                }
            });
        }
        return lossSum / all;
    }

    private static Part part(DecoderModel model, List<Example> batch, Map<String, float[][]> params, float scale,
            float dropout, long seed) {
        int t = 0;
        for (Example e : batch) {
            t = Math.max(t, e.ids().length);
        }
        int[][] ids = new int[batch.size()][t];
        int[][] mask = new int[batch.size()][t];
        int[][] lossMask = new int[batch.size()][t];
        long tokens = 0;
        for (int i = 0; i < batch.size(); i++) {
            Example e = batch.get(i);
            for (int j = 0; j < e.ids().length; j++) {
                ids[i][j] = e.ids()[j];
                mask[i][j] = 1;
                lossMask[i][j] = e.lossMask()[j];
                if (j > 0) {
                    tokens += lossMask[i][j];
                }
            }
        }
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray[]> arrays = new LinkedHashMap<>();
            params.forEach((name, ab) -> {
                NDArray a = m.create(ab[0], new Shape((long) ab[2][0], (long) ab[2][1]));
                NDArray b = m.create(ab[1], new Shape((long) ab[2][2], (long) ab[2][0]));
                a.setRequiresGradient(true);
                b.setRequiresGradient(true);
                arrays.put(name, new NDArray[] { a, b });
            });
            DecoderModel.LinearHook hook = dropout > 0 ? seededDropoutHook(arrays, scale, dropout, seed)
                    : loraHook(arrays, name -> scale, 0f);
            // DJL allows one GradientCollector at a time in the process; libtorch's autograd mode is
            // per thread, so each part records and runs its own backward pass directly.
            double lossSum;
            boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
            ai.djl.pytorch.jni.JniUtils.setGradMode(true);
            try {
                if (model.quantization() != null) {
                    lossSum = model.quantizedBackward(m, ids, mask, lossMask, hook, false);
                } else {
                    NDArray nll = model.sequenceLogProbs(m, ids, mask, lossMask, hook).sum().neg();
                    NDArray ones = m.ones(nll.getShape(), nll.getDataType());
                    ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) nll,
                            (ai.djl.pytorch.engine.PtNDArray) ones, false, false);
                    lossSum = nll.getFloat();
                }
            } finally {
                ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
            }
            Map<String, float[][]> g = new LinkedHashMap<>();
            arrays.forEach((name, ab) -> g.put(name, new float[][] { ab[0].getGradient().toFloatArray(),
                    ab[1].getGradient().toFloatArray() }));
            return new Part(lossSum, tokens, g);
        }
    }

    /**
     * As {@link #loraHook} with dropout, the masks drawn from a generator of their own (not the
     * engine's) seeded by {@code seed} and the weight's name: a layer computed again (the layer-by-layer
     * backward on a quantized base) gets the same masks.
     */
    private static DecoderModel.LinearHook seededDropoutHook(Map<String, NDArray[]> params, float scale,
            float dropout, long seed) {
        float kept = 1f / (1f - dropout);
        return (name, x, y) -> {
            NDArray[] ab = params.get(name);
            if (ab == null) {
                return y;
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 1_000_003L + name.hashCode());
            float[] keep = new float[(int) x.size()];
            for (int k = 0; k < keep.length; k++) {
                keep[k] = random.nextDouble() < dropout ? 0f : kept;
            }
            NDArray in = x.mul(x.getManager().create(keep, x.getShape()));
            NDArray s = DecoderModel.scalar(y, scale);
            return y.add(in.matMul(ab[0].transpose()).matMul(ab[1].transpose()).mul(s));
        };
    }

    /**
     * The unmerged adapters' term added to each targeted projection, as PEFT computes it:
     * {@code y + scale·(dropout(x)·Aᵀ)·Bᵀ}, with {@code params} holding A (r × in) and B (out × r)
     * by weight name. Dropout (training only; 0 for none) draws from the engine's generator.
     */
    public static DecoderModel.LinearHook loraHook(Map<String, NDArray[]> params, ToDoubleFunction<String> scale,
            float dropout) {
        return (name, x, y) -> {
            NDArray[] ab = params.get(name);
            if (ab == null) {
                return y;
            }
            NDArray in = dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
            NDArray s = DecoderModel.scalar(y, (float) scale.applyAsDouble(name));
            return y.add(in.matMul(ab[0].transpose()).matMul(ab[1].transpose()).mul(s));
        };
    }

    /** A (r × in) Kaiming-uniform as PEFT initialises it, B (out × r) zero; [2] holds r, in, out. */
    static Map<String, float[][]> initialise(DecoderModel model, Settings s) {
        Random random = new Random(s.seed());
        Map<String, float[][]> params = new LinkedHashMap<>();
        Map<String, long[]> shapes = model.linearShapes();
        for (var e : shapes.entrySet()) {
            String module = e.getKey().substring(0, e.getKey().length() - ".weight".length());
            String last = module.substring(module.lastIndexOf('.') + 1);
            if (!s.targets().contains(last)) {
                continue;
            }
            int out = (int) e.getValue()[0];
            int in = (int) e.getValue()[1];
            float bound = (float) (1.0 / Math.sqrt(in));
            float[] a = new float[s.rank() * in];
            for (int k = 0; k < a.length; k++) {
                a[k] = (random.nextFloat() * 2 - 1) * bound;
            }
            params.put(e.getKey(), new float[][] { a, new float[out * s.rank()], { s.rank(), in, out } });
        }
        if (params.isEmpty()) {
            throw EnclaveException.badInput("The target modules " + s.targets() + " match no module of the model; use names "
                    + "such as q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj.");
        }
        return params;
    }

    static Map<String, float[][]> zerosLike(Map<String, float[][]> params) {
        Map<String, float[][]> z = new LinkedHashMap<>();
        params.forEach((k, v) -> z.put(k, new float[][] { new float[v[0].length], new float[v[1].length] }));
        return z;
    }

    static void adamW(Map<String, float[][]> params, Map<String, float[][]> grads,
            Map<String, float[][]> m1, Map<String, float[][]> m2, float lr, int t, int micro) {
        double b1 = 0.9;
        double b2 = 0.999;
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (var e : params.entrySet()) {
            for (int which = 0; which < 2; which++) {
                float[] p = e.getValue()[which];
                float[] g = grads.get(e.getKey())[which];
                float[] m = m1.get(e.getKey())[which];
                float[] v = m2.get(e.getKey())[which];
                for (int k = 0; k < p.length; k++) {
                    double gk = g[k] / micro;
                    m[k] = (float) (b1 * m[k] + (1 - b1) * gk);
                    v[k] = (float) (b2 * v[k] + (1 - b2) * gk * gk);
                    p[k] -= (float) (lr * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8));
                }
            }
        }
    }

    private static List<Example> examples(DjlLanguageModel lm, Path file, int maxLength) {
        List<Example> out = new ArrayList<>();
        for (JsonObject o : FileIO.readJsonLines(file)) {
            Example e = example(lm, o, maxLength);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Prompt and answer of a record, the prompt's tokens masked out of the loss. */
    private static Example example(DjlLanguageModel lm, JsonObject o, int maxLength) {
        if (!o.has("conversations") && !o.has("instruction") && !o.has("output") && o.has("text")) {
            int[] ids = lm.encode(o.get("text").getAsString());
            ids = java.util.Arrays.copyOf(ids, Math.min(ids.length, maxLength));
            int[] all = new int[ids.length];
            java.util.Arrays.fill(all, 1);
            return ids.length < 2 ? null : new Example(ids, all);
        }
        String[] pa = promptAndAnswer(lm, o);
        if (pa == null) {
            return null;
        }
        String prompt = pa[0];
        String full = pa[2];
        int promptTokens = lm.encode(prompt).length;
        int[] ids = lm.encode(full);
        if (ids.length > maxLength) {
            ids = java.util.Arrays.copyOf(ids, maxLength);
        }
        if (promptTokens >= ids.length) {
            return null;
        }
        int[] lossMask = new int[ids.length];
        for (int j = promptTokens; j < ids.length; j++) {
            lossMask[j] = 1;
        }
        return new Example(ids, lossMask);
    }

    /**
     * The prompt a record gives the model (through its chat template, else an instruction
     * layout), the reference answer, and the prompt followed by the answer as trained; null for a
     * record without an answer (Alpaca {@code output}, or a last ShareGPT {@code gpt} turn).
     */
    static String[] promptAndAnswer(DjlLanguageModel lm, JsonObject o) {
        List<ChatMessage> messages = new ArrayList<>();
        if (o.has("conversations")) {
            for (JsonElement turn : o.getAsJsonArray("conversations")) {
                JsonObject t = turn.getAsJsonObject();
                String from = t.get("from").getAsString();
                String role = from.equals("human") || from.equals("user") ? "user"
                        : from.equals("gpt") || from.equals("assistant") ? "assistant" : "system";
                messages.add(new ChatMessage(role, t.get("value").getAsString()));
            }
        } else if (o.has("instruction") || o.has("output")) {
            if (o.has("system") && !o.get("system").getAsString().isBlank()) {
                messages.add(ChatMessage.system(o.get("system").getAsString()));
            }
            String user = o.has("instruction") ? o.get("instruction").getAsString() : "";
            if (o.has("input") && !o.get("input").getAsString().isBlank()) {
                user = user + "\n\n" + o.get("input").getAsString();
            }
            messages.add(ChatMessage.user(user));
            messages.add(ChatMessage.assistant(o.has("output") ? o.get("output").getAsString() : ""));
        } else {
            return null;
        }
        int last = messages.size() - 1;
        while (last >= 0 && !messages.get(last).role().equals("assistant")) {
            last--;
        }
        if (last < 0 || messages.get(last).content().isBlank()) {
            return null;
        }
        String prompt;
        String full;
        if (lm.hasChatTemplate()) {
            prompt = lm.renderChat(messages.subList(0, last), true);
            full = lm.renderChat(messages.subList(0, last + 1), false);
        } else {
            StringBuilder p = new StringBuilder();
            for (ChatMessage msg : messages.subList(0, last)) {
                p.append(msg.role().equals("user") ? "### Instruction:\n" : msg.role().equals("system") ? "### System:\n"
                        : "### Response:\n").append(msg.content()).append("\n\n");
            }
            prompt = p.append("### Response:\n").toString();
            full = prompt + messages.get(last).content() + lm.tokenizer().specialToken("eos_token");
        }
        return new String[] { prompt, messages.get(last).content(), full };
    }

    static void write(Path out, Path base, Map<String, float[][]> params, Settings s,
            Map<String, Object> summary) {
        try {
            Files.createDirectories(out);
            Map<String, SafeTensorsWriter.Tensor> tensors = new LinkedHashMap<>();
            params.forEach((name, ab) -> {
                String module = "base_model.model." + name.substring(0, name.length() - ".weight".length());
                int r = (int) ab[2][0];
                tensors.put(module + ".lora_A.weight", new SafeTensorsWriter.Tensor(new long[] { r, (long) ab[2][1] },
                        ab[0]));
                tensors.put(module + ".lora_B.weight", new SafeTensorsWriter.Tensor(new long[] { (long) ab[2][2], r },
                        ab[1]));
            });
            SafeTensorsWriter.write(out.resolve("adapter_model.safetensors"), tensors, Map.of("format", "pt"));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("peft_type", "LORA");
            config.put("task_type", "CAUSAL_LM");
            config.put("base_model_name_or_path", base.toAbsolutePath().normalize().toString());
            config.put("r", s.rank());
            config.put("lora_alpha", s.alpha());
            config.put("lora_dropout", s.dropout());
            config.put("target_modules", s.targets());
            config.put("bias", "none");
            config.put("fan_in_fan_out", false);
            config.put("inference_mode", true);
            config.put("init_lora_weights", true);
            config.put("use_rslora", false);
            config.put("use_dora", false);
            config.put("modules_to_save", null);
            config.put("layers_to_transform", null);
            config.put("rank_pattern", Map.of());
            config.put("alpha_pattern", Map.of());
            config.put("revision", null);
            Files.writeString(out.resolve("adapter_config.json"),
                    new com.google.gson.GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(config) + "\n",
                    StandardCharsets.UTF_8);
            Files.writeString(out.resolve("training.json"), FileIO.GSON.toJson(summary) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the adapter to " + out + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) {
        try {
            return Hashes.sha256Hex(file);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot hash " + file + ": " + e.getMessage(), e);
        }
    }
}
