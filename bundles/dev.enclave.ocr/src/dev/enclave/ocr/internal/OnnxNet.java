package dev.enclave.ocr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.enclave.core.EnclaveException;
import dev.enclave.runtime.Engines;

/**
 * One ONNX network of this bundle run by DJL's ONNX Runtime engine: a float tensor in, a float
 * tensor out. Calls are serialised (one predictor).
 */
final class OnnxNet implements AutoCloseable {
    private final String name;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    /** Loads the resource {@code models/<file>} beside this class. */
    OnnxNet(String file) {
        this.name = file;
        this.model = Model.newInstance(file, Engines.onnx());
        try (InputStream in = OnnxNet.class.getResourceAsStream("models/" + file)) {
            if (in == null) {
                throw EnclaveException.failure("The OCR model " + file + " is missing from this installation "
                        + "(plugins/dev.enclave.ocr).", null);
            }
            model.load(in, sessionOptions());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            if (e instanceof EnclaveException ee) {
                throw ee;
            }
            throw EnclaveException.failure("The OCR model " + file + " cannot be loaded by ONNX Runtime: "
                    + e.getMessage(), e);
        }
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /**
     * ONNX Runtime's session options for these small convolutional networks: one operator at a time
     * ({@code SEQUENTIAL}: the graphs are chains), each spread over all cores; full graph optimisation. The system
     * properties {@code enclave.ocr.threads} and {@code enclave.ocr.optLevel} override them (for benchmarks).
     */
    static Map<String, String> sessionOptions() {
        int threads = Integer.getInteger("enclave.ocr.threads", Runtime.getRuntime().availableProcessors());
        return Map.of("intraOpNumThreads", String.valueOf(Math.max(1, threads)), "interOpNumThreads", "1",
                "executionMode", "SEQUENTIAL", "optLevel", System.getProperty("enclave.ocr.optLevel", "ALL_OPT"));
    }

    /** The output of the network's first output for {@code input} of {@code shape}, with its shape. */
    synchronized Result run(float[] input, long... shape) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(input, new Shape(shape));
            x.setName("x");
            NDArray y = predictor.predict(new NDList(x)).get(0);
            return new Result(y.toFloatArray(), y.getShape().getShape());
        } catch (TranslateException e) {
            throw EnclaveException.failure("ONNX Runtime failed on the OCR model " + name + ": " + e.getMessage(), e);
        }
    }

    /** A network's output. */
    record Result(float[] data, long[] shape) {
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
    }
}
