package dev.enclave.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;

/**
 * One {@code .safetensors} file, memory-mapped. Tensors are read on demand as
 * little-endian float32: F32 data is returned as a view of the mapping (no copy),
 * F16 and BF16 are widened in Java (BF16 is the upper half of an F32), so no
 * half-precision type ever reaches the engine (DJL aborts the JVM on BF16).
 *
 * <p>The header is validated against the file size, so a truncated or damaged
 * file gives an error naming the file and the tensor, never a crash.
 */
public final class SafeTensors implements AutoCloseable {

    /** A tensor's description in the header. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        /** Number of elements. */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private SafeTensors(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        if (size < 8) {
            throw bad("is truncated: " + size + " bytes, not even the 8-byte header length");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(len, 0);
        long headerLength = len.getLong(0);
        if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > size) {
            throw bad("has a header length of " + headerLength + " bytes but the file has " + size
                    + " (truncated, or not a safetensors file)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        channel.read(header, 8);
        JsonObject json;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(header.flip()).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw bad("has a header that is not valid UTF-8");
        }
        try {
            json = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw bad("has a header that is not valid JSON (" + e.getMessage() + ")");
        }
        dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String dtype;
            long[] shape;
            long begin;
            long end;
            try {
                JsonObject t = e.getValue().getAsJsonObject();
                dtype = t.get("dtype").getAsString();
                var shapeJson = t.getAsJsonArray("shape");
                if (shapeJson.size() > 8) {
                    throw new IllegalArgumentException(shapeJson.size() + " dimensions");
                }
                shape = new long[shapeJson.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                    if (shape[i] < 0) {
                        throw new IllegalArgumentException("negative dimension " + shape[i]);
                    }
                }
                var offsets = t.getAsJsonArray("data_offsets");
                if (offsets.size() != 2) {
                    throw new IllegalArgumentException("data_offsets needs 2 numbers");
                }
                begin = offsets.get(0).getAsLong();
                end = offsets.get(1).getAsLong();
            } catch (RuntimeException ex) {
                throw bad("has a malformed header entry for tensor '" + e.getKey() + "' (" + ex.getMessage()
                        + "): dtype, shape and data_offsets must be a string, non-negative integers and two offsets");
            }
            Entry entry = new Entry(e.getKey(), dtype, shape, begin, end);
            int width = width(dtype);
            if (end > dataSize) {
                throw bad("is truncated: tensor '" + e.getKey() + "' ends at byte " + end + " of the data but only "
                        + dataSize + " bytes are there");
            }
            long elements;
            try {
                elements = 1;
                for (long dim : shape) {
                    elements = Math.multiplyExact(elements, dim);
                }
                elements = Math.multiplyExact(elements, Math.max(1, width));
            } catch (ArithmeticException ex) {
                elements = -1;
            }
            if (begin < 0 || end < begin || (width > 0 && end - begin != elements)) {
                throw bad("tensor '" + e.getKey() + "' has offsets " + begin + ".." + end + " that do not fit its shape "
                        + java.util.Arrays.toString(shape) + " in " + dtype);
            }
            entries.put(e.getKey(), entry);
        }
    }

    /** Opens and validates a file. */
    public static SafeTensors open(Path file) {
        try {
            return new SafeTensors(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    private EnclaveException bad(String problem) {
        try {
            channel.close();
        } catch (IOException e) {
            // reporting the first problem
        }
        return EnclaveException.badInput(file + " " + problem + ".");
    }

    private static int width(String dtype) {
        return switch (dtype) {
        case "F32", "I32" -> 4;
        case "F16", "BF16", "I16" -> 2;
        case "F64", "I64" -> 8;
        case "U8", "I8", "BOOL" -> 1;
        default -> -1;
        };
    }

    public Path file() {
        return file;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * The tensor as float32 bytes in little-endian (native) order, ready to back an engine
     * tensor without a copy: for F32 the mapped file itself (read-only), for F16/BF16 a new
     * direct buffer holding the widened values.
     */
    public ByteBuffer bytes(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw EnclaveException.badInput(file + " has no tensor '" + name + "'.");
        }
        MappedByteBuffer raw;
        try {
            raw = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
        } catch (IOException ex) {
            throw EnclaveException.badInput(file + ": cannot map tensor '" + name + "' (" + ex.getMessage() + ").");
        }
        raw.order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(e.size());
        switch (e.dtype()) {
        case "F32":
            return raw;
        case "BF16": {
            ShortBuffer in = raw.asShortBuffer();
            ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer f = out.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                f.put(i, Float.intBitsToFloat((in.get(i) & 0xffff) << 16));
            }
            return out;
        }
        case "F16": {
            ShortBuffer in = raw.asShortBuffer();
            ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer f = out.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                f.put(i, Float.float16ToFloat(in.get(i)));
            }
            return out;
        }
        default:
            throw EnclaveException.badInput(file + ": tensor '" + name + "' has dtype " + e.dtype()
                    + "; only F32, F16 and BF16 weights are supported.");
        }
    }

    /** The tensor as float32 values; see {@link #bytes}. */
    public FloatBuffer floats(String name) {
        return bytes(name).asFloatBuffer();
    }

    /** Reads a whole tensor into a Java array (small tensors, references). */
    public float[] array(String name) {
        FloatBuffer b = floats(name);
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Whether {@code path} looks like a safetensors file by name. */
    static boolean isSafeTensors(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".safetensors");
    }
}
