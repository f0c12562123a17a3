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
        features.add(new ShapedLambdaBlock(x -> new NDList(Blocks.batchFlatten(x.singletonOrThrow())),
                s -> new Shape(s.get(0), s.size() / s.get(0)), "batchFlatten"));
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
    public List<Float> train(ImageClassifierSpec spec, ImageBatchSource data, ImageTrainingSettings s, Path outDir,
            Progress progress) {
        Djl.engine().setRandomSeed((int) s.seed());
        int n = s.batchSize();
        float[] images = new float[n * spec.imageSize()];
        int[] labels = new int[n];
        List<Float> curve = new ArrayList<>();
        SequentialBlock[] blocks = build(spec);
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
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(n, spec.channels(), spec.height(), spec.width()));
                double window = 0;
                int inWindow = 0;
                for (int step = 0; step < s.steps(); step++) {
                    progress.checkCanceled();
                    data.fill(step, images, labels);
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batch.create(images, new Shape(n, spec.channels(), spec.height(), spec.width()));
                        NDArray y = batch.create(labels, new Shape(n));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out);
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
                    if (inWindow == 50 || step == s.steps() - 1) {
                        curve.add((float) (window / inWindow));
                        progress.subTask(String.format("step %d, loss %.4f", step + 1, window / inWindow));
                        window = 0;
                        inWindow = 0;
                    }
                    progress.worked(1);
                }
            }
            save(spec, s, curve, blocks[0], outDir);
            progress.done();
            return curve;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void save(ImageClassifierSpec spec, ImageTrainingSettings s, List<Float> curve,
            SequentialBlock block, Path outDir) {
        try {
            Files.createDirectories(outDir);
            try (OutputStream out = Files.newOutputStream(outDir.resolve(WEIGHTS_FILE));
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
                block.saveParameters(data);
            }
            JsonObject json = writeSpec(spec);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("steps", s.steps());
            training.put("batch_size", s.batchSize());
            training.put("learning_rate", s.learningRate());
            training.put("seed", s.seed());
            training.put("engine", "PyTorch " + Djl.PYTORCH_VERSION + " (DJL)");
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
        return new ImageClassifierSpec(labels, o.get("channels").getAsInt(), o.get("height").getAsInt(),
                o.get("width").getAsInt(), conv, o.get("embedding_size").getAsInt());
    }
}
