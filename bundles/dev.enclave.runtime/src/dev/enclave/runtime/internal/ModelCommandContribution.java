package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.FileIO;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Embeddings;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCalls;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.ModelVersion;
import dev.enclave.runtime.ModelVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave model …} to the command line. */
@Component(service = CommandContribution.class)
public final class ModelCommandContribution implements CommandContribution {
    @Reference
    private ModelRegistry registry;
    @Reference
    private ModelCalls calls;
    @Reference
    private ModelVersions versions;

    @Override
    public Object createCommand(CliContext context) {
        return new ModelCommand(context, registry, calls, versions);
    }

    /** {@code enclave model}. */
    @Command(name = "model", mixinStandardHelpOptions = true,
            description = { "Local models: list, add, check, generate, embed.", "本地模型：列出、添加、校验、生成、向量化。" })
    static final class ModelCommand {
        private final CliContext ctx;
        private final ModelRegistry registry;
        private final ModelCalls calls;
        private final ModelVersions versions;

        ModelCommand(CliContext ctx, ModelRegistry registry, ModelCalls calls, ModelVersions versions) {
            this.ctx = ctx;
            this.registry = registry;
            this.calls = calls;
            this.versions = versions;
        }

        private void print(Object json) {
            ctx.out().println(FileIO.COMPACT.toJson(json));
        }

        @Command(name = "list", description = { "Models in the workspace's models folder.", "列出模型目录中的模型。" })
        void list() {
            List<ModelInfo> models = registry.list(ctx.workspace());
            if (ctx.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ModelInfo m : models) {
                    rows.add(row(m));
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("folder", registry.modelsFolder(ctx.workspace()).toString());
                r.put("chat_model", ctx.workspace().settings().get(ModelRegistry.CHAT_MODEL_SETTING).orElse(null));
                r.put("embedding_model", ctx.workspace().settings().get(ModelRegistry.EMBEDDING_MODEL_SETTING,
                        ModelRegistry.BUILT_IN_EMBEDDER));
                r.put("models", rows);
                print(r);
                return;
            }
            ctx.out().println("Models folder / 模型目录: " + registry.modelsFolder(ctx.workspace()));
            ctx.out().println("Chat model / 对话模型: " + ctx.workspace().settings()
                    .get(ModelRegistry.CHAT_MODEL_SETTING, "(none / 未设置)"));
            ctx.out().println("Embedding model / 向量模型: " + ctx.workspace().settings()
                    .get(ModelRegistry.EMBEDDING_MODEL_SETTING, ModelRegistry.BUILT_IN_EMBEDDER + " (built in / 内置)"));
            for (ModelInfo m : models) {
                Map<String, Object> r = row(m);
                if (r.containsKey("url")) {
                    ctx.out().printf("  %-28s %-20s %-8s %s at %s%n", m.name(), "remote " + r.get("remote_kind"),
                            m.kind(), r.get("remote_model"), r.get("url"));
                    continue;
                }
                ctx.out().printf("  %-28s %-20s %-8s %,14d params  %-8s %-11s %,15d bytes%n", m.name(), m.architecture(),
                        m.kind(), m.parameters(), m.dtype(), r.get("format"), (long) r.get("size_on_disk"));
            }
        }

        private Map<String, Object> row(ModelInfo m) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", m.name());
            r.put("folder", m.folder().toString());
            r.put("architecture", m.architecture());
            r.put("kind", m.kind());
            r.put("params", m.parameters());
            r.put("dtype", m.dtype());
            r.put("weight_bytes", m.weightBytes());
            boolean gguf = m.files().stream().anyMatch(f -> f.path().endsWith(".gguf"));
            boolean remote = ModelInfo.REMOTE.equals(m.architecture());
            r.put("format", remote ? "remote" : gguf ? "gguf" : "safetensors");
            r.put("quantization", gguf ? m.dtype() : null);
            r.put("size_on_disk", m.files().stream().mapToLong(dev.enclave.runtime.ModelFile::size).sum());
            if (remote) {
                registry.remote(m.folder()).ifPresent(rm -> {
                    r.put("url", rm.url());
                    r.put("remote_model", rm.remoteId());
                    r.put("remote_kind", rm.kind());
                    r.put("token_file", rm.tokenFile() == null ? null : rm.tokenFile().toString());
                });
            }
            return r;
        }

