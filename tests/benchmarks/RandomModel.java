/*
 * Writes a Hugging Face model folder with random weights and the exact tensor shapes of a
 * real model, so the runtime can be benchmarked without downloading weights.
 *
 *   java tests/benchmarks/RandomModel.java OUT_DIR [qwen2.5-0.5b|qwen2.5-1.5b] [f32|bf16]
 *
 * The tokenizer is copied from tests/fixtures/models/qwen3-tiny (a Qwen tokenizer whose
 * ids fit the Qwen2.5 vocabulary). Weights are seeded, small (±0.02) and finite.
 */
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

public class RandomModel {
    record Shape(int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab, boolean tied) {
    }

    static final Map<String, Shape> SHAPES = Map.of(
            "qwen2.5-0.5b", new Shape(896, 24, 14, 2, 4864, 151936, true),
            "qwen2.5-1.5b", new Shape(1536, 28, 12, 2, 8960, 151936, true));

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java tests/benchmarks/RandomModel.java OUT_DIR [qwen2.5-0.5b|qwen2.5-1.5b] [f32|bf16]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String name = args.length > 1 ? args[1] : "qwen2.5-0.5b";
        boolean bf16 = args.length > 2 && args[2].equals("bf16");
        Shape s = SHAPES.get(name);
        if (s == null) {
            System.err.println("unknown shape " + name + "; known: " + SHAPES.keySet());
            System.exit(2);
        }
        Files.createDirectories(out);
        int hd = s.hidden / s.heads;
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("model.embed_tokens.weight", new long[] { s.vocab, s.hidden });
        for (int i = 0; i < s.layers; i++) {
            String p = "model.layers." + i + ".";
            tensors.put(p + "input_layernorm.weight", new long[] { s.hidden });
            tensors.put(p + "self_attn.q_proj.weight", new long[] { (long) s.heads * hd, s.hidden });
            tensors.put(p + "self_attn.q_proj.bias", new long[] { (long) s.heads * hd });
            tensors.put(p + "self_attn.k_proj.weight", new long[] { (long) s.kvHeads * hd, s.hidden });
            tensors.put(p + "self_attn.k_proj.bias", new long[] { (long) s.kvHeads * hd });
            tensors.put(p + "self_attn.v_proj.weight", new long[] { (long) s.kvHeads * hd, s.hidden });
            tensors.put(p + "self_attn.v_proj.bias", new long[] { (long) s.kvHeads * hd });
            tensors.put(p + "self_attn.o_proj.weight", new long[] { s.hidden, (long) s.heads * hd });
            tensors.put(p + "post_attention_layernorm.weight", new long[] { s.hidden });
            tensors.put(p + "mlp.gate_proj.weight", new long[] { s.intermediate, s.hidden });
            tensors.put(p + "mlp.up_proj.weight", new long[] { s.intermediate, s.hidden });
            tensors.put(p + "mlp.down_proj.weight", new long[] { s.hidden, s.intermediate });
        }
        tensors.put("model.norm.weight", new long[] { s.hidden });
        if (!s.tied) {
            tensors.put("lm_head.weight", new long[] { s.vocab, s.hidden });
        }
        int width = bf16 ? 2 : 4;
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String n : names) {
            long count = 1;
            for (long d : tensors.get(n)) {
                count *= d;
            }
            long bytes = count * width;
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(n).append("\":{\"dtype\":\"").append(bf16 ? "BF16" : "F32")
                    .append("\",\"shape\":").append(java.util.Arrays.toString(tensors.get(n)).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(20261123L);
        try (OutputStream os = Files.newOutputStream(out.resolve("model.safetensors"))) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            os.write(len.array());
            os.write(h);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (String n : names) {
                long count = 1;
                for (long d : tensors.get(n)) {
                    count *= d;
                }
                boolean norm = n.endsWith("layernorm.weight") || n.endsWith("norm.weight");
                for (long i = 0; i < count; i++) {
                    float v = norm ? 1f : (float) ((random.nextDouble() * 2 - 1) * 0.02);
                    if (bf16) {
                        buf.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
                    } else {
                        buf.putFloat(v);
                    }
                    if (!buf.hasRemaining()) {
                        os.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                }
            }
            os.write(buf.array(), 0, buf.position());
        }
        String config = """
                {
                  "architectures": ["Qwen2ForCausalLM"],
                  "model_type": "qwen2",
                  "hidden_act": "silu",
                  "max_window_layers": %d,
                  "hidden_size": %d,
                  "num_hidden_layers": %d,
                  "num_attention_heads": %d,
                  "num_key_value_heads": %d,
                  "intermediate_size": %d,
                  "vocab_size": %d,
                  "max_position_embeddings": 32768,
                  "rms_norm_eps": 1e-06,
                  "rope_theta": 1000000.0,
                  "rope_scaling": null,
                  "tie_word_embeddings": %s,
                  "use_sliding_window": false,
                  "sliding_window": 32768,
                  "bos_token_id": 151643,
                  "eos_token_id": 151645,
                  "torch_dtype": "%s"
                }
                """.formatted(s.layers, s.hidden, s.layers, s.heads, s.kvHeads, s.intermediate, s.vocab, s.tied,
                bf16 ? "bfloat16" : "float32");
        Files.writeString(out.resolve("config.json"), config);
        Path fixtures = Path.of(System.getProperty("enclave.fixtures", "tests/fixtures"), "models", "qwen3-tiny");
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(fixtures.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("wrote " + out + " (" + name + ", " + (bf16 ? "bf16" : "f32") + ", "
                + (offset >> 20) + " MiB of weights)");
    }
}
