package dev.enclave.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Embeddings;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.TokenListener;

/**
 * The OpenAI API over the workspace's models: {@code /v1/models}, {@code /v1/chat/completions},
 * {@code /v1/completions} and {@code /v1/embeddings}, in the shapes of the OpenAI reference.
 */
final class OpenAiEndpoints {
    private static final int DEFAULT_MAX_TOKENS = 256;
    private final ServerContext ctx;

    OpenAiEndpoints(ServerContext ctx) {
        this.ctx = ctx;
    }

    void models(Exchange ex) {
        JsonArray data = new JsonArray();
        for (ModelInfo m : ctx.registry.list(ctx.workspace)) {
            data.add(model(m.name()));
        }
        data.add(model(ModelRegistry.BUILT_IN_EMBEDDER));
        JsonObject r = new JsonObject();
        r.addProperty("object", "list");
        r.add("data", data);
        ex.json(200, r);
    }

    private static JsonObject model(String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("object", "model");
        o.addProperty("created", 0);
        o.addProperty("owned_by", "enclave");
        return o;
    }

    /** {@code /v1/chat/completions} ({@code chat}) and {@code /v1/completions}. */
    String generate(Exchange ex, Subject subject, boolean chat) throws InterruptedException {
        JsonObject body = ex.body();
        String name = Json.string(body, "model", true);
        JsonArray messages = chat ? Json.array(body, "messages") : null;
        String prompt = chat ? null : prompt(body);
        GenerationSettings settings = settings(body);
        boolean stream = Json.bool(body, "stream", false);
        JsonObject streamOptions = body.has("stream_options") && body.get("stream_options").isJsonObject()
                ? body.getAsJsonObject("stream_options") : new JsonObject();
        boolean includeUsage = Json.bool(streamOptions, "include_usage", false);
        if (body.has("n") && !body.get("n").isJsonNull() && Json.integer(body, "n", 1) != 1) {
            throw HttpError.badRequest("This server makes one choice per request: 'n' must be 1.", "n");
        }
        List<ChatMessage> history = new ArrayList<>();
        String last = null;
        if (chat) {
            if (messages.isEmpty()) {
                throw HttpError.badRequest("'messages' is empty; send at least one user message.", "messages");
            }
            for (int i = 0; i < messages.size(); i++) {
                if (!messages.get(i).isJsonObject()) {
                    throw HttpError.badRequest("messages[" + i + "] is not an object.", "messages");
                }
                JsonObject m = messages.get(i).getAsJsonObject();
                String role = Json.string(m, "role", true);
                String content = content(m, i);
                if (i == messages.size() - 1) {
                    if (!role.equals("user")) {
                        throw HttpError.badRequest("The last message must be the user's (it is '" + role + "').",
                                "messages");
                    }
                    last = content;
                } else {
                    if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")
                            && !role.equals("developer")) {
                        throw HttpError.badRequest("messages[" + i + "] has the role '" + role
                                + "'; this server knows system, developer, user and assistant.", "messages");
                    }
                    // Earlier turns reach the model too: they pass the same prompt filters as the new message.
                    history.add(new ChatMessage(role.equals("developer") ? "system" : role,
                            ctx.filter(subject, content)));
                }
            }
        }
        LanguageModel lm = ctx.languageModel(name, subject);
        if (chat && !lm.hasChatTemplate()) {
            throw HttpError.badRequest("The model '" + name + "' has no chat template; use /v1/completions.", "model");
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + HexFormat.of().formatHex(randomBytes());
        long created = System.currentTimeMillis() / 1000;
        try (ModelQueues.Slot slot = ctx.queues.enter(name)) {
            if (slot == null) {
                throw new HttpError(429, "rate_limit_error", "The model '" + name + "' is busy and "
                        + ctx.options.queuePerModel() + " requests already wait for it; retry later.");
            }
            Progress progress = Progress.silent();
            ctx.running.add(progress);
            ex.request.addFailureListener(failure -> progress.cancel());
            try {
                TokenListener listener = null;
                if (stream) {
                    ex.event(chunk(id, created, name, chat, chat ? delta("role", "assistant", "content", "") : null,
                            null));
                    listener = (piece, tokenId) -> {
                        if (progress.isCanceled()) {
                            return;
                        }
                        try {
                            ex.event(chunk(id, created, name, chat, chat ? delta("content", piece) : null,
                                    chat ? null : piece));
                        } catch (IOException | RuntimeException e) {
                            // The client went away: stop generating for it.
                            progress.cancel();
                        }
                    };
                }
                Generation g = chat
                        ? ctx.calls.chat(ctx.workspace, subject, lm, history, last, settings, listener, progress)
                        : ctx.calls.generate(ctx.workspace, subject, lm, prompt, null, false, settings, listener,
                                progress);
                String finish = finishReason(g.stopReason());
                JsonObject usage = usage(g.promptTokens(), g.tokenIds().size());
                if (progress.isCanceled()) {
                    ex.abort(new IOException("client disconnected"));
                    return name + ", cancelled after " + g.tokenIds().size() + " tokens";
                }
                if (stream) {
                    JsonObject end = chunkObject(id, created, name, chat, chat ? new JsonObject() : null,
                            chat ? null : "");
                    end.getAsJsonArray("choices").get(0).getAsJsonObject().addProperty("finish_reason", finish);
                    ex.event(Exchange.GSON.toJson(end));
                    if (includeUsage) {
                        JsonObject u = chunkObject(id, created, name, chat, null, null);
                        u.add("choices", new JsonArray());
                        u.add("usage", usage);
                        ex.event(Exchange.GSON.toJson(u));
                    }
                    ex.endEvents();
                } else {
                    JsonObject choice = new JsonObject();
                    choice.addProperty("index", 0);
                    if (chat) {
                        JsonObject message = new JsonObject();
                        message.addProperty("role", "assistant");
                        message.addProperty("content", g.text());
                        choice.add("message", message);
                    } else {
                        choice.addProperty("text", g.text());
                    }
                    choice.add("logprobs", JsonNull.INSTANCE);
                    choice.addProperty("finish_reason", finish);
                    JsonObject r = new JsonObject();
                    r.addProperty("id", id);
                    r.addProperty("object", chat ? "chat.completion" : "text_completion");
                    r.addProperty("created", created);
                    r.addProperty("model", name);
                    JsonArray choices = new JsonArray();
                    choices.add(choice);
                    r.add("choices", choices);
                    r.add("usage", usage);
                    ex.json(200, r);
                }
                return name + ", " + g.tokenIds().size() + " tokens, " + g.stopReason();
            } catch (IOException e) {
                progress.cancel();
                ex.abort(e);
                return name + ", client disconnected";
            } finally {
                ctx.running.remove(progress);
            }
        }
    }

