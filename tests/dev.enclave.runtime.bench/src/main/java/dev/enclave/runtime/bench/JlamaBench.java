package dev.enclave.runtime.bench;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.google.gson.GsonBuilder;

/**
 * Jlama (a pure-Java engine) on the same model folder as {@code enclave model bench}: float32
 * weights and working memory, greedy decoding of a fixed number of tokens. Prints JSON.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp … dev.enclave.runtime.bench.JlamaBench MODEL_DIR [TOKENS]</pre>
 */
public final class JlamaBench {
    private JlamaBench() {
    }

    public static void main(String[] args) {
        File folder = new File(args[0]);
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        AbstractModel model = ModelSupport.loadModel(folder, DType.F32, DType.F32);
        String prompt = "授信调查报告：借款人为华东精密机械有限公司，申请流动资金贷款3000万元，由母公司提供连带责任保证。".repeat(2);
        // Jlama's token limit counts the prompt too.
        int promptLength = model.encodePrompt(PromptContext.of(prompt)).length;
        // Warm up, then measure.
        model.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f, promptLength + 4, (s, f) -> {
        });
        Generator.Response r = model.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f,
                promptLength + tokens + 1, (s, f) -> {
                });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "jlama-core 0.8.4");
        out.put("model", folder.getName());
        out.put("prompt_tokens", r.promptTokens);
        out.put("new_tokens", r.generatedTokens);
        out.put("prefill_tokens_per_s", r.promptTokens / Math.max(1e-9, r.promptTimeMs / 1000.0));
        out.put("decode_tokens_per_s", r.generatedTokens / Math.max(1e-9, r.generateTimeMs / 1000.0));
        System.out.println(new GsonBuilder().create().toJson(out));
        model.close();
    }
}
