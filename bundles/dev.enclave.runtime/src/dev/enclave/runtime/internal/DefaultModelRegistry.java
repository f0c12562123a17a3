package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Roles;
import dev.enclave.core.Settings;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelCheck;
import dev.enclave.runtime.ModelFile;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.RemoteModel;

/** The models folder of a workspace, and loading on DJL's PyTorch engine. */
@Component(service = ModelRegistry.class)
public final class DefaultModelRegistry implements ModelRegistry {
    /** Written into each added model folder: file sizes and SHA-256s. */
    public static final String MANIFEST = "enclave-model.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** The manifest's {@code format} of a remote model. */
    static final String REMOTE_FORMAT = "remote";
    private final List<PromptFilter> filters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ResidentModels resident = new ResidentModels();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFilter(PromptFilter filter) {
        filters.add(filter);
    }

    void removeFilter(PromptFilter filter) {
        filters.remove(filter);
    }

    @Override
    public Path modelsFolder(Workspace workspace) {
        Path folder = workspace.settings().get(Settings.MODELS_FOLDER).map(Path::of)
                .orElse(workspace.root().resolve("models"));
        try {
            FileIO.createPrivateDirectories(folder);
        } catch (IOException e) {
            throw EnclaveException.badInput("The models folder " + folder + " cannot be created: " + e.getMessage());
        }
        return folder;
    }