    void embeddings(Exchange ex, Subject subject) throws InterruptedException {
        JsonObject body = ex.body();
        String name = Json.string(body, "model", true);
        if (!name.equals(ModelRegistry.BUILT_IN_EMBEDDER) && !ModelInfo.ENCODER.equals(ctx.info(name).kind())) {
            throw HttpError.badRequest("The model '" + name + "' is not an embedding model.", "model");
        }
        List<String> texts = new ArrayList<>();
        JsonElement input = body.get("input");
        if (input != null && input.isJsonPrimitive() && input.getAsJsonPrimitive().isString()) {
            texts.add(input.getAsString());
        } else if (input != null && input.isJsonArray()) {
            for (JsonElement e : input.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw HttpError.badRequest("'input' must be a string or an array of strings (token arrays are"
                            + " not accepted).", "input");
                }
                texts.add(e.getAsString());
            }
        } else {
            throw HttpError.badRequest("'input' must be a string or an array of strings.", "input");
        }
        if (texts.isEmpty()) {
            throw HttpError.badRequest("'input' is empty.", "input");
        }
        String format = body.has("encoding_format") ? Json.string(body, "encoding_format", false) : "float";
        if (!format.equals("float") && !format.equals("base64")) {
            throw HttpError.badRequest("'encoding_format' must be float or base64.", "encoding_format");
        }
        List<String> seen = new ArrayList<>();
        for (String t : texts) {
            seen.add(ctx.filter(subject, t));
        }
        Embeddings e;
        try (ModelQueues.Slot slot = ctx.queues.enter(name)) {
            if (slot == null) {
                throw new HttpError(429, "rate_limit_error", "The model '" + name + "' is busy; retry later.");
            }
            e = ctx.calls.embed(ctx.workspace, subject, name, null, seen, Progress.silent());
        }
        JsonArray data = new JsonArray();
        for (int i = 0; i < e.vectors().length; i++) {
            JsonObject d = new JsonObject();
            d.addProperty("object", "embedding");
            d.addProperty("index", i);
            float[] v = e.vectors()[i];
            if (format.equals("base64")) {
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    b.putFloat(f);
                }
                d.addProperty("embedding", Base64.getEncoder().encodeToString(b.array()));
            } else {
                JsonArray values = new JsonArray(v.length);
                for (float f : v) {
                    values.add(f);
                }
                d.add("embedding", values);
            }
            data.add(d);
        }
        JsonObject r = new JsonObject();
        r.addProperty("object", "list");
        r.add("data", data);
        r.addProperty("model", name);
        // The embedders do not report token counts; 0 says "not counted" rather than guessing.
        r.add("usage", usage(0, 0));
        r.getAsJsonObject("usage").remove("completion_tokens");
        ex.json(200, r);
    }

    private static String prompt(JsonObject body) {
        JsonElement p = body.get("prompt");
        if (p != null && p.isJsonPrimitive() && p.getAsJsonPrimitive().isString()) {
            return p.getAsString();
        }
        if (p != null && p.isJsonArray() && p.getAsJsonArray().size() == 1
                && p.getAsJsonArray().get(0).isJsonPrimitive()) {
            return p.getAsJsonArray().get(0).getAsString();
        }
        throw HttpError.badRequest("'prompt' must be a string (or an array of one string).", "prompt");
    }

    private static String content(JsonObject m, int i) {
        JsonElement c = m.get("content");
        if (c != null && c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) {
            return c.getAsString();
        }
        if (c != null && c.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonElement part : c.getAsJsonArray()) {
                if (!part.isJsonObject() || !"text".equals(Json.string(part.getAsJsonObject(), "type", false))) {
                    throw HttpError.badRequest("messages[" + i + "] has a content part that is not text; this"
                            + " server takes text only.", "messages");
                }
                text.append(Json.string(part.getAsJsonObject(), "text", true));
            }
            return text.toString();
        }
        throw HttpError.badRequest("messages[" + i + "] has no text 'content'.", "messages");
    }

    /** The sampling parameters, checked; OpenAI's defaults where absent (temperature 1, top_p 1). */
    static GenerationSettings settings(JsonObject body) {
        int max = body.has("max_completion_tokens") && !body.get("max_completion_tokens").isJsonNull()
                ? Json.integer(body, "max_completion_tokens", DEFAULT_MAX_TOKENS)
                : Json.integer(body, "max_tokens", DEFAULT_MAX_TOKENS);
        if (max < 1) {
            throw HttpError.badRequest("'max_tokens' must be at least 1.", "max_tokens");
        }
        float temperature = (float) Json.number(body, "temperature", 1.0);
        if (temperature < 0 || temperature > 2) {
            throw HttpError.badRequest("'temperature' must be between 0 and 2.", "temperature");
        }
        float topP = (float) Json.number(body, "top_p", 1.0);
        if (topP <= 0 || topP > 1) {
            throw HttpError.badRequest("'top_p' must be above 0 and at most 1.", "top_p");
        }
        int topK = Json.integer(body, "top_k", 0);
        float repetition = (float) Json.number(body, "repetition_penalty", 1.0);
        if (topK < 0 || repetition <= 0) {
            throw HttpError.badRequest("'top_k' must be ≥ 0 and 'repetition_penalty' > 0.", "top_k");
        }
        long seed = body.has("seed") && !body.get("seed").isJsonNull() ? Json.longValue(body, "seed")
                : ThreadLocalRandom.current().nextLong();
        List<String> stops = new ArrayList<>();
        JsonElement stop = body.get("stop");
        if (stop != null && !stop.isJsonNull()) {
            if (stop.isJsonPrimitive() && stop.getAsJsonPrimitive().isString()) {
                stops.add(stop.getAsString());
            } else if (stop.isJsonArray() && stop.getAsJsonArray().size() <= 4) {
                for (JsonElement s : stop.getAsJsonArray()) {
                    if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
                        throw HttpError.badRequest("'stop' must hold strings.", "stop");
                    }
                    stops.add(s.getAsString());
                }
            } else {
                throw HttpError.badRequest("'stop' must be a string or an array of up to 4 strings.", "stop");
            }
        }
        return new GenerationSettings(max, temperature, topK, topP, repetition, seed, stops);
    }

    static String finishReason(String stopReason) {
        return "max-tokens".equals(stopReason) ? "length" : "stop";
    }

    private static JsonObject usage(int prompt, int completion) {
        JsonObject u = new JsonObject();
        u.addProperty("prompt_tokens", prompt);
        u.addProperty("completion_tokens", completion);
        u.addProperty("total_tokens", prompt + completion);
        return u;
    }

    private static JsonObject delta(String... keyValues) {
        JsonObject d = new JsonObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.addProperty(keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private static String chunk(String id, long created, String model, boolean chat, JsonObject delta, String text) {
        return Exchange.GSON.toJson(chunkObject(id, created, model, chat, delta, text));
    }

    private static JsonObject chunkObject(String id, long created, String model, boolean chat, JsonObject delta,
            String text) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("object", chat ? "chat.completion.chunk" : "text_completion");
        o.addProperty("created", created);
        o.addProperty("model", model);
        JsonArray choices = new JsonArray();
        JsonObject c = new JsonObject();
        c.addProperty("index", 0);
        if (chat) {
            c.add("delta", delta == null ? new JsonObject() : delta);
        } else {
            c.addProperty("text", text == null ? "" : text);
        }
        c.add("logprobs", JsonNull.INSTANCE);
        c.add("finish_reason", JsonNull.INSTANCE);
        choices.add(c);
        o.add("choices", choices);
        return o;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
