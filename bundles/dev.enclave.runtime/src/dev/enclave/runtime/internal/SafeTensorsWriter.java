package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes float32 tensors as a {@code .safetensors} file (the format PEFT and transformers read). */
final class SafeTensorsWriter {
    private SafeTensorsWriter() {
    }

    /** A tensor to write. */
    record Tensor(long[] shape, float[] data) {
    }

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((k, v) -> shapes.put(k, v.shape()));
        write(file, shapes, name -> java.nio.FloatBuffer.wrap(tensors.get(name).data()), metadata);
    }

    /**
     * Writes tensors one at a time: {@code data} is asked for each tensor in the order of
     * {@code shapes}, so only one tensor is in memory at once (a merged model can be larger than
     * the heap).
     */
    static void write(Path file, Map<String, long[]> shapes, java.util.function.Function<String, java.nio.FloatBuffer> data,
            Map<String, String> metadata) throws IOException {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":").append(dev.enclave.core.FileIO.COMPACT.toJson(metadata));
        }
        long offset = 0;
        for (var e : shapes.entrySet()) {
            long elements = 1;
            for (long d : e.getValue()) {
                elements *= d;
            }
            long bytes = elements * 4L;
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            byte[] chunk = new byte[1 << 16];
            ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            for (var e : shapes.entrySet()) {
                java.nio.FloatBuffer f = data.apply(e.getKey()).duplicate();
                while (f.hasRemaining()) {
                    bb.clear();
                    int n = Math.min(f.remaining(), chunk.length / 4);
                    for (int i = 0; i < n; i++) {
                        bb.putFloat(f.get());
                    }
                    out.write(chunk, 0, n * 4);
                }
            }
        }
    }
}
