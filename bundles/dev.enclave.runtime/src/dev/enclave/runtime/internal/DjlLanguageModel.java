package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.TokenListener;
import dev.enclave.runtime.internal.jinja.JinjaTemplate;
import dev.enclave.runtime.internal.jinja.TemplateException;

/** {@link LanguageModel} over a {@link DecoderModel} and its tokenizer. */
public final class DjlLanguageModel implements LanguageModel {
    private final ModelInfo info;
    private final DecoderModel model;
    private final HfTokenizer tokenizer;
    private final Set<Integer> eos = new LinkedHashSet<>();

    DjlLanguageModel(ModelInfo info, DecoderModel model, HfTokenizer tokenizer) {
        this.info = info;
        this.model = model;
        this.tokenizer = tokenizer;
        eos.addAll(model.config().eosTokenIds);
        Path gen = info.folder().resolve("generation_config.json");
        if (Files.isRegularFile(gen)) {
            try {
                JsonObject g = JsonParser.parseString(Files.readString(gen, StandardCharsets.UTF_8)).getAsJsonObject();
                eos.addAll(HfConfig.ids(g.get("eos_token_id")));
            } catch (IOException | RuntimeException e) {
                throw EnclaveException.badInput(gen + " is not valid JSON: " + e.getMessage());
            }
        }
        eos.addAll(tokenizer.eosIds());
    }

    public DecoderModel decoder() {
        return model;
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int contextLength() {
        return model.config().maxPositions;
    }

    @Override
    public int[] encode(String text) {
        return tokenizer.encode(text, false);
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public boolean hasChatTemplate() {
        return tokenizer.chatTemplate() != null;
    }

    @Override
    public String chatPrompt(List<ChatMessage> messages) {
        return renderChat(messages, true);
    }

    /** The chat template over {@code messages}; with {@code addGenerationPrompt} the assistant's turn is opened. */
    public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        String template = tokenizer.chatTemplate();
        if (template == null) {
            throw EnclaveException.badInput(info.folder() + " has no chat template (tokenizer_config.json "
                    + "chat_template or chat_template.jinja); use plain generation instead.");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", m.role());
            msg.put("content", m.content());
            list.add(msg);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("messages", list);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.put("bos_token", tokenizer.specialToken("bos_token"));
        vars.put("eos_token", tokenizer.specialToken("eos_token"));
        try {
            return JinjaTemplate.parse(template).render(vars);
        } catch (TemplateException e) {
            throw EnclaveException.badInput(info.folder() + ": the chat template failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized Generation generate(int[] prompt, GenerationSettings settings, TokenListener listener,
            Progress progress) {
        if (prompt.length == 0) {
            throw EnclaveException.badInput("The prompt is empty.");
        }
        if (prompt.length + settings.maxNewTokens() > contextLength()) {
            throw EnclaveException.badInput("The prompt has " + prompt.length + " tokens and " + settings.maxNewTokens()
                    + " new tokens were asked for, but the model's context is " + contextLength()
                    + " tokens. Shorten the prompt or ask for fewer tokens.");
        }
        Sampler sampler = new Sampler(settings);
        List<Integer> seen = new ArrayList<>();
        for (int id : prompt) {
            seen.add(id);
        }
        List<Integer> out = new ArrayList<>();
        String text = "";
        String stop = "max-tokens";
        try (DecoderModel.Session session = model.newSession()) {
            long t0 = System.nanoTime();
            float[] logits = session.forward(prompt, false)[0];
            long t1 = System.nanoTime();
            long decodeStart = t1;
            for (int step = 0; step < settings.maxNewTokens(); step++) {
                if (progress != null && progress.isCanceled()) {
                    stop = "cancelled";
                    break;
                }
                int next = sampler.next(logits, seen);
                if (eos.contains(next)) {
                    stop = "eos";
                    break;
                }
                out.add(next);
                seen.add(next);
                String full = decode(out.stream().mapToInt(Integer::intValue).toArray());
                String piece = full.startsWith(text) ? full.substring(text.length()) : "";
                String matched = stopString(full, settings.stopStrings());
                if (matched != null) {
                    text = full.substring(0, full.length() - matched.length());
                    stop = "stop-string";
                    break;
                }
                if (!piece.endsWith("\uFFFD")) {
                    text = full;
                    if (listener != null && !piece.isEmpty()) {
                        listener.onToken(piece, next);
                    }
                }
                if (step == 0) {
                    decodeStart = System.nanoTime();
                }
                if (step + 1 < settings.maxNewTokens()) {
                    logits = session.forward(new int[] { next }, false)[0];
                }
            }
            long end = System.nanoTime();
            String finalText = stop.equals("stop-string") ? text
                    : decode(out.stream().mapToInt(Integer::intValue).toArray());
            if (listener != null && finalText.length() > text.length() && finalText.startsWith(text)) {
                listener.onToken(finalText.substring(text.length()), -1);
            }
            double prefill = prompt.length / Math.max(1e-9, (t1 - t0) / 1e9);
            int decoded = Math.max(0, out.size() - 1);
            double decodeRate = decoded == 0 ? 0 : decoded / Math.max(1e-9, (end - decodeStart) / 1e9);
            return new Generation(finalText, out, prompt.length, prefill, decodeRate, stop);
        }
    }

    private static String stopString(String text, List<String> stops) {
        for (String s : stops) {
            if (!s.isEmpty() && text.endsWith(s)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
