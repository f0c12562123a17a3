package dev.enclave.semi;

import java.util.List;

/**
 * A loaded wafer-pattern classifier (WM-811K classes). Thread-safe; close it to free
 * native memory.
 */
public interface WaferPatternModel extends AutoCloseable {

    /** Where the model came from: the pack's shipped model or a folder. */
    String source();

    /** Classifies maps of any grid size; one prediction per map, in order. */
    List<WaferPrediction> classify(List<WaferMap> maps);

    @Override
    void close();
}
