package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.gson.GsonBuilder;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.Classification;
import dev.enclave.runtime.ImageClassifier;
import dev.enclave.runtime.ImageClassifierService;
import dev.enclave.runtime.ImageClassifierSpec;
import dev.enclave.runtime.ImageClassifierTuning;
import dev.enclave.runtime.ImageTrainingSettings;
import dev.enclave.semi.DefectImages;

/**
 * Fine-tuning of the defect classifier on a fab's labelled images ({@link DefectImages#train}):
 * reads and checks the folder, splits it, trains from the current classifier with augmentation, class
 * weights and early stopping, scores old and new on the validation split, writes the version folder
 * with its scorecard and lineage, and replaces the workspace's classifier when the new one is better.
 */
final class DefectTraining {
    private static final int BATCH = 32;
    private static final float LEARNING_RATE = 0.001f;
    /**
     * Steps an epoch takes at least. Batches are drawn with replacement under fresh augmentation, so a small
     * set gains from more than one batch a pass: with 60 images a class an epoch of 11 steps gave 30 epochs
     * of 330 steps, after which validation was still rising (macro-F1 0.76) and the held-out images scored
     * 0.67 (DefectClassifierEvaluation, 2026-12-07).
     */
    private static final int MIN_STEPS_PER_EPOCH = 20;
    /** Epochs without a better validation score after which training stops… */
    private static final int PATIENCE = 4;
    /**
     * …but never before this many steps without one: the validation split of a few dozen images scores in
     * coarse, noisy steps, and 150 steps without a better score stopped fine-tuning at 264 steps while it was
     * still learning.
     */
    private static final int PATIENCE_STEPS = 300;

    private final ImageClassifierService service;
    private final DefectModels models;

    DefectTraining(ImageClassifierService service, DefectModels models) {
        this.service = service;
        this.models = models;
    }

    private record Sample(String label, Path path, float[] canvas) {
    }

    DefectImages.Trained train(Workspace ws, Subject subject, DefectImages.TrainRequest req, Progress progress) {
        if (req.epochs() < 1) {
            throw EnclaveException.badInput("--epochs must be at least 1.");
        }
        long t0 = System.nanoTime();
        Path base = baseDir(ws);
        List<String> labels = new ArrayList<>(DefectImages.CLASSES);
        // Fine-tuning keeps the base's network and input side (a workspace classifier may predate global
        // pooling, or the shipped model may be trained at another side).
        ImageClassifierSpec baseSpec = DefectModels.SPEC;
        if (base != null) {
            try (ImageClassifier c = service.load(base)) {
                labels = new ArrayList<>(c.labels());
                baseSpec = c.spec();
            }
        }
        int size = baseSpec.height();
        List<Path[]> items = DefaultDefectImages.labelled(req.data());
        List<DefaultDefectImages.Input> inputs = DefaultDefectImages.inputs(items.stream().map(p -> p[1]).toList(),
                size);
        List<String> skipped = new ArrayList<>();
        Map<String, List<Sample>> byClass = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            DefaultDefectImages.Input in = inputs.get(i);
            if (in.error() != null) {
                skipped.add(in.error());
                continue;
            }
            String label = items.get(i)[0].getFileName().toString();
            byClass.computeIfAbsent(label, k -> new ArrayList<>()).add(new Sample(label, in.path(), in.canvas()));
        }
        // A class with a single image can be neither trained on and validated: it is left out, named.
        for (var it = byClass.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, List<Sample>> e = it.next();
            if (e.getValue().size() < 2 && byClass.size() > 1) {
                skipped.add(req.data().resolve(e.getKey()) + ": only one readable image, left out; each class needs "
                        + "at least two (one to train on, one to validate with).");
                it.remove();
            }
        }
        if (byClass.size() < 2) {
            throw EnclaveException.badInput(req.data() + ": training needs readable images of at least two classes "
                    + "in DIR/<class>/ folders, two or more images each; found " + (byClass.isEmpty() ? "none"
                            : "only '" + byClass.keySet().iterator().next() + "'") + ".");
        }
        String dataHash = hash(req.data(), byClass);
        // Split each class: a fifth (at least one image) for validation.
        Random split = new Random(req.seed());
        List<Sample> train = new ArrayList<>(), validation = new ArrayList<>();
        for (List<Sample> s : byClass.values()) {
            List<Sample> copy = new ArrayList<>(s);
            Collections.shuffle(copy, split);
            int v = Math.max(1, Math.round(copy.size() * 0.2f));
            validation.addAll(copy.subList(0, v));
            train.addAll(copy.subList(v, copy.size()));
        }
        for (String l : byClass.keySet()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        ImageClassifierSpec spec = new ImageClassifierSpec(labels, baseSpec.channels(), baseSpec.height(),
                baseSpec.width(), baseSpec.convFilters(), baseSpec.embeddingSize(), baseSpec.globalPooling());
        float[] weights = new float[labels.size()];
        for (int k = 0; k < labels.size(); k++) {
            List<Sample> s = byClass.get(labels.get(k));
            int n = s == null ? 0 : s.size();
            weights[k] = n == 0 ? 1f : (float) byClass.values().stream().mapToInt(List::size).sum()
                    / (byClass.size() * n);
        }
        int stepsPerEpoch = Math.max(MIN_STEPS_PER_EPOCH, (train.size() + BATCH - 1) / BATCH);
        List<String> finalLabels = labels;
        int[] trainLabels = train.stream().mapToInt(s -> finalLabels.indexOf(s.label())).toArray();
        long seed = req.seed();
        dev.enclave.runtime.ImageBatchSource source = (step, x, y) -> {
            Random r = new Random(seed * 31L + step);
            for (int i = 0; i < y.length; i++) {
                int pick = r.nextInt(train.size());
                y[i] = trainLabels[pick];
                DefectAugment.apply(train.get(pick).canvas(), size, r, x, i * size * size);
            }
        };
        String version = "defect-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + dataHash.substring(0, 8);
        Path out = req.out() != null ? req.out() : DefectModels.versions(ws).resolve(version);
        int patience = Math.max(PATIENCE, (PATIENCE_STEPS + stepsPerEpoch - 1) / stepsPerEpoch);
        ImageClassifierTuning tuning = new ImageClassifierTuning(base, weights, stepsPerEpoch, patience,
                c -> score(c, validation, "").macroF1());
        List<Float> loss = service.train(spec, source, new ImageTrainingSettings(stepsPerEpoch * req.epochs(), BATCH,
                LEARNING_RATE, seed), tuning, out, progress);
        DefectImages.Scorecard mine;
        try (ImageClassifier c = service.load(out)) {
            mine = score(c, validation, version);
        }
        double previous = base == null ? 0 : models.with(ws, c -> score(c, validation, "previous").macroF1());
        boolean replaced = req.force() || mine.macroF1() > previous;
        boolean stoppedEarly = stoppedEarly(out);
        writeScorecard(out, version, base, dataHash, req, train.size(), validation.size(), mine, previous, replaced,
                skipped, (System.nanoTime() - t0) / 1e9);
        if (replaced) {
            install(out, DefectModels.current(ws));
        }
        ws.auditLog().append(subject.name(), "defect.train", req.data().toString(), AuditEntry.SUCCESS,
                String.format(Locale.ROOT, "version %s, data %s, validation macro-F1 %.4f (previous %.4f), %s",
                        version, dataHash.substring(0, 16), mine.macroF1(), previous,
                        replaced ? "now the workspace's classifier" : "kept the previous classifier"));
        return new DefectImages.Trained(out, version, dataHash, mine, previous, replaced, loss, stoppedEarly,
                train.size(), validation.size(), skipped);
    }

