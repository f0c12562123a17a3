package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;

/**
 * All tensors of a model folder: {@code model.safetensors}, or the shards named
 * by {@code model.safetensors.index.json}. Names are looked up with and without
 * a leading prefix such as {@code model.} or {@code bert.}.
 */
public final class Weights implements AutoCloseable {
    private final Path folder;
    private final List<SafeTensors> files = new ArrayList<>();
    private final Map<String, SafeTensors> byName = new HashMap<>();

    private Weights(Path folder) {
        this.folder = folder;
    }

    public static Weights open(Path folder) {
        Weights w = new Weights(folder);
        try {
            Path index = folder.resolve("model.safetensors.index.json");
            List<Path> shards = new ArrayList<>();
            if (Files.isRegularFile(index)) {
                JsonObject map;
                try {
                    map = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8)).getAsJsonObject()
                            .getAsJsonObject("weight_map");
                } catch (RuntimeException e) {
                    throw EnclaveException.badInput(index + " is not a valid safetensors index: " + e.getMessage());
                }
                LinkedHashSet<String> names = new LinkedHashSet<>();
                map.entrySet().forEach(e -> names.add(e.getValue().getAsString()));
                for (String n : names) {
                    Path shard = folder.resolve(n);
                    if (!Files.isRegularFile(shard)) {
                        throw EnclaveException.badInput(index + " names the shard " + n + ", which is missing.");
                    }
                    shards.add(shard);
                }
            } else if (Files.isRegularFile(folder.resolve("model.safetensors"))) {
                shards.add(folder.resolve("model.safetensors"));
            } else {
                try (Stream<Path> s = Files.list(folder)) {
                    shards.addAll(s.filter(SafeTensors::isSafeTensors)
                            .filter(p -> !p.getFileName().toString().startsWith("reference")).sorted().toList());
                }
                if (shards.isEmpty()) {
                    throw EnclaveException.badInput(folder + " has no weights: neither model.safetensors nor "
                            + "model.safetensors.index.json (PyTorch .bin weights are not supported; convert them).");
                }
            }
            for (Path p : shards) {
                SafeTensors st = SafeTensors.open(p);
                w.files.add(st);
                for (String name : st.entries().keySet()) {
                    w.byName.put(name, st);
                }
            }
            return w;
        } catch (IOException e) {
            w.close();
            throw EnclaveException.badInput(folder + ": cannot read the weights (" + e.getMessage() + ").");
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private String resolve(String name) {
        if (byName.containsKey(name)) {
            return name;
        }
        for (String prefix : new String[] { "model.", "bert.", "roberta.", "transformer." }) {
            if (byName.containsKey(prefix + name)) {
                return prefix + name;
            }
            if (name.startsWith(prefix) && byName.containsKey(name.substring(prefix.length()))) {
                return name.substring(prefix.length());
            }
        }
        return null;
    }

    public boolean has(String name) {
        return resolve(name) != null;
    }

    /** The tensor's shape; throws naming the missing tensor. */
    public long[] shape(String name) {
        String key = need(name);
        return byName.get(key).entries().get(key).shape();
    }

    /** The tensor as float32 bytes (native order, direct) after checking its shape; see {@link SafeTensors#bytes}. */
    public java.nio.ByteBuffer bytes(String name, long... expectedShape) {
        checkShape(name, expectedShape);
        String key = need(name);
        return byName.get(key).bytes(key);
    }

    /** The tensor as float32 after checking its shape. */
    public FloatBuffer floats(String name, long... expectedShape) {
        checkShape(name, expectedShape);
        String key = need(name);
        return byName.get(key).floats(key);
    }

    private void checkShape(String name, long... expectedShape) {
        String key = need(name);
        SafeTensors st = byName.get(key);
        long[] shape = st.entries().get(key).shape();
        if (expectedShape.length > 0 && !Arrays.equals(shape, expectedShape)) {
            throw EnclaveException.badInput(st.file() + ": tensor '" + key + "' has shape " + Arrays.toString(shape)
                    + " but config.json implies " + Arrays.toString(expectedShape) + " (shape mismatch with config).");
        }
    }

    private String need(String name) {
        String key = resolve(name);
        if (key == null) {
            throw EnclaveException.badInput(folder + ": the weights have no tensor '" + name
                    + "' (incomplete download, or a different architecture than config.json says).");
        }
        return key;
    }

    /** The tensors' names as stored, in file order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (SafeTensors st : files) {
            out.addAll(st.entries().keySet());
        }
        return out;
    }

    /** Total bytes of tensor data as stored. */
    public long storedBytes() {
        long n = 0;
        for (SafeTensors st : files) {
            for (SafeTensors.Entry e : st.entries().values()) {
                n += e.end() - e.begin();
            }
        }
        return n;
    }

    /**
     * The first tensor holding NaN or an infinity, described ("tensor 'x' holds NaN at element
     * 12"), or null when every value is finite. Reads every weight once.
     */
    public String nonFinite() {
        for (SafeTensors st : files) {
            for (SafeTensors.Entry e : st.entries().values()) {
                if (!e.dtype().equals("F32") && !e.dtype().equals("F16") && !e.dtype().equals("BF16")) {
                    continue;
                }
                FloatBuffer f = st.floats(e.name());
                for (int i = 0; i < f.capacity(); i++) {
                    float v = f.get(i);
                    if (!Float.isFinite(v)) {
                        return st.file().getFileName() + ": tensor '" + e.name() + "' holds " + v + " at element " + i;
                    }
                }
            }
        }
        return null;
    }

    /** Total number of parameters. */
    public long parameters() {
        long n = 0;
        for (SafeTensors st : files) {
            for (SafeTensors.Entry e : st.entries().values()) {
                n += e.size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        files.forEach(SafeTensors::close);
    }
}
