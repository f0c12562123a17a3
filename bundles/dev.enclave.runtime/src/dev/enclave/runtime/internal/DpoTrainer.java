package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleConsumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ChatMessage;

/**
 * Direct preference optimisation (Rafailov et al., 2023) of LoRA adapters on DJL's PyTorch
 * engine: for a prompt x with a chosen response y⁺ and a rejected one y⁻, the loss is
 * {@code -log σ(β·[(log π(y⁺|x) − log π_ref(y⁺|x)) − (log π(y⁻|x) − log π_ref(y⁻|x))])}, where
 * log π sums the response tokens' log-probabilities (the prompt, rendered with the model's chat
 * template, is masked out) and the reference π_ref is the same base model with the adapter switched
 * off: its log-probabilities are computed once, before training, from the one copy of the weights.
 * AdamW with linear warm-up and decay as for SFT; the adapter is written as a PEFT folder with
 * {@code training.json} (loss, reward margin and reward accuracy per step).
 *
 * <p>Preference records are JSON Lines {@code {"prompt": str, "chosen": str, "rejected": str}},
 * or {@code "messages": [{"role", "content"}…]} (a multi-turn prompt) instead of {@code "prompt"}.
 */
public final class DpoTrainer {

    /** One pair, tokenised: the two full sequences and their response masks (1 on the response's tokens). */
    public record Pair(int[] chosen, int[] chosenMask, int[] rejected, int[] rejectedMask) {
    }

    /** One step's numbers: the mean loss, reward margin and the share of pairs whose margin is positive. */
    public record StepStats(double loss, double margin, double accuracy) {
    }

    private DpoTrainer() {
    }

    /**
     * Trains and writes the adapter to {@code out}: a new run.
     *
     * @see #train(Path, Path, Path, LoraTrainer.Settings, double, Progress, DoubleConsumer, boolean)
     */
    public static Map<String, Object> train(Path base, Path data, Path out, LoraTrainer.Settings s, double beta,
            Progress progress, DoubleConsumer onLoss) {
        return train(base, data, out, s, beta, progress, onLoss, false);
    }