    @Override
    public List<ModelInfo> list(Workspace workspace) {
        List<ModelInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(modelsFolder(workspace))) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                if (Files.isRegularFile(p.resolve("config.json")) || GgufModel.isGguf(p) || remote(p).isPresent()) {
                    out.add(inspect(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(ModelInfo::name));
        return out;
    }

    @Override
    public Path resolve(Workspace workspace, String nameOrFolder) {
        Path direct = Path.of(nameOrFolder);
        if (Files.isDirectory(direct) || (Files.isRegularFile(direct) && GgufModel.isGguf(direct))) {
            return direct.toAbsolutePath().normalize();
        }
        if (workspace != null && NAME.matcher(nameOrFolder).matches()) {
            Path named = modelsFolder(workspace).resolve(nameOrFolder);
            if (Files.isDirectory(named)) {
                return named;
            }
        }
        throw EnclaveException.badInput("No model '" + nameOrFolder + "': neither a folder nor a model in "
                + (workspace == null ? "the models folder" : modelsFolder(workspace))
                + " (see 'enclave model list', or add one with 'enclave model add FOLDER').");
    }

    @Override
    public ModelInfo inspect(Path folder) {
        java.util.Optional<RemoteModel> remote = remote(folder);
        if (remote.isPresent()) {
            RemoteModel r = remote.get();
            return new ModelInfo(r.name(), folder, ModelInfo.REMOTE,
                    r.kind().equals(RemoteModel.CHAT) ? ModelInfo.DECODER : ModelInfo.ENCODER, 0, r.remoteId(), 0,
                    List.of());
        }
        if (GgufModel.isGguf(folder)) {
            return inspectGguf(folder);
        }
        HfConfig c = HfConfig.read(folder);
        String kind = DecoderModel.supports(c.architecture) ? ModelInfo.DECODER
                : CrossEncoder.supports(c.architecture) ? ModelInfo.RERANKER
                : BertEncoder.supports(c.architecture) ? ModelInfo.ENCODER : "unknown";
        Map<String, String> hashes = manifestHashes(folder);
        List<ModelFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = folder.relativize(p).toString();
                if (rel.equals(MANIFEST)) {
                    continue;
                }
                files.add(new ModelFile(rel, Files.size(p), hashes.getOrDefault(rel, "")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long params;
        long bytes;
        try (Weights w = Weights.open(folder)) {
            params = w.parameters();
            bytes = w.storedBytes();
        }
        return new ModelInfo(folder.getFileName().toString(), folder, c.architecture, kind, params, c.dtype, bytes,
                files);
    }

    /**
     * A GGUF model: a {@code .gguf} file (with its shards), or a folder holding one and perhaps
     * tokenizer files. Its dtype is the quantization (q4_0, q8_0, f16 …).
     */
    private ModelInfo inspectGguf(Path path) {
        boolean file = Files.isRegularFile(path);
        Path folder = file ? path.toAbsolutePath().getParent() : path;
        try (GgufModel g = GgufModel.open(path)) {
            HfConfig c = g.hfConfig();
            Map<String, String> hashes = manifestHashes(folder);
            List<ModelFile> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(folder, file ? 1 : Integer.MAX_VALUE)) {
                String first = g.file().getFileName().toString();
                String stem = first.replaceAll("-00001-of-\\d{5}\\.gguf$", "");
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = folder.relativize(p).toString();
                    if (rel.equals(MANIFEST) || (file && !(rel.equals(first) || rel.startsWith(stem + "-")))) {
                        continue;
                    }
                    files.add(new ModelFile(rel, Files.size(p), hashes.getOrDefault(rel, "")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String name = file ? path.getFileName().toString().replaceAll("\\.gguf$", "") : folder.getFileName().toString();
            String kind = DecoderModel.supports(c.architecture) ? ModelInfo.DECODER : "unknown";
            return new ModelInfo(name, path, c.architecture, kind, g.parameters(), g.quantization(), g.storedBytes(),
                    files);
        }
    }

    private static Map<String, String> manifestHashes(Path folder) {
        Map<String, String> out = new LinkedHashMap<>();
        Path manifest = folder.resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            try {
                JsonObject files = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
                        .getAsJsonObject().getAsJsonObject("files");
                files.entrySet().forEach(e -> out.put(e.getKey(),
                        e.getValue().getAsJsonObject().get("sha256").getAsString()));
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(manifest + " is damaged: " + e.getMessage());
            }
        }
        return out;
    }

    @Override
    public ModelInfo add(Workspace workspace, Subject subject, Path source, String name, Progress progress) {
        if (!subject.isAdmin() && !subject.hasRole(Roles.AI_ENGINEER)) {
            workspace.auditLog().append(subject.name(), "models.add", String.valueOf(name), AuditEntry.DENIED, "");
            throw new AccessDeniedException("User '" + subject.name()
                    + "' may not add models: that needs the role 'admin' or 'ai-engineer'.");
        }
        ModelInfo checked = inspect(source);
        requireKnown(checked);
        if (!GgufModel.isGguf(source)) {
            try (Weights w = Weights.open(source)) {
                String bad = w.nonFinite();
                if (bad != null) {
                    throw EnclaveException.badInput(source + ": " + bad + " (damaged weights; not added).");
                }
            }
        }
        Path sourceFolder = Files.isRegularFile(source) ? source.toAbsolutePath().getParent() : source;
        String target = name == null || name.isBlank() ? Files.isRegularFile(source) ? checked.name()
                : source.toAbsolutePath().normalize().getFileName().toString()
                : name;
        if (!NAME.matcher(target).matches()) {
            throw EnclaveException.badInput("Invalid model name '" + target + "': use letters, digits, '.', '_', '-'.");
        }
        Path dest = modelsFolder(workspace).resolve(target);
        if (Files.exists(dest)) {
            throw EnclaveException.badInput("A model named '" + target + "' already exists in " + dest.getParent()
                    + ". Choose another name.");
        }
        Path staging = dest.resolveSibling("." + target + ".adding");
        try {
            Files.createDirectories(staging);
            List<ModelFile> files = checked.files();
            long total = files.stream().mapToLong(ModelFile::size).sum();
            progress.begin("Adding model " + target, (int) Math.max(1, total >> 20));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("name", target);
            manifest.put("architecture", checked.architecture());
            manifest.put("source", source.toAbsolutePath().normalize().toString());
            Map<String, Object> hashes = new LinkedHashMap<>();
            for (ModelFile f : files) {
                progress.checkCanceled();
                progress.subTask(f.path());
                Path in = sourceFolder.resolve(f.path());
                Path out = staging.resolve(f.path());
                Files.createDirectories(out.getParent());
                MessageDigest digest = Hashes.sha256();
                try (InputStream is = new java.security.DigestInputStream(Files.newInputStream(in), digest)) {
                    Files.copy(is, out, StandardCopyOption.REPLACE_EXISTING);
                }
                hashes.put(f.path(), Map.of("size", f.size(), "sha256", HexFormat.of().formatHex(digest.digest())));
                progress.worked((int) (f.size() >> 20));
            }
            manifest.put("files", hashes);
            Files.writeString(staging.resolve(MANIFEST), FileIO.GSON.toJson(manifest) + "\n", StandardCharsets.UTF_8);
            Files.move(staging, dest);
            workspace.auditLog().append(subject.name(), "models.add", target, AuditEntry.SUCCESS,
                    checked.architecture() + " from " + source);
            return inspect(dest);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot copy the model into " + dest + ": " + e.getMessage(), e);
        } finally {
            progress.done();
            deleteQuietly(staging);
        }
    }

    @Override
    public ModelInfo add(Workspace workspace, Subject subject, Path source, String name, String quantize,
            Progress progress) {
        if (quantize == null) {
            return add(workspace, subject, source, name, progress);
        }
        if (!subject.isAdmin() && !subject.hasRole(Roles.AI_ENGINEER)) {
            workspace.auditLog().append(subject.name(), "models.add", String.valueOf(name), AuditEntry.DENIED, "");
            throw new AccessDeniedException("User '" + subject.name()
                    + "' may not add models: that needs the role 'admin' or 'ai-engineer'.");
        }
        GgmlType type = GgufConvert.type(quantize);
        if (GgufModel.isGguf(source)) {
            throw EnclaveException.badInput(source + " is a GGUF model already; add it without --quantize.");
        }
        ModelInfo checked = inspect(source);
        requireKnown(checked);
        if (!checked.kind().equals(ModelInfo.DECODER)) {
            throw EnclaveException.badInput(source + " holds a " + checked.architecture()
                    + "; --quantize applies to decoder models (Llama, Mistral, Qwen2, Qwen3).");
        }
        try (Weights w = Weights.open(source)) {
            String bad = w.nonFinite();
            if (bad != null) {
                throw EnclaveException.badInput(source + ": " + bad + " (damaged weights; not added).");
            }
        }
        String q = quantize.toLowerCase(java.util.Locale.ROOT);
        String target = name == null || name.isBlank()
                ? source.toAbsolutePath().normalize().getFileName().toString() + "-" + q : name;
        if (!NAME.matcher(target).matches()) {
            throw EnclaveException.badInput("Invalid model name '" + target + "': use letters, digits, '.', '_', '-'.");
        }
        Path dest = modelsFolder(workspace).resolve(target);
        if (Files.exists(dest)) {
            throw EnclaveException.badInput("A model named '" + target + "' already exists in " + dest.getParent()
                    + ". Choose another name.");
        }
        Path staging = dest.resolveSibling("." + target + ".adding");
        try {
            Files.createDirectories(staging);
            progress.begin("Quantizing " + target + " (" + q + ")", 3);
            Map<String, Object> sourceFiles = new LinkedHashMap<>();
            for (ModelFile f : checked.files()) {
                progress.checkCanceled();
                Path in = source.resolve(f.path());
                sourceFiles.put(f.path(), Map.of("size", f.size(), "sha256", LoraTrainer.sha256(in)));
            }
            progress.worked(1);
            GgufConvert.convert(source, staging.resolve(target + ".gguf"), type);
            progress.worked(1);
            for (String extra : new String[] { "tokenizer.json", "tokenizer_config.json", "generation_config.json",
                    "chat_template.jinja" }) {
                if (Files.isRegularFile(source.resolve(extra))) {
                    Files.copy(source.resolve(extra), staging.resolve(extra));
                }
            }
            Map<String, Object> hashes = new LinkedHashMap<>();
            try (Stream<Path> s = Files.list(staging)) {
                for (Path p : s.sorted().toList()) {
                    hashes.put(p.getFileName().toString(), Map.of("size", Files.size(p), "sha256", LoraTrainer.sha256(p)));
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("name", target);
            manifest.put("architecture", checked.architecture());
            manifest.put("format", "gguf");
            manifest.put("quantization", q);
            manifest.put("source", source.toAbsolutePath().normalize().toString());
            manifest.put("source_files", sourceFiles);
            manifest.put("files", hashes);
            Files.writeString(staging.resolve(MANIFEST), FileIO.GSON.toJson(manifest) + "\n", StandardCharsets.UTF_8);
            Files.move(staging, dest);
            progress.worked(1);
            workspace.auditLog().append(subject.name(), "models.add", target, AuditEntry.SUCCESS,
                    checked.architecture() + " quantized " + q + " from " + source);
            return inspect(dest);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the quantized model into " + dest + ": " + e.getMessage(), e);
        } finally {
            progress.done();
            deleteQuietly(staging);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static void requireKnown(ModelInfo info) {
        if (info.kind().equals("unknown")) {
            throw EnclaveException.badInput(info.folder().resolve("config.json") + ": unknown architecture '"
                    + info.architecture() + "'. Supported: LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, "
                    + "Qwen3ForCausalLM (chat); BertModel and its relatives (embeddings).");
        }
    }

    /** Builds a loaded model from its weights manager and tokenizer. */
    @FunctionalInterface
    private interface Builder<T> {
        T build(ModelInfo info, NDManager manager, HfTokenizer tokenizer);
    }

    /** Loads a folder of the given kind: tokenizer, then weights; frees both when loading fails. */
    private <T> T load(Path folder, String kind, String purpose, Progress progress, Builder<T> builder) {
        if (remote(folder).isPresent()) {
            throw EnclaveException.badInput(folder.getFileName() + " is a remote model: open it through the "
                    + "workspace (enclave model generate/chat --model NAME, or model use).");
        }
        ModelInfo info = inspect(folder);
        requireKnown(info);
        if (!info.kind().equals(kind)) {
            throw EnclaveException.badInput(folder + " holds a " + info.architecture() + ", not " + purpose + ".");
        }
        progress.begin("Loading " + info.name(), 2);
        HfTokenizer tokenizer = HfTokenizer.load(folder);
        progress.worked(1);
        NDManager manager = Djl.newManager();
        try {
            T model = builder.build(info, manager, tokenizer);
            progress.worked(1);
            return model;
        } catch (RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        } finally {
            progress.done();
        }
    }

    @Override
    public LanguageModel openLanguageModel(Path folder, Progress progress) {
        return load(folder, ModelInfo.DECODER, "a decoder model that can generate text", progress,
                (info, manager, tokenizer) -> new DjlLanguageModel(info, DecoderModel.load(folder, manager), tokenizer));
    }

    @Override
    public LanguageModel openLanguageModel(Path folder, Path adapter, Progress progress) {
        if (adapter == null) {
            return openLanguageModel(folder, progress);
        }
        return load(folder, ModelInfo.DECODER, "a decoder model that can generate text", progress,
                (info, manager, tokenizer) -> {
                    try (LoraAdapter a = LoraAdapter.open(adapter)) {
                        List<ModelFile> files = new java.util.ArrayList<>(info.files());
                        Path adapterWeights = adapter.resolve("adapter_model.safetensors");
                        try {
                            files.add(new ModelFile(ModelInfo.ADAPTER_FILE, Files.size(adapterWeights),
                                    LoraTrainer.sha256(adapterWeights)));
                        } catch (IOException e) {
                            throw EnclaveException.badInput(adapterWeights + " cannot be read: " + e.getMessage());
                        }
                        ModelInfo withAdapter = new ModelInfo(info.name() + "+" + adapter.getFileName(), info.folder(),
                                info.architecture(), info.kind(), info.parameters(), info.dtype(), info.weightBytes(),
                                files);
                        return new DjlLanguageModel(withAdapter, DecoderModel.load(folder, manager, a), tokenizer);
                    }
                });
    }

    @Override
    public EmbeddingModel openEmbeddingModel(Path folder, String pooling, Progress progress) {
        return load(folder, ModelInfo.ENCODER, "an encoder (embedding) model", progress,
                (info, manager, tokenizer) -> new DjlEmbeddingModel(info.name(), BertEncoder.load(folder, manager),
                        tokenizer, pooling(folder, pooling)));
    }

    @Override
    public dev.enclave.runtime.Reranker openReranker(Workspace workspace, String nameOrFolder, Progress progress) {
        Path folder = resolve(workspace, nameOrFolder);
        return load(folder, ModelInfo.RERANKER, "a reranker (cross-encoder) model", progress,
                (info, manager, tokenizer) -> new CrossEncoder(info.name(), folder, BertEncoder.load(folder, manager),
                        tokenizer));
    }

    /** The requested pooling, else the folder's sentence-transformers setting, else CLS (bge). */
    static BertEncoder.Pooling pooling(Path folder, String requested) {
        if (requested != null && !requested.isBlank()) {
            return switch (requested.toLowerCase(java.util.Locale.ROOT)) {
            case "cls" -> BertEncoder.Pooling.CLS;
            case "mean" -> BertEncoder.Pooling.MEAN;
            default -> throw EnclaveException.badInput("Unknown pooling '" + requested + "': use cls or mean.");
            };
        }
        Path st = folder.resolve("1_Pooling").resolve("config.json");
        if (Files.isRegularFile(st)) {
            try {
                JsonObject p = JsonParser.parseString(Files.readString(st, StandardCharsets.UTF_8)).getAsJsonObject();
                if (p.has("pooling_mode_mean_tokens") && p.get("pooling_mode_mean_tokens").getAsBoolean()) {
                    return BertEncoder.Pooling.MEAN;
                }
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(st + " is not valid JSON: " + e.getMessage());
            }
        }
        return BertEncoder.Pooling.CLS;
    }

    @Override
    public EmbeddingModel openEmbedder(Workspace workspace, String nameOrFolder, String pooling, Progress progress) {
        String name = nameOrFolder != null ? nameOrFolder
                : workspace.settings().get(EMBEDDING_MODEL_SETTING, BUILT_IN_EMBEDDER);
        if (name.equals(BUILT_IN_EMBEDDER)) {
            progress.begin("Loading " + BUILT_IN_EMBEDDER, 1);
            try {
                Path dir = Djl.builtInEmbedder();
                // The tokenizer inside the artifact does not lower-case; bge's vocabulary is lower-case.
                HfTokenizer tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"), Boolean.TRUE);
                try {
                    return new OnnxBertEmbedder(BUILT_IN_EMBEDDER, dir.resolve("model.onnx"), tokenizer,
                            pooling(dir, pooling), 512);
                } catch (RuntimeException e) {
                    tokenizer.close();
                    throw e;
                }
            } finally {
                progress.done();
            }
        }
        return openEmbeddingModel(workspace, resolve(workspace, name), pooling, progress);
    }

    @Override
    public LanguageModel openChatModel(Workspace workspace, Progress progress) {
        String name = workspace.settings().get(CHAT_MODEL_SETTING).orElseThrow(() -> EnclaveException.badInput(
                "No chat model is set for this workspace: add one ('enclave model add FOLDER') and choose it "
                        + "('enclave model use --chat NAME')."));
        return openLanguageModel(workspace, resolve(workspace, name), null, progress);
    }

    @Override
    public java.util.Optional<RemoteModel> remote(Path folder) {
        Path manifest = folder.resolve(MANIFEST);
        if (!Files.isDirectory(folder) || !Files.isRegularFile(manifest)) {
            return java.util.Optional.empty();
        }
        try {
            JsonObject m = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!m.has("format") || !REMOTE_FORMAT.equals(m.get("format").getAsString())) {
                return java.util.Optional.empty();
            }
            String tokenFile = m.has("token_file") && !m.get("token_file").isJsonNull()
                    ? m.get("token_file").getAsString() : null;
            return java.util.Optional.of(new RemoteModel(folder.getFileName().toString(), m.get("url").getAsString(),
                    m.get("remote_model").getAsString(), m.get("kind").getAsString(),
                    tokenFile == null ? null : Path.of(tokenFile),
                    m.has("context_length") ? m.get("context_length").getAsInt() : 0));
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(manifest + " is damaged: " + e.getMessage());
        }
    }

    @Override
    public Residency keepResident() {
        return resident.hold();
    }

    @Override
    public LanguageModel openLanguageModel(Workspace workspace, Path folder, Path adapter, Progress progress) {
        java.util.Optional<RemoteModel> remote = remote(folder);
        if (remote.isEmpty()) {
            return resident.open(folder, adapter, () -> openLanguageModel(folder, adapter, progress));
        }
        RemoteModel r = remote.get();
        if (adapter != null) {
            throw EnclaveException.badInput("'" + r.name() + "' is a remote model: an adapter (" + adapter
                    + ") cannot be applied to it here.");
        }
        if (!r.kind().equals(RemoteModel.CHAT)) {
            throw EnclaveException.badInput("'" + r.name() + "' is a remote embedding model, not a chat model.");
        }
        return new RemoteLanguageModel(inspect(folder), new RemoteEndpoint(workspace, r), workspace, filters);
    }

    @Override
    public EmbeddingModel openEmbeddingModel(Workspace workspace, Path folder, String pooling, Progress progress) {
        java.util.Optional<RemoteModel> remote = remote(folder);
        if (remote.isEmpty()) {
            return openEmbeddingModel(folder, pooling, progress);
        }
        RemoteModel r = remote.get();
        if (!r.kind().equals(RemoteModel.EMBEDDING)) {
            throw EnclaveException.badInput("'" + r.name() + "' is a remote chat model, not an embedding model.");
        }
        if (pooling != null && !pooling.isBlank()) {
            throw EnclaveException.badInput("'" + r.name() + "' is a remote model: its server chooses the pooling ("
                    + pooling + " cannot be applied).");
        }
        return new RemoteEmbeddingModel(new RemoteEndpoint(workspace, r), workspace, filters);
    }

    @Override
    public ModelInfo addRemote(Workspace workspace, Subject subject, String name, String url, String remoteId,
            Path tokenFile, String kind) {
        if (!subject.isAdmin() && !subject.hasRole(Roles.AI_ENGINEER)) {
            workspace.auditLog().append(subject.name(), "models.add", String.valueOf(name), AuditEntry.DENIED, "");
            throw new AccessDeniedException("User '" + subject.name()
                    + "' may not add models: that needs the role 'admin' or 'ai-engineer'.");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw EnclaveException.badInput("Invalid model name '" + name + "': use letters, digits, '.', '_', '-'.");
        }
        String k = kind == null ? RemoteModel.CHAT : kind.strip().toLowerCase(java.util.Locale.ROOT);
        if (!k.equals(RemoteModel.CHAT) && !k.equals(RemoteModel.EMBEDDING)) {
            throw EnclaveException.badInput("--kind '" + kind + "' is not known: use chat or embedding.");
        }
        String base = RemoteEndpoint.checkUrl(url);
        if (remoteId == null || remoteId.isBlank()) {
            throw EnclaveException.badInput("--model must name the model's id on the server (see its /v1/models).");
        }
        Path token = null;
        if (tokenFile != null) {
            token = tokenFile.toAbsolutePath().normalize();
            RemoteEndpoint.readToken(name, token);
        }
        Path dest = modelsFolder(workspace).resolve(name);
        if (Files.exists(dest)) {
            throw EnclaveException.badInput("A model named '" + name + "' already exists in " + dest.getParent()
                    + ". Choose another name.");
        }
        RemoteModel probe = new RemoteModel(name, base, remoteId, k, token, 0);
        JsonObject models = new RemoteEndpoint(workspace, probe).getJson("/models");
        int context = 0;
        if (models != null && models.has("data") && models.get("data").isJsonArray()) {
            List<String> ids = new ArrayList<>();
            JsonObject found = null;
            for (var e : models.getAsJsonArray("data")) {
                if (e.isJsonObject() && e.getAsJsonObject().has("id")) {
                    String id = e.getAsJsonObject().get("id").getAsString();
                    ids.add(id);
                    if (id.equals(remoteId)) {
                        found = e.getAsJsonObject();
                    }
                }
            }
            if (found == null) {
                throw EnclaveException.badInput("The model server at " + base + " has no model '" + remoteId
                        + "' (it lists " + ids + "); check --model.");
            }
            context = contextLength(found);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", name);
        manifest.put("format", REMOTE_FORMAT);
        manifest.put("kind", k);
        manifest.put("url", base);
        manifest.put("remote_model", remoteId);
        manifest.put("token_file", token == null ? null : token.toString());
        if (context > 0) {
            manifest.put("context_length", context);
        }
        Path staging = dest.resolveSibling("." + name + ".adding");
        try {
            FileIO.createPrivateDirectories(staging);
            Files.writeString(staging.resolve(MANIFEST), FileIO.GSON.toJson(manifest) + "\n", StandardCharsets.UTF_8);
            Files.move(staging, dest);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the remote model's manifest into " + dest + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
        workspace.auditLog().append(subject.name(), "models.add", name, AuditEntry.SUCCESS,
                "remote " + k + " model " + remoteId + " at " + base);
        return inspect(dest);
    }

    /** The context length an OpenAI-compatible server reports for a model, or 0 (vLLM, llama.cpp, others). */
    private static int contextLength(JsonObject model) {
        for (String key : new String[] { "max_model_len", "context_length", "context_window", "max_context_length" }) {
            if (model.has(key) && model.get(key).isJsonPrimitive() && model.get(key).getAsJsonPrimitive().isNumber()) {
                return model.get(key).getAsInt();
            }
        }
        if (model.has("meta") && model.get("meta").isJsonObject()) {
            JsonObject meta = model.getAsJsonObject("meta");
            if (meta.has("n_ctx_train") && meta.get("n_ctx_train").isJsonPrimitive()) {
                return meta.get("n_ctx_train").getAsInt();
            }
        }
        return 0;
    }

    @Override
    public ModelCheck check(Path folder, Path base, Progress progress) {
        return ReferenceChecker.check(folder, base, progress);
    }
}
