package dev.enclave.semi.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.Classification;
import dev.enclave.runtime.ImageBatchSource;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierService;
import dev.enclave.runtime.ImageClassifierTuning;
import dev.enclave.runtime.ImageTrainingSettings;
import dev.enclave.semi.DefectImageGenerator;
import dev.enclave.semi.DefectImages;

/** {@link DefectImages} on the runtime's {@link ImageClassifierService} and a Lucene library. */
@Component(service = DefectImages.class)
public final class DefaultDefectImages implements DefectImages {
    /** Images read and classified together, bounding memory for large folders. */
    private static final int CHUNK = 256;
    /** Passes over the synthetic pool when training the shipped model. */
    private static final int SYNTHETIC_EPOCHS = 16;

    @Reference
    private ImageClassifierService classifiers;
    private DefectModels models;

    @Activate
    void activate() {
        models = new DefectModels(classifiers);
    }

    @Deactivate
    void deactivate() {
        models.close();
    }

    /** An image read and turned into the network's input, or why not. */
    record Input(Path path, float[] canvas, String error) {
    }

    /** Reads images in parallel into canvases of {@code size × size} pixels (the model's input side). */
    static List<Input> inputs(List<Path> files, int size) {
        Input[] out = new Input[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            Path f = files.get(i);
            try {
                float[] c = DefectImageIO.canvas(DefectImageIO.read(f), size);
                out[i] = new Input(f, c, null);
            } catch (EnclaveException e) {
                out[i] = new Input(f, null, e.getMessage());
            }
        });
        return List.of(out);
    }

    /** Classifies standardised copies of the canvases. */
    static Classification[] run(ImageClassifier c, List<float[]> canvases) {
        int size = c.spec().imageSize();
        float[] x = new float[canvases.size() * size];
        for (int i = 0; i < canvases.size(); i++) {
            System.arraycopy(canvases.get(i), 0, x, i * size, size);
            DefectImageIO.standardise(x, i * size, size);
        }
        return c.classify(x, canvases.size());
    }

    static Result result(Path path, ImageClassifier c, Classification k) {
        List<String> labels = c.labels();
        Integer[] order = new Integer[labels.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(k.probabilities()[b], k.probabilities()[a]));
        List<Score> top = new ArrayList<>();
        for (int i = 0; i < Math.min(3, order.length); i++) {
            top.add(new Score(labels.get(order[i]), k.probabilities()[order[i]]));
        }
        return new Result(path, labels.get(k.best()), k.confidence(), top, k.embedding(), null);
    }

    @Override
    public List<Result> classify(Workspace ws, Subject subject, List<Path> paths, Path modelDir,
            Progress progress) {
        List<Path> files = DefectImageIO.expand(paths);
        progress.begin("Classifying defect images", files.size());
        List<Result> out = new ArrayList<>(files.size());
        models.with(ws, modelDir, c -> {
            for (int start = 0; start < files.size(); start += CHUNK) {
                progress.checkCanceled();
                List<Input> in = inputs(files.subList(start, Math.min(files.size(), start + CHUNK)),
                        DefectModels.size(c));
                List<float[]> ok = in.stream().filter(i -> i.error() == null).map(Input::canvas).toList();
                Classification[] ks = ok.isEmpty() ? new Classification[0] : run(c, ok);
                int j = 0;
                for (Input i : in) {
                    out.add(i.error() != null ? new Result(i.path(), null, 0, List.of(), null, i.error())
                            : result(i.path(), c, ks[j++]));
                }
                progress.worked(in.size());
            }
            return null;
        });
        long failed = out.stream().filter(r -> !r.ok()).count();
        ws.auditLog().append(subject.name(), "defect.classify", paths.size() == 1 ? paths.get(0).toString()
                : paths.size() + " paths", failed == out.size() && !out.isEmpty() ? AuditEntry.FAILURE
                        : AuditEntry.SUCCESS, out.size() + " images, " + failed + " failed, model "
                                + models.describe(ws, modelDir));
        progress.done();
        return out;
    }

    @Override
    public BufferedImage heatmap(Workspace ws, Path image, String label, Path modelDir) {
        BufferedImage img = DefectImageIO.read(image);
        return models.with(ws, modelDir, c -> DefectHeatmap.render(c, img,
                DefectImageIO.canvas(img, DefectModels.size(c)), label));
    }

    @Override
    public List<Similar> similar(Workspace ws, float[] embedding, int k) {
        return DefectLibrary.similar(DefectModels.index(ws), embedding, k);
    }

    /** The labelled images of {@code DIR/<class>/…}, by class folder. */
    static List<Path[]> labelled(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw EnclaveException.badInput(dir + ": no such folder (expected DIR/<class>/<images>).");
        }
        List<Path[]> out = new ArrayList<>();
        try (var classes = Files.list(dir)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                for (Path f : DefectImageIO.expand(List.of(c))) {
                    out.add(new Path[] { c, f });
                }
            }
        } catch (IOException e) {
            throw EnclaveException.badInput(dir + ": cannot list the folder: " + e.getMessage());
        }
        return out;
    }

    @Override
    public Scorecard evaluate(Workspace ws, Subject subject, Path dir, Path modelDir, Progress progress) {
        List<Path[]> items = labelled(dir);
        if (items.isEmpty()) {
            throw EnclaveException.badInput(dir + ": no labelled images (expected DIR/<class>/<images> with "
                    + String.join(", ", DefectImages.EXTENSIONS) + " files).");
        }
        List<Result> rs = classify(ws, subject, items.stream().map(p -> p[1]).toList(), modelDir, progress);
        List<String> errors = new ArrayList<>();
        DefectMetrics m = new DefectMetrics(models.with(ws, modelDir, ImageClassifier::labels));
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).ok()) {
                m.add(items.get(i)[0].getFileName().toString(), rs.get(i).label());
            } else {
                errors.add(rs.get(i).error());
            }
        }
        Scorecard s = m.scorecard(models.describe(ws, modelDir), errors);
        ws.auditLog().append(subject.name(), "defect.eval", dir.toString(), AuditEntry.SUCCESS, String.format(
                Locale.ROOT, "%d images, accuracy %.4f, macro-F1 %.4f, %d unreadable", s.images(), s.accuracy(),
                s.macroF1(), errors.size()));
        return s;
    }

    @Override
    public Trained train(Workspace ws, Subject subject, TrainRequest request, Progress progress) {
        return new DefectTraining(classifiers, models).train(ws, subject, request, progress);
    }

    @Override
    public List<Float> trainSynthetic(int images, long seed, int side, Path from, Path outDir, Progress progress) {
        int batch = 32;
        int size = side == 0 ? DefectModels.DEFAULT_SIZE : side;
        if (size < DefectModels.MIN_SIZE || size > DefectModels.MAX_SIZE) {
            throw EnclaveException.badInput("--size " + side + ": the input side must be " + DefectModels.MIN_SIZE
                    + "–" + DefectModels.MAX_SIZE + " pixels.");
        }
        if (from != null && !Files.isRegularFile(from.resolve("classifier.json"))) {
            throw EnclaveException.badInput("--from " + from + ": not a classifier folder (no classifier.json).");
        }
        // A pool of rendered images, each seen about SYNTHETIC_EPOCHS times under fresh augmentation:
        // rendering costs more than a training step, so images are made once.
        float[][] pool = new float[images][];
        int[] poolLabels = new int[images];
        progress.subTask("rendering " + images + " synthetic images");
        IntStream.range(0, images).parallel().forEach(i -> {
            DefectImageGenerator g = new DefectImageGenerator(seed * 1_000_003L + i);
            poolLabels[i] = i % CLASSES.size();
            pool[i] = DefectImageIO.canvas(g.next(CLASSES.get(poolLabels[i])).image(), size);
        });
        ImageBatchSource source = (step, x, labels) -> {
            Random r = new Random(seed * 7919L + step);
            for (int i = 0; i < labels.length; i++) {
                int pick = r.nextInt(images);
                labels[i] = poolLabels[pick];
                DefectAugment.apply(pool[pick], size, r, x, i * size * size);
            }
        };
        // Validation on full-size images of another seed keeps the best weights seen, so a long run
        // stopped early still leaves a usable model.
        DefectImageGenerator vg = new DefectImageGenerator(~seed);
        List<float[]> vx = new ArrayList<>();
        List<String> vy = new ArrayList<>();
        // 40 a class; a small trial run validates on no more than a quarter of its pool.
        int perClass = Math.clamp(images / (4 * CLASSES.size()), 4, 40);
        for (int i = 0; i < perClass; i++) {
            for (String c : CLASSES) {
                vx.add(DefectImageIO.canvas(vg.next(c).image(), size));
                vy.add(c);
            }
        }
        int steps = Math.max(1, images * SYNTHETIC_EPOCHS / batch);
        ImageClassifierTuning tuning = new ImageClassifierTuning(from, null, Math.max(1, Math.min(100, steps / 10)),
                Integer.MAX_VALUE, c -> {
                    DefectMetrics m = new DefectMetrics(c.labels());
                    Classification[] ks = run(c, vx);
                    for (int i = 0; i < ks.length; i++) {
                        m.add(vy.get(i), c.labels().get(ks[i].best()));
                    }
                    return m.macroF1();
                });
        // Continuing from trained weights takes a third of the step size: the features are kept, not relearnt.
        List<Float> loss = classifiers.train(DefectModels.spec(CLASSES, size), source, new ImageTrainingSettings(steps,
                batch, from == null ? 0.003f : 0.001f, seed), tuning, outDir, progress);
        recordCommand(outDir, images, seed, side == 0 ? "" : " --size " + size, from == null ? "" : " --from " + from);
        return loss;
    }

    /** Adds to {@code classifier.json}'s training facts the command that repeats the training. */
    private static void recordCommand(Path outDir, int images, long seed, String size, String from) {
        Path spec = outDir.resolve("classifier.json");
        try {
            com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(spec,
                    java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
            com.google.gson.JsonObject training = json.getAsJsonObject("training");
            training.addProperty("images", images);
            training.addProperty("command", "enclave defect train --synthetic " + images + " --seed " + seed
                    + size + from + " --out DIR");
            Files.writeString(spec, new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n",
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.failure("Cannot record the training command in " + spec + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Imported importImages(Workspace ws, Subject subject, Path dir, String lot, Progress progress) {
        List<Result> rs = classify(ws, subject, List.of(dir), progress);
        List<String> failed = new ArrayList<>();
        List<DefectLibrary.Entry> entries = new ArrayList<>();
        Path store = DefectModels.images(ws);
        try {
            Files.createDirectories(store);
            for (Result r : rs) {
                if (!r.ok()) {
                    failed.add(r.error());
                    continue;
                }
                byte[] bytes = Files.readAllBytes(r.path());
                String id = sha256(bytes).substring(0, 24);
                String name = r.path().getFileName().toString();
                Path copy = store.resolve(id + name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT));
                Files.write(copy, bytes);
                entries.add(new DefectLibrary.Entry(new StoredImage(id, copy, r.path().toString(), lot, r.label(),
                        r.confidence(), null), r.embedding()));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot store images in " + store + ": " + e.getMessage(), e);
        }
        int stored = entries.isEmpty() ? stored(ws, null).size() : DefectLibrary.add(DefectModels.index(ws), entries);
        ws.auditLog().append(subject.name(), "defect.import", dir.toString(), entries.isEmpty() && !failed.isEmpty()
                ? AuditEntry.FAILURE : AuditEntry.SUCCESS, entries.size() + " images added to lot "
                        + (lot == null ? "(none)" : lot) + ", " + failed.size() + " failed");
        return new Imported(entries.size(), stored, failed);
    }

    @Override
    public List<StoredImage> stored(Workspace ws, String lot) {
        return DefectLibrary.list(DefectModels.index(ws), lot).stream().map(DefectLibrary.Entry::image).toList();
    }

    @Override
    public void relabel(Workspace ws, Subject subject, String id, String label) {
        if (label == null || label.isBlank() || !label.strip().matches("[\\p{L}\\p{N}_-]+")) {
            throw EnclaveException.badInput("A class name is letters, digits, '_' or '-', not '" + label + "'.");
        }
        StoredImage s = DefectLibrary.relabel(DefectModels.index(ws), id, label.strip());
        ws.auditLog().append(subject.name(), "defect.relabel", s.path().toString(), AuditEntry.SUCCESS,
                s.predicted() + " -> " + s.label());
    }

    @Override
    public int exportTrainingData(Workspace ws, Path dir) {
        int n = 0;
        try {
            for (StoredImage s : stored(ws, null)) {
                Path d = dir.resolve(s.effectiveLabel());
                Files.createDirectories(d);
                Files.copy(s.path(), d.resolve(s.path().getFileName()), StandardCopyOption.REPLACE_EXISTING);
                n++;
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write training data to " + dir + ": " + e.getMessage(), e);
        }
        return n;
    }

    @Override
    public String model(Workspace ws) {
        return models.describe(ws, null);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Occlusion heat maps. */
    static final class DefectHeatmap {
        private static final int PATCH = 16, STRIDE = 8;

        private DefectHeatmap() {
        }

        static BufferedImage render(ImageClassifier c, BufferedImage img, float[] canvas, String label) {
            int size = DefectModels.size(c);
            int cells = (size - PATCH) / STRIDE + 1;
            List<float[]> variants = new ArrayList<>();
            variants.add(canvas);
            double mean = 0;
            for (float v : canvas) {
                mean += v;
            }
            mean /= canvas.length;
            for (int cy = 0; cy < cells; cy++) {
                for (int cx = 0; cx < cells; cx++) {
                    float[] v = canvas.clone();
                    for (int y = cy * STRIDE; y < cy * STRIDE + PATCH; y++) {
                        java.util.Arrays.fill(v, y * size + cx * STRIDE, y * size + cx * STRIDE + PATCH, (float) mean);
                    }
                    variants.add(v);
                }
            }
            Classification[] ks = run(c, variants);
            int k = label == null ? ks[0].best() : c.labels().indexOf(label);
            if (k < 0) {
                throw EnclaveException.badInput("The classifier has no class '" + label + "'.");
            }
            float[] heat = new float[size * size];
            float[] count = new float[size * size];
            for (int cy = 0; cy < cells; cy++) {
                for (int cx = 0; cx < cells; cx++) {
                    float drop = Math.max(0, ks[0].probabilities()[k] - ks[1 + cy * cells + cx].probabilities()[k]);
                    for (int y = cy * STRIDE; y < cy * STRIDE + PATCH; y++) {
                        for (int x = cx * STRIDE; x < cx * STRIDE + PATCH; x++) {
                            heat[y * size + x] += drop;
                            count[y * size + x]++;
                        }
                    }
                }
            }
            float max = 1e-6f;
            for (int i = 0; i < heat.length; i++) {
                heat[i] = count[i] == 0 ? 0 : heat[i] / count[i];
                max = Math.max(max, heat[i]);
            }
            return overlay(img, heat, max, size);
        }

        private static BufferedImage overlay(BufferedImage img, float[] heat, float max, int size) {
            int w = img.getWidth(), h = img.getHeight();
            double scale = Math.min(1, 800.0 / Math.max(w, h));
            int ow = Math.max(1, (int) (w * scale)), oh = Math.max(1, (int) (h * scale));
            BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, ow, oh, null);
            g.dispose();
            // The canvas letterboxes the image: map output pixels into canvas coordinates.
            double fit = size / (double) Math.max(ow, oh);
            double ox = (size - ow * fit) / 2, oy = (size - oh * fit) / 2;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int cx = Math.clamp((int) (ox + x * fit), 0, size - 1), cy = Math.clamp((int) (oy + y * fit), 0,
                            size - 1);
                    float a = heat[cy * size + cx] / max;
                    if (a < 0.15f) {
                        continue;
                    }
                    a = Math.min(0.65f, a * 0.65f);
                    Color hot = Color.getHSBColor(0.16f * (1 - a / 0.65f), 1f, 1f);
                    int rgb = out.getRGB(x, y);
                    int r = (int) (((rgb >> 16) & 255) * (1 - a) + hot.getRed() * a);
                    int gg = (int) (((rgb >> 8) & 255) * (1 - a) + hot.getGreen() * a);
                    int b = (int) ((rgb & 255) * (1 - a) + hot.getBlue() * a);
                    out.setRGB(x, y, (r << 16) | (gg << 8) | b);
                }
            }
            return out;
        }
    }
}
