package dev.enclave.semi.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;

/**
 * Where the semiconductor pack keeps its state in a workspace (the map library's index, the
 * retrained classifier, the fitted yield model) and which classifier serves it: the CLI and
 * the workbench parts read the same places.
 */
public final class SemiWorkspace {
    /** The pack's service folder name in the workspace. */
    public static final String SERVICE = "semi";

    private SemiWorkspace() {
    }

    /** The Lucene index of stored wafer maps. */
    public static Path mapsIndex(Workspace workspace) {
        return workspace.serviceFolder(SERVICE).resolve("maps-index");
    }

    /** Where {@code wafer train} puts the workspace's own classifier. */
    public static Path classifierDir(Workspace workspace) {
        return workspace.serviceFolder(SERVICE).resolve("classifier");
    }

    /** The last yield model fitted with {@code yield fit}. */
    public static Path yieldModel(Workspace workspace) {
        return workspace.serviceFolder(SERVICE).resolve("yield-model.json");
    }

    /**
     * The classifier in {@code dir} when given, else the workspace's retrained one, else the
     * shipped one. Close it after use (closing the shipped one keeps it loaded).
     */
    public static WaferPatternModel model(WaferPatterns patterns, Workspace workspace, Path dir) {
        if (dir != null) {
            return patterns.load(dir);
        }
        Path own = classifierDir(workspace);
        if (Files.isRegularFile(own.resolve("classifier.json"))) {
            return patterns.load(own);
        }
        return patterns.shipped();
    }

    /** The maps of a wafer map CSV file, or the one map of a text grid. */
    public static List<WaferMap> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return WaferMapReader.readCsv(file);
        }
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + " does not exist.");
        }
        return List.of(WaferMapReader.readGrid(file));
    }
}
