package dev.enclave.runtime.internal;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.enclave.core.EnclaveException;
import dev.enclave.runtime.Reranker;

/**
 * A cross-encoder as transformers' {@code BertForSequenceClassification} (the BERT pooler, tanh of a
 * dense layer over [CLS], then the classifier) or {@code XLMRobertaForSequenceClassification} (its
 * classification head: dense, tanh, out_proj over &lt;s&gt;) runs it, over {@link BertEncoder}. Pairs are
 * built as the tokenizers' templates do: {@code [CLS] q [SEP] p [SEP]} with segment ids 0 then 1 for
 * BERT, {@code <s> q </s></s> p </s>} in segment 0 for RoBERTa-family models. The head is a few
 * thousand multiply-adds and runs in plain Java on the pooled vectors.
 */
final class CrossEncoder implements Reranker {
    private static final int BATCH = 8;

    private final String name;
    private final BertEncoder encoder;
    private final HfTokenizer tokenizer;
    private final boolean roberta;
    private final int cls;
    private final int sep;
    private final int maxTokens;
    private final int d;
    private final float[] denseW;
    private final float[] denseB;
    private final float[] outW;
    private final float[] outB;
    private final int labels;

    /** Whether this class runs {@code architecture}. */
    static boolean supports(String architecture) {
        return architecture.equals("BertForSequenceClassification")
                || architecture.equals("XLMRobertaForSequenceClassification");
    }

    CrossEncoder(String name, Path folder, BertEncoder encoder, HfTokenizer tokenizer) {
        this.name = name;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.roberta = encoder.config().modelType.contains("roberta");
        this.d = encoder.dimension();
        // The template's own special tokens: an empty text with them is exactly [CLS] [SEP] (or <s> </s>).
        int[] empty = tokenizer.encode("", true);
        if (empty.length != 2) {
            throw EnclaveException.badInput(folder + ": the tokenizer's template does not wrap a text in a start and"
                    + " an end token, so query and passage cannot be paired.");
        }
        this.cls = empty[0];
        this.sep = empty[1];
        long padIdx = encoder.config().json.has("pad_token_id") && !encoder.config().json.get("pad_token_id")
                .isJsonNull() ? encoder.config().json.get("pad_token_id").getAsLong() : 1;
        this.maxTokens = roberta ? (int) (encoder.config().maxPositions - padIdx - 1) : encoder.config().maxPositions;
        try (Weights w = Weights.open(folder)) {
            String dense = roberta ? "classifier.dense" : "pooler.dense";
            String out = roberta ? "classifier.out_proj" : "classifier";
            if (!w.has(dense + ".weight") || !w.has(out + ".weight")) {
                throw EnclaveException.badInput(folder + ": a cross-encoder needs the tensors " + dense + ".weight and "
                        + out + ".weight; this folder has no classification head.");
            }
            this.labels = (int) w.shape(out + ".weight")[0];
            if (labels < 1 || labels > 2) {
                throw EnclaveException.badInput(folder + ": a reranker has one or two labels; this model has "
                        + labels + ".");
            }
            this.denseW = read(w.floats(dense + ".weight", d, d));
            this.denseB = read(w.floats(dense + ".bias", d));
            this.outW = read(w.floats(out + ".weight", labels, d));
            this.outB = read(w.floats(out + ".bias", labels));
        }
    }

    private static float[] read(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public float[] score(String query, List<String> passages) {
        float[] out = new float[passages.size()];
        int[] q = tokenizer.encode(query, false);
        for (int from = 0; from < passages.size(); from += BATCH) {
            int to = Math.min(passages.size(), from + BATCH);
            List<int[]> ids = new ArrayList<>();
            List<int[]> types = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int[][] pair = pair(q, tokenizer.encode(passages.get(i), false));
                ids.add(pair[0]);
                types.add(pair[1]);
            }
            float[][] pooled = encoder.embed(ids.toArray(int[][]::new), types.toArray(int[][]::new),
                    BertEncoder.Pooling.CLS, false);
            for (int i = from; i < to; i++) {
                out[i] = head(pooled[i - from]);
            }
        }
        return out;
    }

    /** Ids and segment ids of the pair, the passage (then the query) cut to fit the model. */
    int[][] pair(int[] query, int[] passage) {
        int specials = roberta ? 4 : 3;
        int room = maxTokens - specials;
        int qLen = Math.min(query.length, Math.max(room / 2, room - passage.length));
        int pLen = Math.min(passage.length, room - qLen);
        int n = qLen + pLen + specials;
        int[] ids = new int[n];
        int[] types = new int[n];
        int k = 0;
        ids[k++] = cls;
        for (int i = 0; i < qLen; i++) {
            ids[k++] = query[i];
        }
        ids[k++] = sep;
        if (roberta) {
            ids[k++] = sep;
        }
        int second = k;
        for (int i = 0; i < pLen; i++) {
            ids[k++] = passage[i];
        }
        ids[k++] = sep;
        if (!roberta) {
            for (int i = second; i < n; i++) {
                types[i] = 1;
            }
        }
        return new int[][] { ids, types };
    }

    /** tanh(dense · x + b), then the output layer; the relevant label's logit (minus the other's). */
    private float head(float[] x) {
        float[] h = new float[d];
        for (int r = 0; r < d; r++) {
            double s = denseB[r];
            for (int c = 0; c < d; c++) {
                s += (double) denseW[r * d + c] * x[c];
            }
            h[r] = (float) Math.tanh(s);
        }
        float[] logits = new float[labels];
        for (int l = 0; l < labels; l++) {
            double s = outB[l];
            for (int c = 0; c < d; c++) {
                s += (double) outW[l * d + c] * h[c];
            }
            logits[l] = (float) s;
        }
        return labels == 1 ? logits[0] : logits[1] - logits[0];
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
        encoder.close();
    }
}
