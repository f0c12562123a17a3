package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.internal.DecoderModel;
import dev.enclave.runtime.internal.Djl;
import dev.enclave.runtime.internal.GgmlType;
import dev.enclave.runtime.internal.GgufConvert;
import dev.enclave.runtime.internal.GgufFile;
import dev.enclave.runtime.internal.GgufWriter;
import dev.enclave.tests.support.Cli;

/**
 * GGUF models end to end: the public fixtures converted by the writer pass the reference check
 * with the GGUF's own tokenizer (no tokenizer.json beside them), quantized copies stay close, a
 * LoRA adapter is served beside a quantized base, and damaged files are refused by name.
 */
class GgufTest {
    @TempDir
    Path dir;

    /** A folder holding the fixture as {@code model.gguf} in {@code type} beside its reference files. */
    private Path converted(String fixture, GgmlType type) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(fixture + "-" + type.name().toLowerCase()));
        GgufConvert.convert(Fixtures.model(fixture), folder.resolve("model.gguf"), type);
        for (String f : new String[] { "reference.json", "reference.safetensors" }) {
            Files.copy(Fixtures.model(fixture).resolve(f), folder.resolve(f));
        }
        return folder;
    }

    @Test
    void fixturesConvertedToGgufPassTheReferenceCheckWithTheirOwnTokenizer() throws Exception {
        // F32, and the fixture's own half type where it is stored in one (a float32 model rounded to
        // half precision is a different model).
        String[][] cases = { { "qwen2-tiny", "F32", "F16" }, { "qwen3-tiny", "F32", "BF16" }, { "llama-tiny", "F32" } };
        for (String[] kase : cases) {
            String fixture = kase[0];
            for (int k = 1; k < kase.length; k++) {
                GgmlType type = GgmlType.valueOf(kase[k]);
                Path folder = converted(fixture, type);
                assertFalse(Files.exists(folder.resolve("tokenizer.json")));
                ModelCheck c = Fixtures.registry().check(folder, null, Progress.silent());
                assertTrue(c.ok(), fixture + " " + type + ": " + c);
                assertTrue(c.maxAbsDiff() <= 1e-3, fixture + " " + type + ": " + c);
            }
        }
    }

    @Test
    void quantizedCopiesStayCloseAndQ8IsCloserThanQ4() throws Exception {
        double q8 = Fixtures.registry().check(converted("qwen2-tiny", GgmlType.Q8_0), null, Progress.silent())
                .maxAbsDiff();
        double q4 = Fixtures.registry().check(converted("qwen2-tiny", GgmlType.Q4_0), null, Progress.silent())
                .maxAbsDiff();
        assertTrue(q8 > 0 && q4 > q8, "8-bit weights change the logits less than 4-bit: q8 " + q8 + ", q4 " + q4);
        assertTrue(q8 < 0.1, "q8_0 max |Δlogit| " + q8);
    }

    @Test
    void prefillAndSingleStepsAgreeOnAQuantizedModel() throws Exception {
        Path folder = converted("qwen3-tiny", GgmlType.Q4_K);
        int[] ids = { 11, 200, 37, 5, 99, 1024 };
        try (NDManager m = Djl.newManager()) {
            DecoderModel model = DecoderModel.load(folder, m);
            assertTrue(model.javaDecoding());
            float[][] all;
            try (DecoderModel.Session s = model.newSession()) {
                all = s.forward(ids, true);
            }
            try (DecoderModel.Session s = model.newSession()) {
                s.forward(new int[] { ids[0], ids[1] }, false);
                for (int i = 2; i < ids.length; i++) {
                    float[] step = s.forward(new int[] { ids[i] }, false)[0];
                    for (int v = 0; v < step.length; v++) {
                        assertEquals(all[i][v], step[v], 1e-4f * (1 + Math.abs(all[i][v])), "position " + i);
                    }
                }
            }
        }
    }

    @Test
    void loraIsServedBesideAQuantizedBase() throws Exception {
        for (String fixture : new String[] { "qwen2-tiny", "llama-tiny" }) {
            Path adapter = Fixtures.root().resolve("lora").resolve(fixture + "-lora");
            ModelCheck exact = Fixtures.registry().check(adapter, converted(fixture, GgmlType.F32), Progress.silent());
            assertTrue(exact.ok() && exact.maxAbsDiff() < 1e-3, fixture + " adapter on an F32 GGUF: " + exact);
            ModelCheck q8 = Fixtures.registry().check(adapter, converted(fixture, GgmlType.Q8_0), Progress.silent());
            assertTrue(q8.maxAbsDiff() < 0.1, fixture + " adapter on a Q8_0 GGUF: " + q8);
        }
    }

    /** Rewrites a GGUF file with its metadata and tensors passed through {@code meta} (null drops a key). */
    private static void rewrite(Path from, Path to, BiFunction<String, Object, Object> meta) throws IOException {
        GgufWriter w = new GgufWriter();
        try (GgufFile f = GgufFile.open(from)) {
            for (Map.Entry<String, Object> e : f.metadata().entrySet()) {
                Object v = meta.apply(e.getKey(), e.getValue());
                if (v instanceof String s) {
                    w.string(e.getKey(), s);
                } else if (v instanceof Long l) {
                    w.u32(e.getKey(), l);
                } else if (v instanceof Double d) {
                    w.f32(e.getKey(), d);
                } else if (v instanceof Boolean b) {
                    w.bool(e.getKey(), b);
                } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
                    w.strings(e.getKey(), list.stream().map(String::valueOf).toList());
                } else if (v instanceof List<?> list) {
                    w.ints(e.getKey(), list.stream().map(o -> ((Long) o).intValue()).toList());
                }
            }
            for (GgufFile.Tensor t : f.tensors().values()) {
                float[] all = new float[(int) t.size()];
                t.type().dequantize(f.data(t), 0, all, 0, all.length);
                GgmlType type = t.type();
                w.tensor(t.name(), type, t.dims(), (first, count, out) -> System.arraycopy(all,
                        (int) (first * t.cols()), out, 0, (int) (count * t.cols())));
            }
            w.write(to);
        }
    }

    private static Cli.Run check(Path ws, Path folder) {
        return Cli.run(ws, "model", "check", "--json", folder.toString());
    }

    private void assertRefused(Path ws, Path folder, String problem) {
        Cli.Run r = check(ws, folder);
        assertEquals(2, r.code(), problem + ": " + r);
        assertTrue(r.err().contains("model.gguf") && r.err().contains(problem), "names the file and '" + problem
                + "': " + r);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void damagedGgufFilesAreRefusedNamingTheFileAndTheProblem() throws Exception {
        Path ws = dir.resolve("ws");
        Path good = converted("qwen2-tiny", GgmlType.Q8_0);
        byte[] bytes = Files.readAllBytes(good.resolve("model.gguf"));

        Path truncated = Files.createDirectories(dir.resolve("truncated"));
        Files.write(truncated.resolve("model.gguf"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(ws, truncated, "truncated");

        Path magic = Files.createDirectories(dir.resolve("magic"));
        byte[] m = bytes.clone();
        m[0] = 'X';
        Files.write(magic.resolve("model.gguf"), m);
        assertRefused(ws, magic, "wrong magic");

        // The tensor infos follow the metadata: find the first tensor's type field by its name.
        byte[] name = "token_embd.weight".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(bytes, name);
        assertTrue(at > 0);
        int typeAt = at + name.length + 4 + 2 * 8;
        Path type = Files.createDirectories(dir.resolve("type"));
        byte[] t = bytes.clone();
        t[typeAt] = 99;
        Files.write(type.resolve("model.gguf"), t);
        assertRefused(ws, type, "tensor type 99");

        Path offset = Files.createDirectories(dir.resolve("offset"));
        byte[] o = bytes.clone();
        o[typeAt + 4 + 5] = 0x10; // offset += 2^44, still aligned
        Files.write(offset.resolve("model.gguf"), o);
        assertRefused(ws, offset, "past the end");

        Path shape = withReference(good, "shape");
        rewrite(good.resolve("model.gguf"), shape.resolve("model.gguf"),
                (k, v) -> k.equals("qwen2.feed_forward_length") ? (Object) 96L : v);
        assertRefused(ws, shape, "disagree with the metadata");

        Path vocab = withReference(good, "vocab");
        rewrite(good.resolve("model.gguf"), vocab.resolve("model.gguf"), (k, v) -> k.equals("tokenizer.ggml.tokens")
                || k.equals("tokenizer.ggml.token_type") ? (Object) ((List<?>) v).subList(0, 1000) : v);
        assertRefused(ws, vocab, "shorter than the embedding");
    }

    private Path withReference(Path good, String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String f : new String[] { "reference.json", "reference.safetensors" }) {
            Files.copy(good.resolve(f), folder.resolve(f));
        }
        return folder;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void quantizedImportIsListedAndGenerates() throws Exception {
        Path ws = dir.resolve("ws");
        Cli.Run add = Cli.run(ws, "model", "add", "--json", "--quantize", "q4_0", "--name", "tiny-q4",
                Fixtures.model("qwen2-tiny").toString());
        assertEquals(0, add.code(), add.toString());
        Cli.Run list = Cli.run(ws, "model", "list", "--json");
        assertEquals(0, list.code(), list.toString());
        JsonArray models = JsonParser.parseString(list.out().strip()).getAsJsonObject().getAsJsonArray("models");
        JsonObject row = models.get(0).getAsJsonObject();
        assertEquals("tiny-q4", row.get("name").getAsString());
        assertEquals("gguf", row.get("format").getAsString());
        assertEquals("q4_0", row.get("quantization").getAsString());
        long onDisk = row.get("size_on_disk").getAsLong();
        Path folder = Path.of(row.get("folder").getAsString());
        assertTrue(onDisk > Files.size(folder.resolve("tiny-q4.gguf")), row.toString());
        JsonObject manifest = JsonParser.parseString(Files.readString(folder.resolve("enclave-model.json")))
                .getAsJsonObject();
        assertTrue(manifest.getAsJsonObject("files").has("tiny-q4.gguf"), manifest.toString());
        assertTrue(manifest.getAsJsonObject("source_files").has("model.safetensors"), manifest.toString());
        assertEquals(Fixtures.model("qwen2-tiny").toString(), manifest.get("source").getAsString());

        Cli.Run gen = Cli.run(ws, "model", "generate", "--json", "--model", "tiny-q4", "--max-new-tokens", "5",
                "授信调查报告");
        assertEquals(0, gen.code(), gen.toString());
        JsonObject g = JsonParser.parseString(gen.out().strip()).getAsJsonObject();
        for (String key : new String[] { "text", "token_ids", "prompt_tokens", "new_tokens", "prefill_tokens_per_s",
                "decode_tokens_per_s" }) {
            assertTrue(g.has(key), key + " in " + g);
        }

        // A downloaded .gguf file is added as it is.
        Path file = dir.resolve("downloaded.gguf");
        GgufConvert.convert(Fixtures.model("qwen3-tiny"), file, GgmlType.Q8_0);
        Cli.Run addFile = Cli.run(ws, "model", "add", "--json", file.toString());
        assertEquals(0, addFile.code(), addFile.toString());
        JsonObject added = JsonParser.parseString(addFile.out().strip()).getAsJsonObject();
        assertEquals("downloaded", added.get("name").getAsString());
        assertEquals("q8_0", added.get("quantization").getAsString());
        assertNotEquals(0, added.get("size_on_disk").getAsLong());
    }

    @Test
    void damagedSafetensorsAndConfigsAreRefusedBeforeAllocating() throws Exception {
        Path ws = dir.resolve("ws");
        List<String[]> cases = new ArrayList<>();
        // A header with invalid UTF-8 and one whose offsets are strings.
        cases.add(new String[] { "utf8", "not valid UTF-8" });
        cases.add(new String[] { "offsets", "malformed header entry" });
        cases.add(new String[] { "nan", "NaN" });
        cases.add(new String[] { "layers", "num_hidden_layers" });
        for (String[] c : cases) {
            Path folder = Fixtures.copy("qwen2-tiny", Files.createDirectories(dir.resolve(c[0])), true);
            Path st = folder.resolve("model.safetensors");
            byte[] b = Files.readAllBytes(st);
            switch (c[0]) {
            case "utf8" -> b[20] = (byte) 0xC3; // a lead byte followed by ASCII
            case "offsets" -> {
                String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                int i = text.lastIndexOf("\"data_offsets\":[");
                int end = text.indexOf(']', i);
                String broken = "\"data_offsets\":[\"\",\"\"";
                String padded = broken + " ".repeat(Math.max(0, end - i - broken.length()));
                text = text.substring(0, i) + padded.substring(0, end - i) + text.substring(end);
                b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            case "nan" -> {
                long header = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                int at = (int) (8 + header + 64);
                b[at] = 0x00;
                b[at + 1] = 0x7E; // half NaN (fixture weights are float16)
            }
            case "layers" -> Files.writeString(folder.resolve("config.json"), Files.readString(folder
                    .resolve("config.json")).replace("\"num_hidden_layers\": 3", "\"num_hidden_layers\": -3"));
            default -> throw new IllegalStateException();
            }
            Files.write(st, b);
            Cli.Run r = check(ws, folder);
            assertEquals(2, r.code(), c[0] + ": " + r);
            assertTrue(r.err().contains(c[1]) && r.err().contains(folder.toString()), c[0] + ": " + r);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        }
    }
}