        @Command(name = "add", description = { "Copy a Hugging Face model folder into the models folder, with hashes.",
                "将 Hugging Face 模型目录复制到模型目录并记录哈希。" })
        void add(@Parameters(paramLabel = "FOLDER|FILE.gguf") Path folder,
                @Option(names = "--name", paramLabel = "NAME") String name,
                @Option(names = "--quantize", paramLabel = "q8_0|q4_0|q4_k", description = {
                        "Write a quantized GGUF copy of a Hugging Face decoder folder.",
                        "将 Hugging Face 解码器模型量化为 GGUF 副本后添加。" }) String quantize) {
            ModelInfo m = registry.add(ctx.workspace(), ctx.subject(), folder, name, quantize, ctx.progress());
            if (ctx.json()) {
                print(row(m));
            } else {
                ctx.out().println("Added " + m.name() + " (" + m.architecture() + ") to " + m.folder());
            }
        }

        @Command(name = "add-remote", description = {
                "Register a model of an OpenAI-compatible server (vLLM, llama.cpp, another Enclave's serve).",
                "登记 OpenAI 兼容服务器（vLLM、llama.cpp、另一个 Enclave 的 serve）上的模型。" })
        void addRemote(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--url", required = true, paramLabel = "URL", description = {
                        "The API's base URL, e.g. http://host:8080/v1.", "接口根地址，例如 http://host:8080/v1。" })
                String url,
                @Option(names = "--model", required = true, paramLabel = "REMOTE_ID", description = {
                        "The model's id on the server (its /v1/models).", "服务器上的模型 ID（见其 /v1/models）。" })
                String remoteId,
                @Option(names = "--token-file", paramLabel = "FILE", description = {
                        "A file holding the bearer token, readable by you only (chmod 600).",
                        "存放访问令牌的文件，仅本人可读（chmod 600）。" }) Path tokenFile,
                @Option(names = "--kind", defaultValue = "chat", paramLabel = "chat|embedding", description = {
                        "chat (default) or embedding.", "chat（默认）或 embedding。" }) String kind) {
            ModelInfo m = registry.addRemote(ctx.workspace(), ctx.subject(), name, url, remoteId, tokenFile, kind);
            if (ctx.json()) {
                print(row(m));
            } else {
                ctx.out().println("Added remote " + kind + " model " + m.name() + " (" + remoteId + " at "
                        + registry.remote(m.folder()).map(r -> r.url()).orElse(url) + ")");
            }
        }

        @Command(name = "use", description = { "Choose the workspace's chat and embedding models (admin, ai-engineer).",
                "设置工作区的对话模型与向量模型。" })
        void use(@Option(names = "--chat", paramLabel = "NAME") String chat,
                @Option(names = "--embeddings", paramLabel = "NAME") String embeddings) {
            if (chat == null && embeddings == null) {
                throw EnclaveException.badInput("Give --chat NAME and/or --embeddings NAME.");
            }
            calls.use(ctx.workspace(), ctx.subject(), chat, embeddings);
            if (!ctx.json()) {
                ctx.out().println("Chat: " + ctx.workspace().settings().get(ModelRegistry.CHAT_MODEL_SETTING, "-")
                        + ", embeddings: " + ctx.workspace().settings().get(ModelRegistry.EMBEDDING_MODEL_SETTING,
                                ModelRegistry.BUILT_IN_EMBEDDER));
            } else {
                print(Map.of("chat_model", ctx.workspace().settings().get(ModelRegistry.CHAT_MODEL_SETTING, ""),
                        "embedding_model", ctx.workspace().settings().get(ModelRegistry.EMBEDDING_MODEL_SETTING,
                                ModelRegistry.BUILT_IN_EMBEDDER)));
            }
        }

        @Command(name = "check", description = { "Compare a model folder with its reference outputs (reference.json).",
                "与参考输出比对模型目录。" })
        int check(@Parameters(paramLabel = "DIR") Path dir,
                @Option(names = "--base", paramLabel = "BASE_DIR",
                        description = "For a LoRA adapter folder: the base model (default: from adapter_config.json).")
                Path base) {
            ModelCheck c = registry.check(dir.toAbsolutePath().normalize(),
                    base == null ? null : base.toAbsolutePath().normalize(), ctx.progress());
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", c.model());
                r.put("architecture", c.architecture());
                r.put("cases", c.cases());
                r.put(c.encoder() ? "max_abs_embedding_diff" : "max_abs_logit_diff", c.maxAbsDiff());
                r.put("greedy_tokens_compared", c.greedyCompared());
                r.put("greedy_tokens_matched", c.greedyMatched());
                r.put("tokenizer_cases_matched", c.tokenizerMatched());
                r.put("ok", c.ok());
                print(r);
            } else {
                ctx.out().printf("%s (%s): %d cases, max |diff| %.3g, greedy %d/%d, tokenizer %d/%d: %s%n", c.model(),
                        c.architecture(), c.cases(), c.maxAbsDiff(), c.greedyMatched(), c.greedyCompared(),
                        c.tokenizerMatched(), c.cases(), c.ok() ? "OK" : "FAILED");
            }
            return c.ok() ? 0 : 1;
        }

        @Command(name = "merge", description = {
                "Merge a LoRA adapter into its base model and write a new model folder with its lineage.",
                "将 LoRA 适配器合并进基础模型，写出带有来源记录的新模型目录。" })
        void merge(@Parameters(paramLabel = "ADAPTER_DIR") Path adapter,
                @Option(names = "--base", paramLabel = "BASE_DIR",
                        description = "The base model (default: from adapter_config.json).") String base,
                @Option(names = "--out", required = true, paramLabel = "DIR") Path out) {
            ModelVersion merged = versions.merge(ctx.workspace(), ctx.subject(), adapter, base, out, ctx.progress());
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", out.toString());
                r.putAll(merged.lineage());
                print(r);
            } else {
                ctx.out().println("Merged " + adapter + " into " + merged.base().getFileName() + " → " + out
                        + " (model version " + merged.version() + ")");
            }
        }

        @Command(name = "generate", description = { "Generate text after a prompt, streaming.", "根据提示生成文本（流式）。" })
        void generate(@Option(names = "--model", required = true, paramLabel = "DIR|NAME") String model,
                @Option(names = "--max-new-tokens", defaultValue = "128") int maxNewTokens,
                @Option(names = "--temperature", defaultValue = "0") float temperature,
                @Option(names = "--top-k", defaultValue = "0") int topK,
                @Option(names = "--top-p", defaultValue = "1") float topP,
                @Option(names = "--repetition-penalty", defaultValue = "1") float repetitionPenalty,
                @Option(names = "--seed", defaultValue = "0") long seed,
                @Option(names = "--stop", paramLabel = "TEXT") List<String> stops,
                @Option(names = "--chat", description = "Send TEXT as a user message through the model's chat template.")
                boolean chat,
                @Option(names = "--system", paramLabel = "TEXT", description = "With --chat: a system message first.")
                String system,
                @Option(names = "--adapter", paramLabel = "ADAPTER_DIR",
                        description = "Serve the model with this PEFT LoRA adapter. / 加载该 LoRA 适配器。") Path adapter,
                @Parameters(paramLabel = "TEXT") String text) {
            if (maxNewTokens < 1 || temperature < 0 || topP <= 0 || topP > 1 || topK < 0 || repetitionPenalty <= 0) {
                throw EnclaveException.badInput("Check the sampling options: --max-new-tokens ≥ 1, --temperature ≥ 0, "
                        + "0 < --top-p ≤ 1, --top-k ≥ 0, --repetition-penalty > 0.");
            }
            Path folder = registry.resolve(ctx.workspace(), model);
            Progress progress = ctx.progress();
            try (LanguageModel lm = registry.openLanguageModel(ctx.workspace(), folder, adapter, Progress.silent())) {
                GenerationSettings settings = new GenerationSettings(maxNewTokens, temperature, topK, topP,
                        repetitionPenalty, seed, stops == null ? List.of() : stops);
                Generation g = calls.generate(ctx.workspace(), ctx.subject(), lm, text, system, chat, settings,
                        ctx.json() ? null : (piece, id) -> {
                            ctx.out().print(piece);
                            ctx.out().flush();
                        }, progress);
                if (ctx.json()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("text", g.text());
                    r.put("token_ids", g.tokenIds());
                    r.put("prompt_tokens", g.promptTokens());
                    r.put("new_tokens", g.tokenIds().size());
                    r.put("prefill_tokens_per_s", g.prefillTokensPerSecond());
                    r.put("decode_tokens_per_s", g.decodeTokensPerSecond());
                    r.put("stop_reason", g.stopReason());
                    print(r);
                } else {
                    ctx.out().println();
                }
            }
        }

        @Command(name = "chat", description = { "Chat with a model on the terminal (one message per line; "
                + "an empty line or end of input quits).", "在终端与模型对话（每行一条消息；空行或输入结束时退出）。" })
        void chat(@Option(names = "--model", paramLabel = "DIR|NAME",
                description = "Default: the workspace's chat model.") String model,
                @Option(names = "--system", paramLabel = "TEXT") String system,
                @Option(names = "--max-new-tokens", defaultValue = "512") int maxNewTokens,
                @Option(names = "--temperature", defaultValue = "0.7") float temperature,
                @Option(names = "--top-p", defaultValue = "0.9") float topP,
                @Option(names = "--seed", defaultValue = "0") long seed,
                @Option(names = "--adapter", paramLabel = "ADAPTER_DIR",
                        description = "Serve the model with this PEFT LoRA adapter (needs --model). / 加载该 LoRA 适配器。")
                Path adapter) throws java.io.IOException {
            if (adapter != null && model == null) {
                throw EnclaveException.badInput("--adapter needs --model: name the base model the adapter belongs to.");
            }
            try (LanguageModel lm = model == null ? registry.openChatModel(ctx.workspace(), Progress.silent())
                    : registry.openLanguageModel(ctx.workspace(), registry.resolve(ctx.workspace(), model), adapter,
                            Progress.silent())) {
                if (!lm.hasChatTemplate()) {
                    throw EnclaveException.badInput(lm.info().name()
                            + " has no chat template; use 'enclave model generate' for plain completion.");
                }
                List<ChatMessage> history = new ArrayList<>();
                if (system != null) {
                    history.add(ChatMessage.system(ctx.filterPrompt(system)));
                }
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
                long turn = 0;
                while (true) {
                    ctx.out().print("> ");
                    ctx.out().flush();
                    String line = in.readLine();
                    if (line == null || line.isBlank()) {
                        break;
                    }
                    GenerationSettings settings = new GenerationSettings(maxNewTokens, temperature, 0, topP, 1f,
                            seed + turn++, List.of());
                    calls.chat(ctx.workspace(), ctx.subject(), lm, history, line, settings, (piece, id) -> {
                        ctx.out().print(piece);
                        ctx.out().flush();
                    }, ctx.progress());
                    ctx.out().println();
                }
            }
        }

        @Command(name = "bench", description = { "Decode speed against this machine's memory-bandwidth bound.",
                "解码速度与本机内存带宽上限之比。" })
        void bench(@Option(names = "--model", required = true, paramLabel = "DIR|NAME") String model,
                @Option(names = "--prompt-tokens", defaultValue = "64") int promptTokens,
                @Option(names = "--decode-tokens", defaultValue = "32") int decodeTokens) {
            if (promptTokens < 1 || decodeTokens < 3) {
                throw EnclaveException.badInput("--prompt-tokens ≥ 1 and --decode-tokens ≥ 3.");
            }
            Path folder = registry.resolve(ctx.workspace(), model);
            ModelInfo info = registry.inspect(folder);
            if (!info.kind().equals(ModelInfo.DECODER) || ModelInfo.REMOTE.equals(info.architecture())) {
                throw EnclaveException.badInput(model + " is a " + info.architecture() + "; bench runs local decoders.");
            }
            Map<String, Object> r = Benchmark.run(folder, promptTokens, decodeTokens);
            if (ctx.json()) {
                print(r);
                return;
            }
            ctx.out().printf("%s: %,d params, %,d weight bytes%n", r.get("model"), r.get("params"), r.get("weight_bytes"));
            ctx.out().printf("memory bandwidth %.1f GB/s (median of %d samples between the tokens; peak %.1f) -> "
                    + "decode bound %.2f tok/s%n", r.get("memory_bandwidth_gb_s"), r.get("bandwidth_samples"),
                    r.get("memory_bandwidth_peak_gb_s"), r.get("decode_bound_tokens_per_s"));
            ctx.out().printf("decode %.2f tok/s = %.0f%% of the bound (%.0f%% of the peak's); prefill %.1f tok/s%n",
                    r.get("decode_tokens_per_s"), 100 * (double) r.get("fraction_of_bound"),
                    100 * (double) r.get("fraction_of_peak_bound"), r.get("prefill_tokens_per_s"));
            ctx.out().printf("resident memory %.2f x the fp32 weights%n", r.get("resident_over_fp32_weights"));
        }

        @Command(name = "embed", description = { "Embed texts (L2-normalised vectors).", "计算文本向量（L2 归一化）。" })
        void embed(@Option(names = "--model", paramLabel = "DIR|NAME",
                description = "Default: the workspace's embedding model (built in: bge-small-zh-v1.5).") String model,
                @Option(names = "--pooling", paramLabel = "cls|mean") String pooling,
                @Parameters(paramLabel = "TEXT", arity = "1..*") List<String> texts) {
            Embeddings e = calls.embed(ctx.workspace(), ctx.subject(), model, pooling, texts, Progress.silent());
            float[][] vectors = e.vectors();
            if (ctx.json()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", e.model());
                r.put("dim", e.dimension());
                r.put("vectors", vectors);
                print(r);
            } else {
                for (int i = 0; i < texts.size(); i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < Math.min(8, vectors[i].length); j++) {
                        sb.append(String.format("%.4f ", vectors[i][j]));
                    }
                    ctx.out().println(texts.get(i) + "\t[" + sb.toString().trim() + " …] (" + e.dimension()
                            + " dims)");
                }
                if (texts.size() > 1) {
                    ctx.out().println("cosine(1st, others): " + cosines(vectors));
                }
            }
        }

        private static String cosines(float[][] v) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i < v.length; i++) {
                double dot = 0;
                for (int j = 0; j < v[0].length; j++) {
                    dot += v[0][j] * v[i][j];
                }
                out.add(String.format("%.4f", dot));
            }
            return String.join(", ", out);
        }
    }
}
