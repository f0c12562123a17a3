package dev.enclave.runtime;

import dev.enclave.runtime.internal.Djl;

/**
 * The runtime's inference engines, for bundles that run models of their own on them (the OCR
 * bundle's PaddleOCR models) instead of bringing a second native stack. The engines start on first
 * use, with their natives prepared from the product's own bundles (nothing downloads).
 */
public final class Engines {
    private Engines() {
    }

    /**
     * The DJL name of the ONNX Runtime engine, for {@code ai.djl.Model.newInstance(name, engine)}; starts
     * the engine when it has not started yet. Thread-safe.
     *
     * @throws dev.enclave.core.EnclaveException (failure) when ONNX Runtime cannot start on this machine
     */
    public static String onnx() {
        return Djl.onnxEngine().getEngineName();
    }
}
