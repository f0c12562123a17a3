package dev.enclave.ocr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.enclave.core.EnclaveException;
import dev.enclave.runtime.Engines;

/**
 * One ONNX network of this bundle run by DJL's ONNX Runtime engine: a float tensor in, a float
 * tensor out. Thread-safe: concurrent calls run concurrently (each on a predictor of its own over the one
 * session), each on {@code threads} threads of ONNX Runtime (the calling thread among them).
 */
final class OnnxNet implements AutoCloseable {
    private final String name;
    private final Model model;
    private final OrtSession.SessionOptions options;
    /** Predictors not in use; a call takes one (or makes one) and puts it back. */
    private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> idle = new ConcurrentLinkedQueue<>();
    private final List<Predictor<NDList, NDList>> all = new ArrayList<>();
    /** Calls hold it shared, {@link #close} exclusive: nothing is closed under a running call. */
    private final ReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Loads the resource {@code models/<file>} beside this class, to run on {@code threads} threads per call;
     * {@code variableShapes} when nearly every call has an input shape of its own.
     */
    OnnxNet(String file, int threads, boolean variableShapes) {
        this.name = file;
        this.model = Model.newInstance(file, Engines.onnx());
        OrtSession.SessionOptions o = null;
        try (InputStream in = OnnxNet.class.getResourceAsStream("models/" + file)) {
            if (in == null) {
                throw EnclaveException.failure("The OCR model " + file + " is missing from this installation "
                        + "(plugins/dev.enclave.ocr).", null);
            }
            o = sessionOptions(threads, variableShapes);
            model.load(in, Map.of("sessionOptions", o));
        } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
            model.close();
            if (o != null) {
                o.close();
            }
            if (e instanceof EnclaveException ee) {
                throw ee;
            }
            throw EnclaveException.failure("The OCR model " + file + " cannot be loaded by ONNX Runtime: "
                    + e.getMessage(), e);
        }
        this.options = o;
    }

    /**
     * ONNX Runtime's session options for these small convolutional networks: one operator at a time
     * ({@code SEQUENTIAL}: the graphs are chains) on {@code threads} threads, full graph optimisation, and waiting
     * threads that sleep rather than spin: a spinning thread of a two-core machine takes the core the other half of
     * the work (or another program) needs; OcrBench's tilted noisy pages took 5.6-6.4 CPU s/page on two spinning
     * threads per network against 2.9-3.8 on one (the shared 2-core machine at load 11). Without a memory pattern when {@code variableShapes}. The system property {@code enclave.ocr.optLevel} overrides the
     * optimisation level (for benchmarks).
     */
    static OrtSession.SessionOptions sessionOptions(int threads, boolean variableShapes) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setIntraOpNumThreads(Math.max(1, threads));
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(
                    OrtSession.SessionOptions.OptLevel.valueOf(System.getProperty("enclave.ocr.optLevel", "ALL_OPT")));
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            // A memory pattern is planned and kept per input shape: worth it for a shape that comes again, only
            // memory for the recogniser's lines, each of its own width (OcrBench: peak RSS 805-962 MiB without,
            // 1048-1113 with, the same CPU time).
            o.setMemoryPatternOptimization(!variableShapes);
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** The output of the network's first output for {@code input} of {@code shape}, with its shape. */
    Result run(float[] input, long... shape) {
        open.readLock().lock();
        try {
            if (closed) {
                throw EnclaveException.failure("The OCR model " + name + " was closed (the OCR service stopped).", null);
            }
            Predictor<NDList, NDList> p = idle.poll();
            if (p == null) {
                p = model.newPredictor(new NoopTranslator());
                synchronized (all) {
                    all.add(p);
                }
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray x = m.create(input, new Shape(shape));
                x.setName("x");
                NDArray y = p.predict(new NDList(x)).get(0);
                return new Result(y.toFloatArray(), y.getShape().getShape());
            } catch (TranslateException e) {
                throw EnclaveException.failure("ONNX Runtime failed on the OCR model " + name + ": " + e.getMessage(), e);
            } finally {
                idle.add(p);
            }
        } finally {
            open.readLock().unlock();
        }
    }

    /** A network's output. */
    record Result(float[] data, long[] shape) {
    }

    @Override
    public void close() {
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (all) {
                all.forEach(Predictor::close);
                all.clear();
            }
            idle.clear();
            model.close();
            options.close();
        } finally {
            open.writeLock().unlock();
        }
    }
}
