package dev.enclave.runtime.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GGUF version 3 file: metadata, tensor infos, then the tensors, each aligned to 32
 * bytes, quantized row by row as they are written (a 7B model is never held in memory). The
 * result is what llama.cpp's own tools write, so other runtimes read it too. The file appears
 * under its name only when complete (written beside it, then moved).
 */
public final class GgufWriter {
    private static final int ALIGNMENT = 32;

    /** Rows of a tensor as float32, on demand: fills {@code out} with {@code count} rows from {@code first}. */
    @FunctionalInterface
    public interface Rows {
        void read(long first, int count, float[] out);
    }

    private record Kv(String key, int type, Object value) {
    }

    /** Rows of a tensor already in its stored type: writes {@code count} rows from {@code first} into {@code out}. */
    @FunctionalInterface
    public interface Blocks {
        void read(long first, int count, MemorySegment out);
    }

    private record Pending(String name, GgmlType type, long[] dims, Rows rows, Blocks blocks) {
    }

    private final List<Kv> metadata = new ArrayList<>();
    private final List<Pending> tensors = new ArrayList<>();

    public GgufWriter string(String key, String value) {
        metadata.add(new Kv(key, 8, value));
        return this;
    }

    public GgufWriter u32(String key, long value) {
        metadata.add(new Kv(key, 4, value));
        return this;
    }

    public GgufWriter i32(String key, long value) {
        metadata.add(new Kv(key, 5, value));
        return this;
    }

    public GgufWriter f32(String key, double value) {
        metadata.add(new Kv(key, 6, value));
        return this;
    }

    public GgufWriter bool(String key, boolean value) {
        metadata.add(new Kv(key, 7, value));
        return this;
    }

    public GgufWriter strings(String key, List<String> values) {
        metadata.add(new Kv(key, 9, new Object[] { 8, values }));
        return this;
    }

    public GgufWriter ints(String key, List<Integer> values) {
        metadata.add(new Kv(key, 9, new Object[] { 5, values }));
        return this;
    }

    /**
     * Adds a tensor.
     *
     * @param dims ggml order: columns (ne[0]) first
     */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, Rows rows) {
        if (dims[0] % type.blockSize != 0) {
            throw new IllegalArgumentException(name + ": rows of " + dims[0] + " do not split into " + type + " blocks");
        }
        tensors.add(new Pending(name, type, dims.clone(), rows, null));
        return this;
    }

    /** Adds a tensor whose stored bytes the caller produces (e.g. random blocks for benchmarks). */
    public GgufWriter tensorBlocks(String name, GgmlType type, long[] dims, Blocks blocks) {
        if (dims[0] % type.blockSize != 0) {
            throw new IllegalArgumentException(name + ": rows of " + dims[0] + " do not split into " + type + " blocks");
        }
        tensors.add(new Pending(name, type, dims.clone(), null, blocks));
        return this;
    }

    /** Writes the file. */
    public void write(Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(ch);
            out.i32(GgufFile.MAGIC);
            out.i32(3);
            out.i64(tensors.size());
            out.i64(metadata.size());
            for (Kv kv : metadata) {
                out.str(kv.key());
                out.i32(kv.type());
                out.value(kv.type(), kv.value());
            }
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (Pending t : tensors) {
                out.str(t.name());
                out.i32(t.dims().length);
                for (long d : t.dims()) {
                    out.i64(d);
                }
                out.i32(t.type().id);
                out.i64(offset);
                offsets.add(offset);
                offset = align(offset + t.type().bytes(count(t.dims())));
            }
            out.pad();
            for (Pending t : tensors) {
                writeData(out, t);
                out.pad();
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static void writeData(Out out, Pending t) throws IOException {
        int cols = (int) t.dims()[0];
        long rows = count(t.dims()) / cols;
        int chunk = (int) Math.max(1, Math.min(rows, (1 << 22) / cols));
        float[] buf = t.rows() == null ? null : new float[chunk * cols];
        long rowBytes = t.type().bytes(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = arena.allocate(rowBytes * chunk);
            for (long r = 0; r < rows; r += chunk) {
                int n = (int) Math.min(chunk, rows - r);
                if (t.blocks() != null) {
                    t.blocks().read(r, n, q);
                } else {
                    t.rows().read(r, n, buf);
                    for (int i = 0; i < n; i++) {
                        t.type().quantize(buf, i * cols, cols, q, i * rowBytes);
                    }
                }
                out.flush();
                ByteBuffer bb = q.asSlice(0, rowBytes * n).asByteBuffer();
                while (bb.hasRemaining()) {
                    out.position += out.channel.write(bb);
                }
            }
        }
    }

    /** A buffered little-endian writer that knows its position (for padding). */
    private static final class Out {
        private final FileChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        Out(FileChannel channel) {
            this.channel = channel;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                position += channel.write(buf);
            }
            buf.clear();
        }

        void i32(long v) throws IOException {
            room(4);
            buf.putInt((int) v);
        }

        void i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            for (int i = 0; i < b.length; i += buf.capacity()) {
                int n = Math.min(buf.capacity(), b.length - i);
                room(n);
                buf.put(b, i, n);
            }
        }

        @SuppressWarnings("unchecked")
        void value(int type, Object v) throws IOException {
            switch (type) {
            case 4, 5 -> i32(((Number) v).longValue());
            case 6 -> i32(Float.floatToRawIntBits(((Number) v).floatValue()));
            case 7 -> {
                room(1);
                buf.put((byte) (((Boolean) v) ? 1 : 0));
            }
            case 8 -> str((String) v);
            case 9 -> {
                Object[] a = (Object[]) v;
                int item = (Integer) a[0];
                List<Object> items = (List<Object>) a[1];
                i32(item);
                i64(items.size());
                for (Object o : items) {
                    value(item, o);
                }
            }
            default -> throw new IllegalArgumentException("type " + type);
            }
        }

        void pad() throws IOException {
            long p = position + buf.position();
            long target = align(p);
            for (long i = p; i < target; i++) {
                room(1);
                buf.put((byte) 0);
            }
        }
    }
}