    /** The classifier fine-tuning starts from: the workspace's, else the shipped one, else none. */
    private Path baseDir(Workspace ws) {
        try {
            return models.dir(ws);
        } catch (EnclaveException e) {
            return null; // a development build without shipped weights trains from scratch
        }
    }

    private static DefectImages.Scorecard score(ImageClassifier c, List<Sample> samples, String model) {
        DefectMetrics m = new DefectMetrics(c.labels());
        Classification[] ks = DefaultDefectImages.run(c, samples.stream().map(Sample::canvas).toList());
        for (int i = 0; i < samples.size(); i++) {
            m.add(samples.get(i).label(), c.labels().get(ks[i].best()));
        }
        return m.scorecard(model, List.of());
    }

    private static boolean stoppedEarly(Path out) {
        try {
            String json = Files.readString(out.resolve("classifier.json"), StandardCharsets.UTF_8);
            return com.google.gson.JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("training")
                    .get("stopped_early").getAsBoolean();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SHA-256 over each image's class, file name and bytes, in sorted order. */
    private static String hash(Path root, Map<String, List<Sample>> byClass) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<Sample> s : byClass.values()) {
                for (Sample x : s.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
                    md.update((x.label() + "/" + root.relativize(x.path()) + "\n").getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(x.path()));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw EnclaveException.badInput(root + ": cannot read the training images: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeScorecard(Path out, String version, Path base, String dataHash,
            DefectImages.TrainRequest req, int trainImages, int validationImages, DefectImages.Scorecard s,
            double previous, boolean replaced, List<String> skipped, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("created", Instant.now().toString());
        m.put("base_model", base == null ? null : base.toString());
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("data", req.data().toAbsolutePath().toString());
        lineage.put("data_hash", dataHash);
        lineage.put("train_images", trainImages);
        lineage.put("validation_images", validationImages);
        lineage.put("skipped", skipped);
        m.put("lineage", lineage);
        m.put("epochs", req.epochs());
        m.put("seed", req.seed());
        m.put("accuracy", s.accuracy());
        m.put("macro_f1", s.macroF1());
        m.put("per_class_f1", s.perClassF1());
        m.put("confusion", s.confusion());
        m.put("previous_macro_f1", previous);
        m.put("replaced", replaced);
        m.put("forced", req.force());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        try {
            Files.writeString(out.resolve("scorecard.json"), new GsonBuilder().setPrettyPrinting().serializeNulls()
                    .disableHtmlEscaping().create().toJson(m) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write " + out.resolve("scorecard.json") + ": " + e.getMessage(), e);
        }
    }

    /** Copies the model files into the workspace's classifier folder, each file replaced atomically. */
    private static void install(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (String f : List.of("weights.params", "scorecard.json", "classifier.json")) {
                Path tmp = to.resolve(f + ".tmp");
                Files.copy(from.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot install the new classifier in " + to + ": " + e.getMessage(), e);
        }
    }
}
