package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.Reranker;

/**
 * Cross-encoders (issue 16's reranking stage) as transformers' BertForSequenceClassification: a folder
 * made from the bert-tiny fixture with a pooler and a classifier whose output is known in closed form
 * (a zero pooler weight makes the pooled vector tanh(bias) whatever the encoder computes), so the head,
 * the label arithmetic and the tensor names are checked exactly; pairs longer than the model are cut.
 */
class RerankerTest {
    private static final int D = 64;

    @TempDir
    Path dir;

    @Test
    void oneLabelScoresAreTheClassifiersLogitOverThePooledVector() throws Exception {
        float[] poolBias = ramp(D, 0.05f);
        float[] cls = ramp(D, -0.02f);
        Path folder = crossEncoder("one", new float[D * D], poolBias, cls, new float[] { 0.25f });
        ModelRegistry r = Fixtures.registry();
        assertEquals(ModelInfo.RERANKER, r.inspect(folder).kind());
        double expected = 0.25;
        for (int i = 0; i < D; i++) {
            expected += cls[i] * Math.tanh(poolBias[i]);
        }
        try (Reranker rr = r.openReranker(null, folder.toString(), Progress.silent())) {
            float[] s = rr.score("修整盘压力是多少", List.of("修整盘压力设定为 5 lbf。", "The slurry flow is 200 ml/min.",
                    "wafer ".repeat(2000)));
            assertEquals(3, s.length);
            for (float v : s) {
                assertEquals(expected, v, 1e-4, "the logit of the pooled vector");
            }
        }
    }

    @Test
    void twoLabelScoresAreTheRelevantLabelsLogitMinusTheOthers() throws Exception {
        float[] poolBias = ramp(D, 0.03f);
        float[] w = new float[2 * D];
        float[] w0 = ramp(D, 0.01f);
        float[] w1 = ramp(D, -0.04f);
        System.arraycopy(w0, 0, w, 0, D);
        System.arraycopy(w1, 0, w, D, D);
        Path folder = crossEncoder("two", new float[D * D], poolBias, w, new float[] { 0.5f, -0.5f });
        double expected = -1.0;
        for (int i = 0; i < D; i++) {
            expected += (w1[i] - w0[i]) * Math.tanh(poolBias[i]);
        }
        try (Reranker rr = Fixtures.registry().openReranker(null, folder.toString(), Progress.silent())) {
            assertEquals(expected, rr.score("query", List.of("passage"))[0], 1e-4);
        }
    }

    @Test
    void theEncoderReadsQueryAndPassageTogetherInTwoSegments() throws Exception {
        // An identity pooler: the score now follows the encoder's [CLS] vector, which sees the passage.
        float[] eye = new float[D * D];
        for (int i = 0; i < D; i++) {
            eye[i * D + i] = 1f;
        }
        Path folder = crossEncoder("eye", eye, new float[D], ramp(D, 0.1f), new float[] { 0f });
        try (Reranker rr = Fixtures.registry().openReranker(null, folder.toString(), Progress.silent())) {
            float[] s = rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。", "浆料流量为 200 ml/min。"));
            assertTrue(Math.abs(s[0] - s[1]) > 1e-4, "different passages, different scores: " + s[0] + " " + s[1]);
            assertArrayEquals(s, rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。", "浆料流量为 200 ml/min。")),
                    "deterministic");
            float[] alone = rr.score("修整盘压力", List.of("修整盘压力设定为 5 lbf。"));
            assertEquals(s[0], alone[0], 1e-4, "batching does not change a pair's score");
        }
    }

    @Test
    void foldersThatAreNotRerankersAreNamed() throws Exception {
        ModelRegistry r = Fixtures.registry();
        EnclaveException plain = assertThrows(EnclaveException.class,
                () -> r.openReranker(null, Fixtures.model("bert-tiny").toString(), Progress.silent()));
        assertTrue(plain.getMessage().contains("reranker"), plain.getMessage());
        Path three = crossEncoder("three", new float[D * D], new float[D], new float[3 * D], new float[3]);
        EnclaveException labels = assertThrows(EnclaveException.class,
                () -> r.openReranker(null, three.toString(), Progress.silent()).close());
        assertTrue(labels.getMessage().contains("3"), labels.getMessage());
    }

    private static float[] ramp(int n, float step) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = step * ((i % 7) - 3);
        }
        return a;
    }

    /** bert-tiny's encoder under transformers' BertForSequenceClassification names, with the given head. */
    private Path crossEncoder(String name, float[] poolW, float[] poolB, float[] clsW, float[] clsB) throws IOException {
        Path src = Fixtures.model("bert-tiny");
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(src.resolve(f), folder.resolve(f));
        }
        JsonObject config = JsonParser.parseString(Files.readString(src.resolve("config.json"))).getAsJsonObject();
        JsonArray arch = new JsonArray();
        arch.add("BertForSequenceClassification");
        config.add("architectures", arch);
        Files.writeString(folder.resolve("config.json"), config.toString());

        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        byte[] all = Files.readAllBytes(src.resolve("model.safetensors"));
        long headerLen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8))
                .getAsJsonObject();
        for (String key : header.keySet()) {
            if (key.equals("__metadata__")) {
                continue;
            }
            JsonObject t = header.getAsJsonObject(key);
            assertEquals("F32", t.get("dtype").getAsString());
            JsonArray shape = t.getAsJsonArray("shape");
            long[] s = new long[shape.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = shape.get(i).getAsLong();
            }
            JsonArray off = t.getAsJsonArray("data_offsets");
            int from = (int) (8 + headerLen + off.get(0).getAsLong());
            int to = (int) (8 + headerLen + off.get(1).getAsLong());
            shapes.put("bert." + key, s);
            data.put("bert." + key, java.util.Arrays.copyOfRange(all, from, to));
        }
        put(shapes, data, "bert.pooler.dense.weight", poolW, D, D);
        put(shapes, data, "bert.pooler.dense.bias", poolB, D);
        put(shapes, data, "classifier.weight", clsW, clsB.length, D);
        put(shapes, data, "classifier.bias", clsB, clsB.length);

        JsonObject out = new JsonObject();
        long offset = 0;
        for (String key : shapes.keySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long v : shapes.get(key)) {
                shape.add(v);
            }
            t.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            offset += data.get(key).length;
            off.add(offset);
            t.add("data_offsets", off);
            out.add(key, t);
        }
        byte[] h = out.toString().getBytes(StandardCharsets.UTF_8);
        try (var os = Files.newOutputStream(folder.resolve("model.safetensors"))) {
            os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            os.write(h);
            for (byte[] b : data.values()) {
                os.write(b);
            }
        }
        return folder;
    }

    private static void put(Map<String, long[]> shapes, Map<String, byte[]> data, String key, float[] values,
            long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        shapes.put(key, shape);
        data.put(key, b.array());
    }
}
