package dev.enclave.tests.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Cross-encoder (reranker) model folders for tests, made from the bert-tiny fixture with a
 * classification head whose output the test knows.
 */
public final class CrossEncoders {
    private CrossEncoders() {
    }

    /**
     * Writes into {@code folder} the BERT encoder of {@code bert} (a BertModel folder with float32 weights)
     * under transformers' BertForSequenceClassification names, with the pooler ({@code poolW} d×d,
     * {@code poolB}) and classifier ({@code clsW} labels×d, {@code clsB}) given.
     */
    public static Path write(Path bert, Path folder, float[] poolW, float[] poolB, float[] clsW, float[] clsB)
            throws IOException {
        Path src = bert;
        Files.createDirectories(folder);
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
            if (!t.get("dtype").getAsString().equals("F32")) {
                throw new IOException(key + " is " + t.get("dtype") + ", not F32");
            }
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
        int d = poolB.length;
        put(shapes, data, "bert.pooler.dense.weight", poolW, d, d);
        put(shapes, data, "bert.pooler.dense.bias", poolB, d);
        put(shapes, data, "classifier.weight", clsW, clsB.length, d);
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
