package dev.enclave.runtime.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ImageBatchSource;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierService;
import dev.enclave.runtime.ImageClassifierSpec;
import dev.enclave.runtime.ImageClassifierTuning;
import dev.enclave.runtime.ImageTrainingSettings;

/** {@link ImageClassifierService} on DJL's PyTorch engine. */
@Component(service = ImageClassifierService.class)
public final class DjlImageClassifierService implements ImageClassifierService {
    static final String SPEC_FILE = "classifier.json";
    static final String WEIGHTS_FILE = "weights.params";

    /**
     * The network: the feature part (convolutions and the embedding layer) and the head
     * (the output layer), kept apart so that inference can return the embedding.
     */
    static SequentialBlock[] build(ImageClassifierSpec spec) {
        SequentialBlock features = new SequentialBlock();
        for (int filters : spec.convFilters()) {
            features.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(filters).build());
            features.add(BatchNorm.builder().build());
            features.add(relu());
            features.add(new ShapedLambdaBlock(x -> new NDList(Pool.maxPool2d(x.singletonOrThrow(), new Shape(2, 2),
                    new Shape(2, 2), new Shape(0, 0), false)),
                    s -> new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2), "maxPool2d"));
        }
        if (spec.globalPooling()) {
            // Each filter's maximum (is the feature anywhere?) and mean (how much of it?) over all positions.
            // PyTorch's max and mean in DJL take one axis at a time.
            features.add(new ShapedLambdaBlock(x -> {
                NDArray a = x.singletonOrThrow();
                return new NDList(a.max(new int[] { 3 }).max(new int[] { 2 })
                        .concat(a.mean(new int[] { 3 }).mean(new int[] { 2 }), 1));
            }, s -> new Shape(s.get(0), 2 * s.get(1)), "globalMaxMeanPool"));
        } else {
            features.add(new ShapedLambdaBlock(x -> new NDList(Blocks.batchFlatten(x.singletonOrThrow())),
                    s -> new Shape(s.get(0), s.size() / s.get(0)), "batchFlatten"));
        }
        features.add(Linear.builder().setUnits(spec.embeddingSize()).build());
        features.add(relu());
        SequentialBlock head = new SequentialBlock();
        head.add(Linear.builder().setUnits(spec.labels().size()).build());
        SequentialBlock all = new SequentialBlock();
        all.add(features);
        all.add(head);
        return new SequentialBlock[] { all, features, head };
    }

    private static ShapedLambdaBlock relu() {
        return new ShapedLambdaBlock(x -> new NDList(Activation.relu(x.singletonOrThrow())), s -> s, "ReLU");
    }

    @Override
    public ImageClassifier load(Path dir) {
        Path specFile = dir.resolve(SPEC_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(specFile) || !Files.isRegularFile(weights)) {
            throw EnclaveException.badInput(dir + " is not an image classifier folder: it needs " + SPEC_FILE
                    + " and " + WEIGHTS_FILE + ".");
        }
        try (InputStream in = Files.newInputStream(weights)) {
            return load(Files.readString(specFile, StandardCharsets.UTF_8), in, dir.toString());
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read the image classifier in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Loads a classifier from its two files' contents (e.g. entries of a bundle).
     *
     * @param specJson the content of {@code classifier.json}
     * @param weights the content of {@code weights.params}; not closed
     * @param name names the source in messages
     */
    public static ImageClassifier load(String specJson, InputStream weights, String name) {
        ImageClassifierSpec spec;
        try {
            spec = readSpec(JsonParser.parseString(specJson).getAsJsonObject());
        } catch (RuntimeException e) {
            throw EnclaveException.badInput(name + ": " + SPEC_FILE + " is not a valid classifier description: "
                    + e.getMessage());
        }
        NDManager manager = Djl.newManager();
        try {
            SequentialBlock[] blocks = build(spec);
            blocks[0].initialize(manager, DataType.FLOAT32, new Shape(1, spec.channels(), spec.height(),
                    spec.width()));
            blocks[0].loadParameters(manager, new DataInputStream(new BufferedInputStream(weights)));
            return new DjlImageClassifier(spec, manager, blocks[1], blocks[2]);
        } catch (EnclaveException | ai.djl.engine.EngineException e) {
            manager.close();
            throw e instanceof EnclaveException ee ? ee
                    : EnclaveException.failure("The model runtime failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw EnclaveException.badInput(name + ": the weights do not match " + SPEC_FILE + ": " + e.getMessage());
        } catch (ai.djl.MalformedModelException e) {
            manager.close();
            throw EnclaveException.badInput(name + ": the weights are damaged: " + e.getMessage());
        }
    }

    @Override
    public List<Float> train(ImageClassifierSpec spec, ImageBatchSource data, ImageTrainingSettings s,
            ImageClassifierTuning tuning, Path outDir, Progress progress) {
        if (tuning.classWeights() != null && tuning.classWeights().length != spec.labels().size()) {
            throw new IllegalArgumentException("one class weight per label");
        }
        Djl.engine().setRandomSeed((int) s.seed());
        int n = s.batchSize();
        int classes = spec.labels().size();
        float[] images = new float[n * spec.imageSize()];
        int[] labels = new int[n];
        List<Float> curve = new ArrayList<>();
        SequentialBlock[] blocks = build(spec);
        int windowSize = Math.max(5, Math.min(50, s.steps() / 40));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Djl.class.getClassLoader());
        try (Model model = Model.newInstance("image-classifier", Djl.engine().defaultDevice(), "PyTorch")) {
            model.setBlock(blocks[0]);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optDevices(new Device[] { Djl.engine().defaultDevice() })
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(CosineTracker.builder()
                            .setBaseValue(s.learningRate()).optFinalValue(s.learningRate() * 0.05f)
                            .setMaxUpdates(s.steps()).build()).optWeightDecays(1e-4f).build());
            progress.begin("Training image classifier", s.steps());
            Map<String, Object> facts = new LinkedHashMap<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(n, spec.channels(), spec.height(), spec.width()));
                if (tuning.initFrom() != null) {
                    facts.put("initialised_from", tuning.initFrom().toString());
                    facts.put("head_reused", startFrom(tuning.initFrom(), spec, blocks));
                }
                double window = 0;
                int inWindow = 0;
                double best = Double.NEGATIVE_INFINITY;
                int bestStep = -1;
                int sinceBest = 0;
                boolean stoppedEarly = false;
                for (int step = 0; step < s.steps(); step++) {
                    progress.checkCanceled();
                    data.fill(step, images, labels);
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batch.create(images, new Shape(n, spec.channels(), spec.height(), spec.width()));
                        NDArray y = batch.create(labels, new Shape(n));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            NDArray loss = tuning.classWeights() == null
                                    ? Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out)
                                    : weightedLoss(batch, out.singletonOrThrow(), labels, tuning.classWeights(),
                                            classes);
                            float value = loss.getFloat();
                            if (!Float.isFinite(value)) {
                                throw EnclaveException.failure("Training diverged at step " + step
                                        + " (loss " + value + "); lower the learning rate.", null);
                            }
                            window += value;
                            inWindow++;
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                    if (inWindow == windowSize || step == s.steps() - 1) {
                        curve.add((float) (window / inWindow));
                        progress.subTask(String.format(java.util.Locale.ROOT, "step %d, loss %.4f", step + 1,
                                window / inWindow));
                        window = 0;
                        inWindow = 0;
                    }
                    progress.worked(1);
                    boolean last = step == s.steps() - 1;
                    if (tuning.validateEvery() > 0 && ((step + 1) % tuning.validateEvery() == 0 || last)) {
                        double score;
                        try (NDManager view = trainer.getManager().newSubManager()) {
                            score = tuning.validationScore().applyAsDouble(
                                    new DjlImageClassifier(spec, view, blocks[1], blocks[2]));
                        }
                        progress.subTask(String.format(java.util.Locale.ROOT, "step %d, validation %.4f",
                                step + 1, score));
                        if (score > best) {
                            best = score;
                            bestStep = step + 1;
                            sinceBest = 0;
                            facts.put("best_validation", score);
                            facts.put("best_step", bestStep);
                            save(spec, s, curve, facts, blocks[0], outDir);
                        } else if (++sinceBest >= tuning.patience()) {
                            stoppedEarly = !last;
                            break;
                        }
                    }
                }
                facts.put("stopped_early", stoppedEarly);
                if (tuning.validateEvery() == 0) {
                    save(spec, s, curve, facts, blocks[0], outDir);
                } else {
                    rewriteFacts(spec, s, curve, facts, outDir);
                }
            }
            progress.done();
            return curve;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Mean of {@code w[y] * -log p(y)} over the batch, divided by the mean weight. */
    private static NDArray weightedLoss(NDManager m, NDArray logits, int[] labels, float[] weights, int classes) {
        float[] pick = new float[labels.length * classes];
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += weights[labels[i]];
        }
        for (int i = 0; i < labels.length; i++) {
            pick[i * classes + labels[i]] = (float) (weights[labels[i]] / sum);
        }
        NDArray w = m.create(pick, new Shape(labels.length, classes));
        return logits.logSoftmax(1).mul(w).sum().neg();
    }

    /**
     * Copies the weights of the classifier in {@code dir} into the freshly initialised blocks: the feature
     * layers always, the output layer only when the labels are the same. A globally pooled network may
     * come from one trained at another input size.
     *
     * @return whether the output layer was copied too
     */
    private static boolean startFrom(Path dir, ImageClassifierSpec spec, SequentialBlock[] blocks) {
        Path specFile = dir.resolve(SPEC_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(specFile) || !Files.isRegularFile(weights)) {
            throw EnclaveException.badInput(dir + " is not an image classifier folder: it needs " + SPEC_FILE
                    + " and " + WEIGHTS_FILE + ".");
        }
        ImageClassifierSpec old;
        try {
            old = readSpec(JsonParser.parseString(Files.readString(specFile, StandardCharsets.UTF_8))
                    .getAsJsonObject());
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(dir + ": " + SPEC_FILE + " is not a valid classifier description: "
                    + e.getMessage());
        }
        // With global pooling no weight depends on the input's size: a network trained at one size starts
        // training at another (e.g. a 64 px model continued at 96 px).
        boolean sizeFree = spec.globalPooling();
        if (old.channels() != spec.channels()
                || !sizeFree && (old.height() != spec.height() || old.width() != spec.width())
                || !old.convFilters().equals(spec.convFilters()) || old.embeddingSize() != spec.embeddingSize()
                || old.globalPooling() != spec.globalPooling()) {
            throw EnclaveException.badInput(dir + " cannot start this training: its network ("
                    + writeSpec(old) + ") differs from the one trained (" + writeSpec(spec) + ").");
        }
        boolean sameLabels = old.labels().equals(spec.labels());
        try (NDManager manager = Djl.newManager(); InputStream in = Files.newInputStream(weights)) {
            SequentialBlock[] from = build(old);
            from[0].initialize(manager, DataType.FLOAT32, new Shape(1, old.channels(), old.height(), old.width()));
            from[0].loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
            copy(from[1], blocks[1]);
            if (sameLabels) {
                copy(from[2], blocks[2]);
            }
            return sameLabels;
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            if (e instanceof EnclaveException ee) {
                throw ee;
            }
            throw EnclaveException.badInput(dir + ": the weights cannot be read: " + e.getMessage());
        }
    }

    private static void copy(ai.djl.nn.Block from, ai.djl.nn.Block to) {
        List<ai.djl.nn.Parameter> src = from.getParameters().values();
        List<ai.djl.nn.Parameter> dst = to.getParameters().values();
        if (src.size() != dst.size()) {
            throw new IllegalStateException("the layers differ");
        }
        for (int i = 0; i < src.size(); i++) {
            NDArray a = src.get(i).getArray();
            NDArray b = dst.get(i).getArray();
            if (!a.getShape().equals(b.getShape())) {
                throw new IllegalStateException(src.get(i).getName() + " has shape " + a.getShape() + ", not "
                        + b.getShape());
            }
            // In-place writes to a leaf that records gradients are refused by PyTorch: switch it off meanwhile.
            boolean grad = b.hasGradient();
            if (grad) {
                b.setRequiresGradient(false);
            }
            b.set(java.nio.FloatBuffer.wrap(a.toFloatArray()));
            if (grad) {
                b.setRequiresGradient(true);
            }
        }
    }

    private static void save(ImageClassifierSpec spec, ImageTrainingSettings s, List<Float> curve,
            Map<String, Object> facts, SequentialBlock block, Path outDir) {
        try {
            Files.createDirectories(outDir);
            try (OutputStream out = Files.newOutputStream(outDir.resolve(WEIGHTS_FILE));
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
                block.saveParameters(data);
            }
            rewriteFacts(spec, s, curve, facts, outDir);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot save the classifier to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static void rewriteFacts(ImageClassifierSpec spec, ImageTrainingSettings s, List<Float> curve,
            Map<String, Object> facts, Path outDir) {
        try {
            JsonObject json = writeSpec(spec);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("steps", s.steps());
            training.put("batch_size", s.batchSize());
            training.put("learning_rate", s.learningRate());
            training.put("seed", s.seed());
            training.put("engine", "PyTorch " + Djl.PYTORCH_VERSION + " (DJL)");
            training.putAll(facts);
            training.put("loss_curve", curve);
            json.add("training", new GsonBuilder().create().toJsonTree(training));
            Files.writeString(outDir.resolve(SPEC_FILE), new GsonBuilder().setPrettyPrinting().create().toJson(json)
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot save the classifier to " + outDir + ": " + e.getMessage(), e);
        }
    }

    static JsonObject writeSpec(ImageClassifierSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "cnn");
        JsonArray labels = new JsonArray();
        spec.labels().forEach(labels::add);
        o.add("labels", labels);
        o.addProperty("channels", spec.channels());
        o.addProperty("height", spec.height());
        o.addProperty("width", spec.width());
        JsonArray conv = new JsonArray();
        spec.convFilters().forEach(conv::add);
        o.add("conv_filters", conv);
        o.addProperty("embedding_size", spec.embeddingSize());
        o.addProperty("pooling", spec.globalPooling() ? "global_max_mean" : "flatten");
        return o;
    }

    static ImageClassifierSpec readSpec(JsonObject o) {
        List<String> labels = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("labels")) {
            labels.add(e.getAsString());
        }
        List<Integer> conv = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("conv_filters")) {
            conv.add(e.getAsInt());
        }
        String pooling = o.has("pooling") ? o.get("pooling").getAsString() : "flatten";
        if (!pooling.equals("flatten") && !pooling.equals("global_max_mean")) {
            throw new IllegalArgumentException("unknown pooling '" + pooling + "' (flatten or global_max_mean)");
        }
        return new ImageClassifierSpec(labels, o.get("channels").getAsInt(), o.get("height").getAsInt(),
                o.get("width").getAsInt(), conv, o.get("embedding_size").getAsInt(), pooling.equals("global_max_mean"));
    }
}