    /**
     * Trains and writes the adapter to {@code out}. A run that stops before its last epoch
     * (cancelled, or the machine went down after an epoch) leaves {@code out/checkpoint/} as SFT
     * does: the adapter and AdamW state, the pair order, the random state and the loss, margin and
     * accuracy curves so far. With {@code resume} training continues from there and reaches the
     * adapter of an uninterrupted run; the reference log-probabilities are computed again from the
     * base. The checkpoint is removed when training completes.
     *
     * @param beta   the DPO temperature, above 0 (0.1 is usual)
     * @param onLoss receives each step's loss, or null
     * @return the summary also written to {@code training.json}
     * @throws EnclaveException (bad input) when {@code resume} finds no checkpoint, or one made with
     *         other hyper-parameters or other data
     */
    public static Map<String, Object> train(Path base, Path data, Path out, LoraTrainer.Settings s, double beta,
            Progress progress, DoubleConsumer onLoss, boolean resume) {
        if (!(beta > 0) || s.rank() < 1 || s.alpha() <= 0 || s.epochs() < 1 || s.lr() <= 0 || s.maxLength() < 8
                || s.batchSize() < 1 || s.targets().isEmpty()) {
            throw EnclaveException.badInput("Check the preference training settings: beta > 0, rank ≥ 1, alpha > 0, "
                    + "epochs ≥ 1, learning rate > 0, maximum length ≥ 8 tokens, batch size ≥ 1, at least one target.");
        }
        long started = System.nanoTime();
        DefaultModelRegistry registry = new DefaultModelRegistry();
        try (DjlLanguageModel lm = (DjlLanguageModel) registry.openLanguageModel(base, Progress.silent())) {
            DecoderModel model = lm.decoder();
            List<Pair> pairs = pairs(lm, data, s.maxLength());
            if (pairs.isEmpty()) {
                throw EnclaveException.badInput(data + " has no usable preference pair (each needs a prompt or messages, "
                        + "and a chosen and a rejected response that fit in " + s.maxLength() + " tokens).");
            }
            // The reference: the base alone (no adapter), computed once from the same weights.
            double[][] reference = new double[pairs.size()][];
            for (int i = 0; i < pairs.size(); i++) {
                reference[i] = logProbs(model, List.of(pairs.get(i)), Map.of(), 1f)[0];
            }
            Map<String, float[][]> params = LoraTrainer.initialise(model, s);
            Map<String, float[][]> m1 = LoraTrainer.zerosLike(params);
            Map<String, float[][]> m2 = LoraTrainer.zerosLike(params);
            float scale = s.alpha() / s.rank();
            Random random = new Random(s.seed());
            int steps = (pairs.size() + s.batchSize() - 1) / s.batchSize();
            int updates = s.epochs() * steps;
            int warmup = Math.max(1, updates / 10);
            List<Double> losses = new ArrayList<>();
            List<Double> margins = new ArrayList<>();
            List<Double> accuracies = new ArrayList<>();
            long tokens = 0;
            boolean cancelled = false;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                order.add(i);
            }
            Map<String, Object> hp = LoraTrainer.hyperparameters(s);
            hp.put("beta", beta);
            hp.put("reference", "the base model with the adapter switched off");
            Checkpoint checkpoint = new Checkpoint(out.resolve("checkpoint"), hp, LoraTrainer.sha256(data));
            int startEpoch = 0;
            int startBatch = -1;
            if (resume) {
                Checkpoint.State st = checkpoint.read(params);
                params = st.params();
                m1 = st.m1();
                m2 = st.m2();
                random = st.random();
                tokens = st.tokens();
                losses.addAll(st.curve());
                margins.addAll(st.curves().getOrDefault("reward_margin", List.of()));
                accuracies.addAll(st.curves().getOrDefault("reward_accuracy", List.of()));
                startEpoch = st.epoch();
                if (st.order() != null) {
                    // The order as it was at the stop: the next epoch shuffles it further, as an
                    // uninterrupted run would (next batch -1: the stop came at an epoch's end).
                    order = new ArrayList<>(st.order());
                    startBatch = st.nextBatch();
                }
            }
            progress.begin("DPO " + base.getFileName(), updates);
            progress.worked(losses.size());
            long loopStart = System.nanoTime();
            outer:
            for (int epoch = startEpoch; epoch < s.epochs(); epoch++) {
                int first = 0;
                if (startBatch >= 0) {
                    // Resumed inside this epoch: its order was drawn before the stop.
                    first = startBatch;
                    startBatch = -1;
                } else {
                    Collections.shuffle(order, random);
                }
                for (int b = first; b < order.size(); b += s.batchSize()) {
                    if (progress.isCanceled()) {
                        cancelled = true;
                        checkpoint.write(state(params, m1, m2, random, tokens, losses, margins, accuracies, epoch, b,
                                order));
                        break outer;
                    }
                    List<Integer> idx = order.subList(b, Math.min(order.size(), b + s.batchSize()));
                    List<Pair> batch = idx.stream().map(pairs::get).toList();
                    double[][] ref = idx.stream().map(i -> reference[i]).toArray(double[][]::new);
                    Map<String, float[][]> grads = LoraTrainer.zerosLike(params);
                    StepStats st = step(model, batch, ref, params, grads, scale, beta);
                    if (!Double.isFinite(st.loss())) {
                        throw EnclaveException.failure("Preference training diverged: the loss is " + st.loss()
                                + " at step " + (losses.size() + 1) + ". Lower the learning rate (now " + s.lr()
                                + ") or beta.", null);
                    }
                    for (Pair p : batch) {
                        tokens += p.chosen().length + p.rejected().length;
                    }
                    losses.add(st.loss());
                    margins.add(st.margin());
                    accuracies.add(st.accuracy());
                    if (onLoss != null) {
                        onLoss.accept(st.loss());
                    }
                    int update = losses.size();
                    float lr = update <= warmup ? s.lr() * update / warmup
                            : s.lr() * Math.max(0f, (float) (updates - update) / Math.max(1, updates - warmup));
                    LoraTrainer.adamW(params, grads, m1, m2, lr, update, 1);
                    progress.worked(1);
                }
                if (epoch + 1 < s.epochs()) {
                    checkpoint.write(state(params, m1, m2, random, tokens, losses, margins, accuracies, epoch + 1, -1,
                            order));
                }
            }
            progress.done();
            if (!cancelled) {
                checkpoint.delete();
            }
            double trainingSeconds = (System.nanoTime() - loopStart) / 1e9;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("method", "dpo");
            summary.put("base", base.toString());
            summary.put("base_files_sha256", AdapterMerge.modelHashes(base));
            summary.put("data", data.toString());
            summary.put("data_sha256", LoraTrainer.sha256(data));
            summary.put("hyperparameters", hp);
            summary.put("examples", pairs.size());
            summary.put("loss_curve", losses);
            summary.put("reward_margin_curve", margins);
            summary.put("reward_accuracy_curve", accuracies);
            summary.put("validation_loss", List.of());
            summary.put("first_loss", losses.isEmpty() ? null : losses.get(0));
            summary.put("final_loss", losses.isEmpty() ? null : losses.get(losses.size() - 1));
            summary.put("final_reward_margin", margins.isEmpty() ? null : margins.get(margins.size() - 1));
            summary.put("final_reward_accuracy", accuracies.isEmpty() ? null : accuracies.get(accuracies.size() - 1));
            summary.put("tokens_per_s", tokens / Math.max(1e-9, trainingSeconds));
            summary.put("training_seconds", trainingSeconds);
            summary.put("seconds", (System.nanoTime() - started) / 1e9);
            summary.put("peak_resident_bytes", Benchmark.residentBytes());
            summary.put("cancelled", cancelled);
            LoraTrainer.write(out, base, params, s, summary);
            return summary;
        }
    }

    private static Checkpoint.State state(Map<String, float[][]> params, Map<String, float[][]> m1,
            Map<String, float[][]> m2, Random random, long tokens, List<Double> losses, List<Double> margins,
            List<Double> accuracies, int epoch, int nextBatch, List<Integer> order) {
        // DPO adds each step's gradient at once (no accumulation), so none is pending at a stop.
        return new Checkpoint.State(params, m1, m2, LoraTrainer.zerosLike(params), random, losses.size(), 0, tokens,
                losses, List.of(), epoch, nextBatch, List.copyOf(order),
                Map.of("reward_margin", margins, "reward_accuracy", accuracies));
    }

    /**
     * One DPO step over a batch: the loss (mean over pairs), and with {@code grads} the LoRA
     * gradients added to them. With gradients the batch is split into one part per core
     * ({@link TrainingThreads}), each part's summed loss and gradient computed on its own thread
     * (libtorch's grad mode is per thread), then added in part order and divided by the pairs.
     *
     * @param reference each pair's reference log-probabilities {chosen, rejected}
     */
    public static StepStats step(DecoderModel model, List<Pair> batch, double[][] reference, Map<String, float[][]> params,
            Map<String, float[][]> grads, float scale, double beta) {
        int n = batch.size();
        int parts = grads == null ? 1 : TrainingThreads.parts(n);
        int size = (n + parts - 1) / parts;
        List<java.util.concurrent.Callable<PartResult>> tasks = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = Math.min(n, p * size);
            int to = Math.min(n, (p + 1) * size);
            if (from < to) {
                List<Pair> part = batch.subList(from, to);
                double[][] refs = Arrays.copyOfRange(reference, from, to);
                tasks.add(() -> part(model, part, refs, params, grads != null, scale, beta));
            }
        }
        double loss = 0;
        double margin = 0;
        int right = 0;
        for (PartResult r : TrainingThreads.run(tasks)) {
            loss += r.lossSum();
            for (float v : r.margins()) {
                margin += v;
                right += v > 0 ? 1 : 0;
            }
            if (grads != null) {
                r.grads().forEach((name, g) -> {
                    float[][] into = grads.get(name);
                    for (int w = 0; w < 2; w++) {
                        for (int k = 0; k < g[w].length; k++) {
                            into[w][k] += g[w][k] / n;
                        }
                    }
                });
            }
        }
        return new StepStats(loss / n, margin / n, right / (double) n);
    }

    private record PartResult(double lossSum, float[] margins, Map<String, float[][]> grads) {
    }

    private static PartResult part(DecoderModel model, List<Pair> pairs, double[][] reference,
            Map<String, float[][]> params, boolean gradient, float scale, double beta) {
        int n = pairs.size();
        Batch in = batch(pairs);
        float[] refMargin = new float[n];
        for (int i = 0; i < n; i++) {
            refMargin[i] = (float) (reference[i][0] - reference[i][1]);
        }
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray[]> arrays = arrays(m, params, gradient);
            DecoderModel.LinearHook hook = LoraTrainer.loraHook(arrays, name -> scale, 0f);
            boolean previous = JniUtils.isGradMode();
            if (gradient) {
                JniUtils.setGradMode(true);
            }
            try {
                NDArray logp = model.sequenceLogProbs(m, in.ids(), in.mask(), in.lossMask(), hook).reshape(n, 2);
                NDArray policyMargin = logp.get(":, 0").sub(logp.get(":, 1"));
                NDArray margin = policyMargin.sub(m.create(refMargin, new Shape(n)))
                        .mul(DecoderModel.scalar(policyMargin, (float) beta));
                // -log σ(z) = softplus(-z) = max(-z, 0) + log(1 + e^{-|z|}), written stably.
                NDArray negZ = margin.neg();
                NDArray lossSum = negZ.maximum(0f).add(negZ.abs().neg().exp().add(1f).log()).sum();
                if (gradient) {
                    JniUtils.backward((PtNDArray) lossSum, (PtNDArray) m.ones(lossSum.getShape(), lossSum.getDataType()),
                            false, false);
                }
                Map<String, float[][]> g = new LinkedHashMap<>();
                if (gradient) {
                    arrays.forEach((name, ab) -> g.put(name, new float[][] { ab[0].getGradient().toFloatArray(),
                            ab[1].getGradient().toFloatArray() }));
                }
                return new PartResult(lossSum.getFloat(), margin.toFloatArray(), g);
            } finally {
                JniUtils.setGradMode(previous);
            }
        }
    }

    /** Summed response log-probabilities {chosen, rejected} of each pair under the model plus adapters. */
    public static double[][] logProbs(DecoderModel model, List<Pair> batch, Map<String, float[][]> params, float scale) {
        Batch in = batch(batch);
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray[]> arrays = arrays(m, params, false);
            DecoderModel.LinearHook hook = params.isEmpty() ? null : LoraTrainer.loraHook(arrays, name -> scale, 0f);
            float[] lp = model.sequenceLogProbs(m, in.ids(), in.mask(), in.lossMask(), hook).toFloatArray();
            double[][] out = new double[batch.size()][2];
            for (int i = 0; i < batch.size(); i++) {
                out[i][0] = lp[2 * i];
                out[i][1] = lp[2 * i + 1];
            }
            return out;
        }
    }

    private record Batch(int[][] ids, int[][] mask, int[][] lossMask) {
    }

    /** Chosen and rejected of each pair as consecutive rows, right-padded. */
    private static Batch batch(List<Pair> pairs) {
        int t = 0;
        for (Pair p : pairs) {
            t = Math.max(t, Math.max(p.chosen().length, p.rejected().length));
        }
        int rows = 2 * pairs.size();
        int[][] ids = new int[rows][t];
        int[][] mask = new int[rows][t];
        int[][] lossMask = new int[rows][t];
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            fill(ids[2 * i], mask[2 * i], lossMask[2 * i], p.chosen(), p.chosenMask());
            fill(ids[2 * i + 1], mask[2 * i + 1], lossMask[2 * i + 1], p.rejected(), p.rejectedMask());
        }
        return new Batch(ids, mask, lossMask);
    }

    private static void fill(int[] ids, int[] mask, int[] lossMask, int[] seq, int[] seqMask) {
        for (int j = 0; j < seq.length; j++) {
            ids[j] = seq[j];
            mask[j] = 1;
            lossMask[j] = seqMask[j];
        }
    }

    static Map<String, NDArray[]> arrays(NDManager m, Map<String, float[][]> params, boolean gradient) {
        Map<String, NDArray[]> arrays = new LinkedHashMap<>();
        params.forEach((name, ab) -> {
            NDArray a = m.create(ab[0], new Shape((long) ab[2][0], (long) ab[2][1]));
            NDArray b = m.create(ab[1], new Shape((long) ab[2][2], (long) ab[2][0]));
            if (gradient) {
                a.setRequiresGradient(true);
                b.setRequiresGradient(true);
            }
            arrays.put(name, new NDArray[] { a, b });
        });
        return arrays;
    }

    /** The preference pairs of a JSON Lines file, tokenised; records that do not fit are left out. */
    static List<Pair> pairs(DjlLanguageModel lm, Path file, int maxLength) {
        List<Pair> out = new ArrayList<>();
        int line = 0;
        for (JsonObject o : FileIO.readJsonLines(file)) {
            line++;
            Pair p = pair(lm, o, maxLength, file, line);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static Pair pair(DjlLanguageModel lm, JsonObject o, int maxLength, Path file, int line) {
        if (!string(o, "chosen") || !string(o, "rejected") || !(string(o, "prompt") || o.has("messages")
                && o.get("messages").isJsonArray())) {
            throw EnclaveException.badInput(file + " record " + line + ": a preference record needs \"prompt\" (or "
                    + "\"messages\"), \"chosen\" and \"rejected\" as strings.");
        }
        List<ChatMessage> prompt = new ArrayList<>();
        if (o.has("messages") && o.get("messages").isJsonArray()) {
            for (JsonElement e : o.getAsJsonArray("messages")) {
                if (!e.isJsonObject() || !string(e.getAsJsonObject(), "role") || !string(e.getAsJsonObject(), "content")) {
                    throw EnclaveException.badInput(file + " record " + line + ": each message needs \"role\" and "
                            + "\"content\" as strings.");
                }
                prompt.add(new ChatMessage(e.getAsJsonObject().get("role").getAsString(),
                        e.getAsJsonObject().get("content").getAsString()));
            }
        } else {
            prompt.add(ChatMessage.user(o.get("prompt").getAsString()));
        }
        int[][] c = sequence(lm, prompt, o.get("chosen").getAsString(), maxLength);
        int[][] r = sequence(lm, prompt, o.get("rejected").getAsString(), maxLength);
        return c == null || r == null ? null : new Pair(c[0], c[1], r[0], r[1]);
    }

    private static boolean string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() && o.get(key).getAsJsonPrimitive().isString();
    }

    /** The prompt and response through the chat template, with the response's tokens marked; null when none fit. */
    static int[][] sequence(DjlLanguageModel lm, List<ChatMessage> prompt, String response, int maxLength) {
        JsonObject record = new JsonObject();
        com.google.gson.JsonArray turns = new com.google.gson.JsonArray();
        for (ChatMessage msg : prompt) {
            JsonObject t = new JsonObject();
            t.addProperty("from", msg.role().equals("user") ? "human" : msg.role().equals("assistant") ? "gpt"
                    : "system");
            t.addProperty("value", msg.content());
            turns.add(t);
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("from", "gpt");
        answer.addProperty("value", response);
        turns.add(answer);
        record.add("conversations", turns);
        String[] pa = LoraTrainer.promptAndAnswer(lm, record);
        if (pa == null) {
            return null;
        }
        int promptTokens = lm.encode(pa[0]).length;
        int[] ids = lm.encode(pa[2]);
        if (ids.length > maxLength) {
            ids = Arrays.copyOf(ids, maxLength);
        }
        if (promptTokens >= ids.length) {
            return null;
        }
        int[] mask = new int[ids.length];
        for (int j = promptTokens; j < ids.length; j++) {
            mask[j] = 1;
        }
        return new int[][] { ids, mask };
    }

    /**
     * Scores preference pairs under {@code base} (with the adapter in {@code adapterFolder} merged
     * by the loader, or the base alone when null): the number of pairs, the share whose chosen
     * response has the higher summed log-probability, and the mean difference (chosen − rejected),
     * as a scorecard map (model version, model, data and its hash, created).
     */
    public static Map<String, Object> evaluate(Path base, Path adapterFolder, Path data, int maxLength,
            Progress progress) {
        Map<String, Object> card = new LinkedHashMap<>();
        Map<String, Object> lineage = AdapterMerge.lineage(base, adapterFolder);
        card.put("model_version", lineage.get("version"));
        card.put("model", base.getFileName() + (adapterFolder == null ? "" : "+" + adapterFolder.getFileName()));
        card.put("lineage", lineage);
        card.put("data", data.toAbsolutePath().normalize().toString());
        card.put("data_sha256", LoraTrainer.sha256(data));
        DefaultModelRegistry registry = new DefaultModelRegistry();
        try (DjlLanguageModel lm = (DjlLanguageModel) registry.openLanguageModel(base, Progress.silent());
                LoraAdapter adapter = adapterFolder == null ? null : LoraAdapter.open(adapterFolder);
                NDManager manager = Djl.newManager()) {
            DecoderModel model = adapter == null ? lm.decoder() : DecoderModel.load(base, manager.newSubManager(), adapter);
            List<Pair> pairs = pairs(lm, data, maxLength);
            progress.begin("Scoring preferences of " + card.get("model"), pairs.size());
            int right = 0;
            double margin = 0;
            for (int b = 0; b < pairs.size(); b += 4) {
                progress.checkCanceled();
                List<Pair> batch = pairs.subList(b, Math.min(pairs.size(), b + 4));
                for (double[] lp : logProbs(model, batch, Map.of(), 1f)) {
                    right += lp[0] > lp[1] ? 1 : 0;
                    margin += lp[0] - lp[1];
                }
                progress.worked(batch.size());
            }
            progress.done();
            card.put("kind", "preference");
            card.put("pairs", pairs.size());
            card.put("reward_accuracy", pairs.isEmpty() ? 0.0 : right / (double) pairs.size());
            card.put("mean_margin", pairs.isEmpty() ? 0.0 : margin / pairs.size());
            card.put("created", java.time.Instant.now().toString());
            return card;
        }
    }
}
