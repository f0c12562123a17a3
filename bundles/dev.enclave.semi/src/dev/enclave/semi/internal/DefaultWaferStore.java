package dev.enclave.semi.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.WaferReports;
import dev.enclave.semi.WaferStore;
import dev.enclave.semi.WaferTrainingSettings;
import dev.enclave.semi.YieldSummary;

/**
 * {@link WaferStore} over the pack's {@link WaferPatterns}, {@link WaferLibrary} and
 * {@link WaferReports} services, with the workspace folders of {@link SemiWorkspace} and the
 * classifiers kept open in a {@link ClassifierCache}.
 */
@Component(service = WaferStore.class)
public final class DefaultWaferStore implements WaferStore {
    @Reference
    private WaferPatterns patterns;
    @Reference
    private WaferLibrary library;
    @Reference
    private WaferReports reports;
    private ClassifierCache classifiers;

    @Activate
    void activate() {
        classifiers = new ClassifierCache(patterns);
    }

    @Deactivate
    void deactivate() {
        classifiers.clear();
    }

    @Override
    public List<WaferMap> read(Path file) {
        return SemiWorkspace.read(file);
    }

    @Override
    public Classified classify(Workspace workspace, Subject subject, Path file, Path modelDir) {
        List<WaferMap> maps = read(file);
        Classified result;
        if (modelDir == null) {
            result = classifiers.with(workspace, m -> new Classified(maps, m.classify(maps), m.source()));
        } else {
            try (WaferPatternModel m = patterns.load(modelDir)) {
                result = new Classified(maps, m.classify(maps), m.source());
            }
        }
        workspace.auditLog().append(subject.name(), "wafer.classify", file.toString(), AuditEntry.SUCCESS,
                maps.size() + " maps");
        return result;
    }

    @Override
    public List<WaferPrediction> predict(Workspace workspace, List<WaferMap> maps) {
        return classifiers.with(workspace, m -> m.classify(maps));
    }

    @Override
    public Imported importFiles(Workspace workspace, Subject subject, List<Path> files, String lot,
            Progress progress) {
        Path index = SemiWorkspace.mapsIndex(workspace);
        List<Failure> failed = new ArrayList<>();
        int added = 0, stored = -1;
        for (Path file : files) {
            if (progress.isCanceled()) {
                break;
            }
            progress.subTask(file.getFileName().toString());
            List<WaferMap> maps;
            try {
                maps = read(file);
            } catch (EnclaveException e) {
                failed.add(new Failure(file, e.getMessage()));
                progress.worked(1);
                continue;
            }
            if (lot != null) {
                maps = maps.stream().map(m -> m.lot() == null ? m.withOrigin(lot, m.waferId(), m.time()) : m).toList();
            }
            List<WaferMap> batch = maps;
            List<WaferPrediction> predictions = classifiers.with(workspace, m -> m.classify(batch));
            stored = library.add(index, maps, predictions);
            added += maps.size();
            workspace.auditLog().append(subject.name(), "wafer.import", file.toString(), AuditEntry.SUCCESS,
                    maps.size() + " maps");
            progress.worked(1);
        }
        if (stored < 0) {
            stored = library.list(index, null).size();
        }
        return new Imported(added, stored, failed);
    }

    @Override
    public List<WaferLibrary.StoredMap> stored(Workspace workspace, String lot) {
        return library.list(SemiWorkspace.mapsIndex(workspace), lot);
    }

    @Override
    public List<WaferLibrary.Similar> similar(Workspace workspace, float[] embedding, int k) {
        return library.similar(SemiWorkspace.mapsIndex(workspace), embedding, k);
    }

    @Override
    public YieldSummary yieldSummary(Workspace workspace, String lot) {
        return YieldSummary.of(stored(workspace, lot));
    }

    @Override
    public Evaluation evaluate(Workspace workspace, Subject subject, Path file, Path modelDir) {
        List<WaferMap> all = read(file);
        List<WaferMap> maps = all.stream().filter(m -> m.label() != null).toList();
        if (maps.isEmpty()) {
            throw EnclaveException.badInput(file + " has no labelled maps; an evaluation needs the label column "
                    + "filled in.");
        }
        Evaluation result;
        if (modelDir == null) {
            result = classifiers.with(workspace, m -> evaluation(m, maps, all.size()));
        } else {
            try (WaferPatternModel m = patterns.load(modelDir)) {
                result = evaluation(m, maps, all.size());
            }
        }
        PatternMetrics metrics = new PatternMetrics();
        for (int i = 0; i < result.truth().size(); i++) {
            metrics.add(result.truth().get(i), result.predicted().get(i));
        }
        workspace.auditLog().append(subject.name(), "wafer.eval", file.toString(), AuditEntry.SUCCESS,
                String.format("macro-F1 %.4f", metrics.macroF1()));
        return result;
    }

    private static Evaluation evaluation(WaferPatternModel model, List<WaferMap> maps, int all) {
        List<WaferPrediction> predictions = model.classify(maps);
        return new Evaluation(model.source(), maps.stream().map(WaferMap::label).toList(),
                predictions.stream().map(WaferPrediction::label).toList(), all - maps.size());
    }

    @Override
    public Trained train(Workspace workspace, Subject subject, WaferTrainingSettings settings, Path outDir,
            Progress progress) {
        Path dir = outDir != null ? outDir : SemiWorkspace.classifierDir(workspace);
        List<Float> loss = patterns.train(settings, dir, progress);
        workspace.auditLog().append(subject.name(), "wafer.train", dir.toString(), AuditEntry.SUCCESS,
                "seed " + settings.seed() + ", " + settings.maps() + " maps");
        return new Trained(dir, loss);
    }

    @Override
    public WaferReports.Summary report(Workspace workspace, Subject subject, String lot, String week,
            List<String> notes, WaferReports.Format format, Path out) {
        WaferReports.Summary s = reports.write(stored(workspace, lot), lot, week, notes == null ? List.of() : notes,
                format, out);
        workspace.auditLog().append(subject.name(), "wafer.report", out.toString(), AuditEntry.SUCCESS,
                s.title() + ", " + s.wafers() + " wafers");
        return s;
    }
}
