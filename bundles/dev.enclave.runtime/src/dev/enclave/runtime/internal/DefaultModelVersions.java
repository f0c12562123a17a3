package dev.enclave.runtime.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.ModelFile;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.ModelVersion;
import dev.enclave.runtime.ModelVersions;
import dev.enclave.runtime.Scorecard;

/** The {@link ModelVersions} on {@link AdapterMerge}'s lineage records, auditing every merge. */
@Component(service = ModelVersions.class)
public final class DefaultModelVersions implements ModelVersions {
    @Reference
    private ModelRegistry registry;
    @Reference
    private ModelEvaluation evaluation;

    @Override
    public ModelVersion merge(Workspace workspace, Subject subject, Path adapter, String base, Path out,
            Progress progress) {
        Path baseFolder;
        try (LoraAdapter a = LoraAdapter.open(adapter)) {
            baseFolder = base == null ? a.resolveBase(null) : registry.resolve(workspace, base);
        }
        Map<String, Object> lineage = AdapterMerge.merge(baseFolder, adapter, out, progress);
        workspace.auditLog().append(subject.name(), "model.merge", out.toString(), AuditEntry.SUCCESS,
                "base " + baseFolder.getFileName() + " + adapter " + adapter.getFileName() + ", version "
                        + lineage.get("version"));
        return of(lineage, baseFolder, true);
    }

    @Override
    public ModelVersion of(Path model, Path adapter) {
        return of(AdapterMerge.lineage(model, adapter), model, adapter == null && isMerged(model));
    }

    @Override
    public ModelVersion of(ModelInfo model) {
        if (isMerged(model.folder())) {
            return of(AdapterMerge.lineage(model.folder(), null), model.folder(), true);
        }
        Map<String, String> hashes = new TreeMap<>();
        for (ModelFile f : model.files()) {
            if (!f.path().contains("/") && ModelInfo.isVersioned(f.path())) {
                hashes.put(f.path(), f.sha256());
            }
        }
        return new ModelVersion(ModelInfo.versionOf(hashes, null), model.folder(), null, false, null, Map.of());
    }

    @Override
    public Map<String, ModelVersion> list(Workspace workspace) {
        Map<String, ModelVersion> out = new LinkedHashMap<>();
        for (ModelInfo m : registry.list(workspace)) {
            out.put(m.name(), of(m));
        }
        return out;
    }

    @Override
    public Map<String, Double> compare(Scorecard a, Scorecard b) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : Scorecard.METRICS) {
            Double x = a.metric(m);
            Double y = b.metric(m);
            if (x != null && y != null) {
                out.put(m, y - x);
            }
        }
        return out;
    }

    @Override
    public List<Scorecard> scorecards(Workspace workspace, String version) {
        return evaluation.scorecards(workspace).stream().filter(c -> c.modelVersion().equals(version)).toList();
    }

    private static boolean isMerged(Path folder) {
        return Files.isRegularFile(folder.resolve("enclave-lineage.json"));
    }

    /** The record over a lineage map; {@code folder} is the model's folder when the lineage names no base. */
    @SuppressWarnings("unchecked")
    private static ModelVersion of(Map<String, Object> lineage, Path folder, boolean merged) {
        Path base = folder;
        Path adapter = null;
        String data = null;
        if (lineage.get("base") instanceof Map<?, ?> b && b.get("folder") != null) {
            base = Path.of(String.valueOf(b.get("folder")));
        }
        if (lineage.get("adapter") instanceof Map<?, ?> a) {
            adapter = a.get("folder") == null ? null : Path.of(String.valueOf(a.get("folder")));
            if (a.get("training") instanceof Map<?, ?> t && t.get("data_sha256") != null) {
                data = String.valueOf(t.get("data_sha256"));
            }
        }
        Object version = lineage.get("version");
        return new ModelVersion(version == null ? null : version.toString(), base, adapter, merged, data,
                (Map<String, Object>) lineage);
    }
}
