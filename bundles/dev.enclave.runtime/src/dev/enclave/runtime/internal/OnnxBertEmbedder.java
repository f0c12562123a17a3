package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
import dev.enclave.runtime.EmbeddingModel;

/**
 * A BERT-family embedding model exported to ONNX, run by ONNX Runtime through
 * DJL's OnnxRuntime engine: {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} in, the last hidden state out, pooled and normalised here.
 */
public final class OnnxBertEmbedder implements EmbeddingModel {
    private static final int BATCH = 16;

    private final String name;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final HfTokenizer tokenizer;
    private final BertEncoder.Pooling pooling;
    private final int maxTokens;
    private final int dimension;

    /**
     * Loads {@code onnxFile} with the tokenizer.
     *
     * @param maxTokens the model's position limit (512 for BERT)
     */
    public OnnxBertEmbedder(String name, Path onnxFile, HfTokenizer tokenizer, BertEncoder.Pooling pooling,
            int maxTokens) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        String file = onnxFile.getFileName().toString();
        this.model = Model.newInstance(name, Djl.onnxEngine().getEngineName());
        try {
            model.load(onnxFile.getParent(), file.substring(0, file.length() - ".onnx".length()));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw EnclaveException.badInput(onnxFile + " cannot be loaded by ONNX Runtime: " + e.getMessage());
        }
        this.predictor = model.newPredictor(new NoopTranslator());
        this.dimension = embedRows(new int[][] { tokenizer.encode("a", true) })[0].length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Embeds texts in batches of similar token length ({@link LengthBatches}), in the texts' order. */
    @Override
    public float[][] embed(List<String> texts) {
        return LengthBatches.embed(texts, t -> tokenizer.encode(t, true), maxTokens, BATCH, this::embedRows);
    }

    private synchronized float[][] embedRows(int[][] rows) {
        int b = rows.length;
        int t = 0;
        for (int[] r : rows) {
            t = Math.max(t, r.length);
        }
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                ids[i * t + j] = rows[i][j];
                mask[i * t + j] = 1;
            }
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(b, t);
            NDArray inputIds = m.create(ids, shape);
            inputIds.setName("input_ids");
            NDArray attention = m.create(mask, shape);
            attention.setName("attention_mask");
            NDArray types = m.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
            types.setName("token_type_ids");
            NDList output = predictor.predict(new NDList(inputIds, attention, types));
            NDArray hidden = output.get(0);
            long h = hidden.getShape().get(2);
            float[] flat = hidden.toFloatArray();
            float[][] out = new float[b][(int) h];
            for (int i = 0; i < b; i++) {
                if (pooling == BertEncoder.Pooling.CLS) {
                    System.arraycopy(flat, (int) (i * t * h), out[i], 0, (int) h);
                } else {
                    int n = 0;
                    for (int j = 0; j < t; j++) {
                        if (mask[i * t + j] == 1) {
                            n++;
                            for (int k = 0; k < h; k++) {
                                out[i][k] += flat[(int) ((i * t + j) * h + k)];
                            }
                        }
                    }
                    for (int k = 0; k < h; k++) {
                        out[i][k] /= n;
                    }
                }
                double norm = 0;
                for (float v : out[i]) {
                    norm += v * v;
                }
                float inv = (float) (1.0 / Math.max(1e-12, Math.sqrt(norm)));
                for (int k = 0; k < h; k++) {
                    out[i][k] *= inv;
                }
            }
            return out;
        } catch (TranslateException e) {
            throw EnclaveException.failure("ONNX Runtime failed on " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }
}
