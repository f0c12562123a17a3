package dev.enclave.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;


/**
 * One request and its answer, on a Jetty handler thread: the body read within the size limit and
 * parsed as JSON, and the answer written as one JSON document or as server-sent events.
 */
final class Exchange {
    /** The API's JSON: nulls written out ({@code "finish_reason": null}), as OpenAI clients expect. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    final Request request;
    private final Response response;
    private final Callback callback;
    private final long maxBodyBytes;
    private OutputStream events;
    private int status;
    private boolean done;
    private boolean ended;
    private boolean aborted;
    private String pending;

    Exchange(Request request, Response response, Callback callback, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The status sent, 0 before an answer started. */
    int status() {
        return status;
    }

    /** Whether an event stream started: its status is on the wire. */
    boolean answered() {
        return done || events != null;
    }

    /** The request body as a JSON object; 413 over the limit, 400 when it is not a JSON object. */
    JsonObject body() {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw new HttpError(413, "invalid_request_error", "The request body has " + declared
                    + " bytes; this server accepts at most " + maxBodyBytes + ".");
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            throw new HttpError(400, "invalid_request_error", "Cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > maxBodyBytes) {
            throw new HttpError(413, "invalid_request_error", "The request body is larger than the " + maxBodyBytes
                    + " bytes this server accepts.");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw HttpError.badRequest("The request body is not valid JSON: " + ex.getMessage(), null);
        }
        if (!e.isJsonObject()) {
            throw HttpError.badRequest("The request body must be a JSON object.", null);
        }
        return e.getAsJsonObject();
    }

    /** Answers with one JSON document (sent by {@link #finish()}, after the request's audit entry). */
    void json(int code, JsonObject body) {
        jsonText(code, Exchange.GSON.toJson(body));
    }

    /** Answers with raw JSON text produced elsewhere (the command line's documented JSON). */
    void jsonText(int code, String body) {
        status = code;
        pending = body;
    }

    /**
     * Sends what is still held back: the JSON answer, or the end of the event stream. The handler
     * calls it after it audited the request, so a client that has its answer finds the entry.
     */
    void finish() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (pending != null) {
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                Content.Sink.write(response, true, pending, callback);
            } else if (events != null && ended) {
                events.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                events.close();
                callback.succeeded();
            } else {
                callback.failed(new IllegalStateException("the answer was not completed"));
            }
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    /** Sends one server-sent event {@code data: JSON}, starting the event stream on the first. */
    void event(String data) throws IOException {
        if (events == null) {
            status = 200;
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            events = Content.Sink.asOutputStream(response);
        }
        events.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        events.flush();
    }

    /** Ends the event stream; {@link #finish()} sends the closing {@code data: [DONE]}. */
    void endEvents() {
        ended = true;
    }

    /** Whether the answer was given up ({@link #abort}): a stream cut short. */
    boolean aborted() {
        return aborted;
    }

    /** Gives up on an event stream whose client has gone. */
    void abort(Throwable cause) {
        aborted = true;
        if (!done) {
            done = true;
            callback.failed(cause);
        }
    }
}
