package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
import dev.enclave.runtime.EmbeddingModel;

/**
 * An embedding model on an OpenAI-compatible server ({@code /embeddings}). Texts pass the
 * workspace's {@link PromptFilter}s before they leave the process; each call is audited with the
 * endpoint. Vectors that the server did not normalise are normalised here.
 */
final class RemoteEmbeddingModel implements EmbeddingModel {
    private static final int BATCH = 64;
    private final RemoteEndpoint endpoint;
    private final Workspace workspace;
    private final List<PromptFilter> filters;
    private volatile int dimension;

    RemoteEmbeddingModel(RemoteEndpoint endpoint, Workspace workspace, List<PromptFilter> filters) {
        this.endpoint = endpoint;
        this.workspace = workspace;
        this.filters = filters;
    }

    @Override
    public String name() {
        return endpoint.model.name();
    }

    /** Known after the first call; the first time, one short text is embedded to learn it. */
    @Override
    public int dimension() {
        if (dimension == 0) {
            embed(List.of("a"));
        }
        return dimension;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
            float[][] vectors = call(batch);
            System.arraycopy(vectors, 0, out, from, vectors.length);
        }
        return out;
    }

    private float[][] call(List<String> texts) {
        JsonObject body = new JsonObject();
        body.addProperty("model", endpoint.model.remoteId());
        JsonArray input = new JsonArray();
        String user = OsIdentity.current();
        for (String t : texts) {
            input.add(PromptFilter.applyAll(filters, workspace, user, t));
        }
        body.add("input", input);
        body.addProperty("encoding_format", "float");
        HttpResponse<InputStream> r = endpoint.post("/embeddings", body, Progress.silent());
        float[][] vectors = new float[texts.size()][];
        try (InputStream in = r.body()) {
            JsonObject answer = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            JsonArray data = answer.getAsJsonArray("data");
            for (int i = 0; i < data.size(); i++) {
                JsonObject d = data.get(i).getAsJsonObject();
                int index = d.has("index") ? d.get("index").getAsInt() : i;
                vectors[index] = vector(d.get("embedding"));
            }
        } catch (IOException | RuntimeException e) {
            endpoint.audit("/embeddings", AuditEntry.FAILURE, "answer not understood");
            throw EnclaveException.badInput("Remote model '" + name() + "' at " + endpoint.model.url()
                    + " answered /embeddings with something that is not OpenAI embeddings JSON: " + e.getMessage());
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] == null) {
                throw EnclaveException.badInput("Remote model '" + name() + "' at " + endpoint.model.url()
                        + " sent no vector for input " + i + ".");
            }
            if (dimension != 0 && vectors[i].length != dimension) {
                throw EnclaveException.badInput("Remote model '" + name() + "' at " + endpoint.model.url()
                        + " sent vectors of " + vectors[i].length + " dimensions, earlier " + dimension + ".");
            }
            dimension = vectors[i].length;
            normalise(vectors[i]);
        }
        endpoint.audit("/embeddings", AuditEntry.SUCCESS, texts.size() + " texts");
        return vectors;
    }

    private static float[] vector(JsonElement e) {
        if (e.isJsonPrimitive()) {
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(e.getAsString())).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            b.asFloatBuffer().get(v);
            return v;
        }
        List<Float> values = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            values.add(x.getAsFloat());
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    /** Scales to unit length unless it is that already (so the server's vectors arrive unchanged). */
    private static void normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0 && Math.abs(norm - 1) > 1e-3) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
