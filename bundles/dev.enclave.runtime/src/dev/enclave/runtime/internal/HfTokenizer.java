package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.enclave.core.EnclaveException;

/**
 * A model folder's {@code tokenizer.json} through the Hugging Face tokenizers
 * library (via DJL), never truncating, plus what {@code tokenizer_config.json}
 * says about lower-casing and special tokens.
 */
public final class HfTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final boolean lowerCase;
    private final JsonObject config;
    private final Path folder;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, boolean lowerCase, JsonObject config, Path folder) {
        this.tokenizer = tokenizer;
        this.lowerCase = lowerCase;
        this.config = config;
        this.folder = folder;
    }

    /**
     * Loads {@code tokenizer.json} (and {@code tokenizer_config.json} when present) from {@code folder};
     * for a GGUF model without a {@code tokenizer.json} beside it, the tokenizer, its special tokens
     * and chat template come from the file's {@code tokenizer.*} metadata.
     */
    public static HfTokenizer load(Path folder) {
        Path dir = Files.isRegularFile(folder) ? folder.toAbsolutePath().getParent() : folder;
        if (!Files.isRegularFile(dir.resolve("tokenizer.json")) && GgufModel.isGguf(folder)) {
            try (GgufModel g = GgufModel.open(folder)) {
                return fromJson(g.file() + " (tokenizer metadata)", g.tokenizerJson(), g.tokenizerConfig(), dir);
            }
        }
        return load(dir.resolve("tokenizer.json"), null);
    }

    /** A tokenizer from the text of a {@code tokenizer.json} and what tokenizer_config.json would hold. */
    static HfTokenizer fromJson(String source, String tokenizerJson, JsonObject config, Path folder) {
        Djl.engine();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(
                    new java.io.ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfTokenizer(t, false, config, folder);
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(source + " cannot be loaded as a tokenizer: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Loads a tokenizer file; {@code forceLowerCase} (when not null) overrides what the
     * folder's {@code tokenizer_config.json} says about lower-casing.
     */
    public static HfTokenizer load(Path file, Boolean forceLowerCase) {
        Path folder = file.getParent();
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(folder + ": " + file.getFileName()
                    + " is missing (the tokenizer is required).");
        }
        JsonObject config = new JsonObject();
        Path cfg = folder.resolve("tokenizer_config.json");
        if (Files.isRegularFile(cfg)) {
            try {
                config = JsonParser.parseString(Files.readString(cfg, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(cfg + " is not valid JSON: " + e.getMessage());
            }
        }
        boolean lower = (forceLowerCase != null ? forceLowerCase
                : config.has("do_lower_case") && config.get("do_lower_case").getAsBoolean())
                && !normalizerLowercases(file);
        Djl.engine();
        // DJL reads native/lib/tokenizers.properties through the context class loader: point it at
        // the tokenizers bundle, which holds that file.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(HuggingFaceTokenizer.class.getClassLoader());
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfTokenizer(t, lower, config, folder);
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " cannot be loaded as a Hugging Face tokenizer: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Whether the tokenizer.json normaliser already lower-cases (then we must not do it twice). */
    private static boolean normalizerLowercases(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int at = text.indexOf("\"normalizer\"");
            if (at < 0) {
                return false;
            }
            String head = text.substring(at, Math.min(text.length(), at + 2000));
            return head.contains("\"lowercase\": true") || head.contains("\"lowercase\":true")
                    || head.contains("\"Lowercase\"");
        } catch (IOException e) {
            return false;
        }
    }

    private String prepare(String text) {
        return lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** Ids of {@code text}; with {@code special} the tokenizer's template ([CLS] … [SEP]) is applied. */
    public int[] encode(String text, boolean special) {
        long[] ids = tokenizer.encode(prepare(text), special, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** Text of the ids; special tokens are skipped when {@code skipSpecial}. */
    public String decode(int[] ids, boolean skipSpecial) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, skipSpecial);
    }

    /** Token ids named as end-of-sequence in tokenizer_config.json, resolved through the vocabulary. */
    public List<Integer> eosIds() {
        List<Integer> out = new ArrayList<>();
        JsonElement eos = config.get("eos_token");
        String token = eos == null || eos.isJsonNull() ? null
                : eos.isJsonObject() ? eos.getAsJsonObject().get("content").getAsString() : eos.getAsString();
        if (token != null) {
            int[] ids = encode(token, false);
            if (ids.length == 1) {
                out.add(ids[0]);
            }
        }
        return out;
    }

    /**
     * The chat template: {@code chat_template.jinja} beside the tokenizer, else
     * {@code chat_template} in tokenizer_config.json (a string, or a list of named templates
     * of which {@code default} is used); null when there is none.
     */
    public String chatTemplate() {
        Path file = folder == null ? null : folder.resolve("chat_template.jinja");
        if (file != null && Files.isRegularFile(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
            }
        }
        JsonElement t = config.get("chat_template");
        if (t == null || t.isJsonNull()) {
            return null;
        }
        if (t.isJsonArray()) {
            for (JsonElement e : t.getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("name") && o.get("name").getAsString().equals("default")) {
                    return o.get("template").getAsString();
                }
            }
            return null;
        }
        return t.getAsString();
    }

    /** A special token named in tokenizer_config.json ({@code bos_token}, {@code eos_token} …), or "". */
    public String specialToken(String key) {
        JsonElement e = config.get(key);
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonObject() ? e.getAsJsonObject().get("content").getAsString() : e.getAsString();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
