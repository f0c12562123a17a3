package dev.enclave.runtime.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.OsIdentity;
import dev.enclave.core.Progress;
import dev.enclave.core.PromptFilter;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.ChatMessage;
import dev.enclave.runtime.Generation;
import dev.enclave.runtime.GenerationSettings;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.ModelInfo;
import dev.enclave.runtime.RemoteModel;
import dev.enclave.runtime.TokenListener;

/**
 * A chat model on an OpenAI-compatible server, behind the same {@link LanguageModel} as a local
 * one so that every caller works unchanged. The tokenizer stays on the server: here a text's
 * "token ids" are its Unicode code points ({@link #encode}/{@link #decode} round-trip the text),
 * {@link #chatPrompt} carries the messages themselves, and {@link #generate} sends them to
 * {@code /chat/completions} (or a plain prompt to {@code /completions}), streamed. Every text
 * passes the workspace's {@link PromptFilter}s before it leaves the process; each call is audited
 * with the endpoint. The new token count is the server's ({@code usage}), and each new token's id
 * is -1 (the server does not send ids).
 */
final class RemoteLanguageModel implements LanguageModel {
    /** Starts a {@link #chatPrompt}: code point 0 never starts a real prompt. */
    private static final String CHAT_MARK = "\u0000enclave-chat\u0000";
    private static final int DEFAULT_CONTEXT = 4096;
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "enclave-remote-model-watchdog");
                t.setDaemon(true);
                return t;
            });

    private final ModelInfo info;
    private final RemoteEndpoint endpoint;
    private final Workspace workspace;
    private final List<PromptFilter> filters;

    RemoteLanguageModel(ModelInfo info, RemoteEndpoint endpoint, Workspace workspace, List<PromptFilter> filters) {
        this.info = info;
        this.endpoint = endpoint;
        this.workspace = workspace;
        this.filters = filters;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** As the server reported it when the model was added, else 4096. */
    @Override
    public int contextLength() {
        int n = endpoint.model.contextLength();
        return n > 0 ? n : DEFAULT_CONTEXT;
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id >= 0 && Character.isValidCodePoint(id)) {
                sb.appendCodePoint(id);
            }
        }
        return sb.toString();
    }

    /** The server applies its own chat template. */
    @Override
    public boolean hasChatTemplate() {
        return true;
    }

    @Override
    public String chatPrompt(List<ChatMessage> messages) {
        JsonArray a = new JsonArray();
        for (ChatMessage m : messages) {
            JsonObject o = new JsonObject();
            o.addProperty("role", m.role());
            o.addProperty("content", m.content());
            a.add(o);
        }
        return CHAT_MARK + a;
    }

    @Override
    public Generation generate(int[] prompt, GenerationSettings settings, TokenListener listener, Progress progress) {
        String text = decode(prompt);
        boolean chat = text.startsWith(CHAT_MARK);
        JsonObject body = new JsonObject();
        body.addProperty("model", endpoint.model.remoteId());
        String user = OsIdentity.current();
        if (chat) {
            JsonArray messages = new JsonArray();
            for (JsonElement e : JsonParser.parseString(text.substring(CHAT_MARK.length())).getAsJsonArray()) {
                JsonObject m = e.getAsJsonObject().deepCopy();
                m.addProperty("content", PromptFilter.applyAll(filters, workspace, user, m.get("content").getAsString()));
                messages.add(m);
            }
            body.add("messages", messages);
        } else {
            body.addProperty("prompt", PromptFilter.applyAll(filters, workspace, user, text));
        }
        body.addProperty("max_tokens", settings.maxNewTokens());
        body.addProperty("temperature", settings.temperature());
        if (settings.temperature() > 0) {
            body.addProperty("top_p", settings.topP());
            if (settings.topK() > 0) {
                body.addProperty("top_k", settings.topK());
            }
            body.addProperty("seed", settings.seed());
        }
        if (settings.repetitionPenalty() != 1f) {
            body.addProperty("repetition_penalty", settings.repetitionPenalty());
        }
        if (!settings.stopStrings().isEmpty()) {
            JsonArray stops = new JsonArray();
            settings.stopStrings().forEach(stops::add);
            body.add("stop", stops);
        }
        body.addProperty("stream", true);
        JsonObject options = new JsonObject();
        options.addProperty("include_usage", true);
        body.add("stream_options", options);
        String path = chat ? "/chat/completions" : "/completions";
        long start = System.nanoTime();
        HttpResponse<InputStream> r = endpoint.post(path, body, progress);
        // The read timeout covers the wait for the answer's headers; this watchdog covers a stream
        // that goes silent, and a cancel from another thread while the reader waits for a line:
        // it closes the stream, which ends the server's generation too.
        InputStream stream = r.body();
        long silentNanos = endpoint.readTimeout().toNanos();
        java.util.concurrent.atomic.AtomicLong lastRead = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            boolean silent = System.nanoTime() - lastRead.get() > silentNanos;
            if (silent || progress.isCanceled()) {
                timedOut.set(silent && !progress.isCanceled());
                try {
                    stream.close();
                } catch (IOException e) {
                    // closing is all we can do
                }
            }
        }, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        StringBuilder out = new StringBuilder();
        int chunks = 0;
        int promptTokens = 0;
        int completionTokens = -1;
        String finish = null;
        long first = 0;
        boolean cancelled = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lastRead.set(System.nanoTime());
                if (progress.isCanceled()) {
                    cancelled = true;
                    break;
                }
                if (!line.startsWith("data:")) {
                    continue; // blank separators, comments, event names
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonObject chunk = JsonParser.parseString(data).getAsJsonObject();
                if (chunk.has("error")) {
                    throw EnclaveException.badInput("Remote model '" + endpoint.model.name() + "' at "
                            + endpoint.model.url() + " failed while generating: " + chunk.get("error"));
                }
                if (chunk.has("usage") && chunk.get("usage").isJsonObject()) {
                    JsonObject u = chunk.getAsJsonObject("usage");
                    promptTokens = u.has("prompt_tokens") ? u.get("prompt_tokens").getAsInt() : promptTokens;
                    completionTokens = u.has("completion_tokens") ? u.get("completion_tokens").getAsInt()
                            : completionTokens;
                }
                JsonArray choices = chunk.has("choices") && chunk.get("choices").isJsonArray()
                        ? chunk.getAsJsonArray("choices") : new JsonArray();
                if (choices.isEmpty()) {
                    continue;
                }
                JsonObject c = choices.get(0).getAsJsonObject();
                String piece = null;
                if (chat && c.has("delta") && c.get("delta").isJsonObject()) {
                    JsonObject d = c.getAsJsonObject("delta");
                    piece = d.has("content") && !d.get("content").isJsonNull() ? d.get("content").getAsString()
                            : null;
                    if (d.has("role") && (piece == null || piece.isEmpty())) {
                        piece = null; // the opening chunk names the role only
                    }
                } else if (!chat && c.has("text") && !c.get("text").isJsonNull()) {
                    piece = c.get("text").getAsString();
                }
                if (c.has("finish_reason") && !c.get("finish_reason").isJsonNull()) {
                    finish = c.get("finish_reason").getAsString();
                    if (piece != null && piece.isEmpty()) {
                        piece = null; // the closing chunk carries no token
                    }
                }
                if (piece != null) {
                    if (chunks == 0) {
                        first = System.nanoTime();
                    }
                    chunks++;
                    out.append(piece);
                    if (listener != null) {
                        listener.onToken(piece, -1);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (progress.isCanceled()) {
                cancelled = true;
            } else if (timedOut.get()) {
                endpoint.audit(path, AuditEntry.FAILURE, "silent for " + endpoint.readTimeout().toSeconds() + " s");
                throw EnclaveException.badInput("Remote model '" + endpoint.model.name() + "' at "
                        + endpoint.model.url() + ": the answer stopped for more than "
                        + endpoint.readTimeout().toSeconds() + " s (setting "
                        + dev.enclave.runtime.ModelRegistry.REMOTE_READ_TIMEOUT_SETTING + ").");
            } else if (e instanceof EnclaveException ee) {
                endpoint.audit(path, AuditEntry.FAILURE, ee.getMessage());
                throw ee;
            } else {
                endpoint.audit(path, AuditEntry.FAILURE, "stream broken after " + chunks + " chunks");
                throw EnclaveException.badInput("Remote model '" + endpoint.model.name() + "' at "
                        + endpoint.model.url() + ": the answer stream broke off after " + chunks + " pieces: "
                        + e.getMessage());
            }
        } finally {
            watchdog.cancel(false);
        }
        long end = System.nanoTime();
        int newTokens = completionTokens >= 0 && !cancelled ? completionTokens : chunks;
        String stop = cancelled ? "cancelled" : "length".equals(finish) ? "max-tokens" : "eos";
        endpoint.audit(path, AuditEntry.SUCCESS, newTokens + " new tokens, " + stop);
        double prefill = first == 0 ? 0 : promptTokens / Math.max(1e-9, (first - start) / 1e9);
        double decode = newTokens > 1 && first != 0 ? (newTokens - 1) / Math.max(1e-9, (end - first) / 1e9) : 0;
        return new Generation(out.toString(), Collections.nCopies(newTokens, -1), promptTokens, prefill, decode,
                stop);
    }

    @Override
    public void close() {
        // nothing held: each call opens its own exchange
    }
}
