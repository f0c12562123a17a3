package dev.enclave.runtime.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.enclave.core.EnclaveException;

/**
 * One GGUF file (versions 2 and 3), memory-mapped: its metadata, its tensor infos and the
 * tensors' bytes as slices of the mapping (an FFM {@link MemorySegment} over
 * {@link FileChannel#map}; the file is never copied, pages are read as kernels touch them).
 *
 * <p>Everything the header claims is checked against the file before anything is allocated for
 * it: string and array lengths, tensor counts, dimensions, types, offsets and alignment. A
 * damaged or hostile file gives an {@link EnclaveException} of kind bad input naming the file and
 * the problem, never an out-of-memory or a crash. Not thread-safe while opening; reading tensors
 * afterwards is.
 */
public final class GgufFile implements AutoCloseable {
    /** "GGUF" read as a little-endian int. */
    static final int MAGIC = 0x46554747;
    /** ggml's most tensor dimensions. */
    private static final int MAX_DIMS = 4;

    /**
     * A tensor of the file.
     *
     * @param name   e.g. {@code blk.0.attn_q.weight}
     * @param type   the ggml type
     * @param dims   ggml's ne: the fastest-varying (column) dimension first
     * @param offset byte offset of the data in the file
     * @param bytes  bytes of the data
     */
    public record Tensor(String name, GgmlType type, long[] dims, long offset, long bytes) {
        /** Number of elements. */
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        /** Columns: the length of a row (ne[0]). */
        public long cols() {
            return dims[0];
        }

        /** Rows: every dimension but the first. */
        public long rows() {
            return size() / dims[0];
        }

        /** The shape as transformers writes it (slowest dimension first). */
        public long[] shape() {
            long[] s = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                s[i] = dims[dims.length - 1 - i];
            }
            return s;
        }
    }

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final long size;
    private final int version;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private long at;

    private GgufFile(Path file) throws IOException {
        this.file = file;
        this.arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            this.size = channel.size();
            this.data = size == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
        try {
            if (size < 24) {
                throw bad("is truncated: " + size + " bytes, less than a GGUF header");
            }
            int magic = data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (magic != MAGIC) {
                throw bad("is not a GGUF file (wrong magic " + String.format("0x%08x", magic) + ", expected 'GGUF')");
            }
            at = 4;
            this.version = (int) u32();
            if (version != 2 && version != 3) {
                throw bad("has GGUF version " + version + "; versions 2 and 3 are supported");
            }
            long tensorCount = u64();
            long kvCount = u64();
            // Each entry needs at least this many bytes: counts beyond what the file can hold are lies.
            if (tensorCount < 0 || tensorCount > size / 32) {
                throw bad("claims " + Long.toUnsignedString(tensorCount) + " tensors, more than its " + size
                        + " bytes can describe (truncated or damaged)");
            }
            if (kvCount < 0 || kvCount > size / 13) {
                throw bad("claims " + Long.toUnsignedString(kvCount) + " metadata entries, more than its " + size
                        + " bytes can hold (truncated or damaged)");
            }
            for (long i = 0; i < kvCount; i++) {
                String key = string();
                int type = (int) u32();
                metadata.put(key, value(type, key, 0));
            }
            long alignment = 32;
            Object a = metadata.get("general.alignment");
            if (a != null) {
                if (!(a instanceof Long l) || l <= 0 || l > 1 << 20 || Long.bitCount(l) != 1) {
                    throw bad("has general.alignment " + a + "; it must be a power of two");
                }
                alignment = l;
            }
            List<Object[]> infos = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                String name = string();
                long nDims = u32();
                if (nDims < 1 || nDims > MAX_DIMS) {
                    throw bad("tensor '" + name + "' has " + nDims + " dimensions (1 to " + MAX_DIMS + " allowed)");
                }
                long[] dims = new long[(int) nDims];
                long count = 1;
                for (int d = 0; d < nDims; d++) {
                    dims[d] = u64();
                    if (dims[d] <= 0 || dims[d] > size * 8) {
                        throw bad("tensor '" + name + "' has dimension " + Long.toUnsignedString(dims[d])
                                + ", impossible for a file of " + size + " bytes");
                    }
                    count = Math.multiplyHigh(count, dims[d]) != 0 ? Long.MAX_VALUE : count * dims[d];
                }
                long typeId = u32();
                GgmlType type = GgmlType.byId(typeId);
                if (type == null) {
                    throw bad("tensor '" + name + "' has tensor type " + typeId + ", which this runtime does not read "
                            + "(supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K, Q8_K)");
                }
                if (dims[0] % type.blockSize != 0) {
                    throw bad("tensor '" + name + "' has rows of " + dims[0] + " values, not a multiple of the "
                            + type + " block of " + type.blockSize);
                }
                long offset = u64();
                if (offset < 0 || offset % alignment != 0) {
                    throw bad("tensor '" + name + "' has offset " + Long.toUnsignedString(offset)
                            + ", not aligned to " + alignment);
                }
                if (count == Long.MAX_VALUE || count > size * 8) {
                    throw bad("tensor '" + name + "' has " + Arrays.toString(dims) + " elements, more than the file holds");
                }
                if (tensors.containsKey(name)) {
                    throw bad("names tensor '" + name + "' twice");
                }
                infos.add(new Object[] { name, type, dims, offset, count });
                tensors.put(name, null);
            }
            long dataStart = (at + alignment - 1) / alignment * alignment;
            for (Object[] info : infos) {
                String name = (String) info[0];
                GgmlType type = (GgmlType) info[1];
                long offset = (Long) info[3];
                long bytes = type.bytes((Long) info[4]);
                if (dataStart + offset > size || bytes > size - dataStart - offset) {
                    throw bad("is truncated or damaged: tensor '" + name + "' lies at bytes " + (dataStart + offset)
                            + ".." + (dataStart + offset + bytes) + " but the file has " + size
                            + " (offset past the end)");
                }
                tensors.put(name, new Tensor(name, type, (long[]) info[2], dataStart + offset, bytes));
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Opens, maps and validates {@code file}. */
    public static GgufFile open(Path file) {
        try {
            return new GgufFile(file);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    private EnclaveException bad(String problem) {
        return EnclaveException.badInput(file + " " + problem + ".");
    }

    private void need(long n, String what) {
        if (n < 0 || n > size - at) {
            throw bad("is truncated: " + what + " at byte " + at + " needs " + Long.toUnsignedString(n)
                    + " bytes but only " + (size - at) + " remain");
        }
    }

    private long u32() {
        need(4, "a number");
        long v = Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at));
        at += 4;
        return v;
    }

    private long u64() {
        need(8, "a number");
        long v = data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at);
        at += 8;
        return v;
    }

    private String string() {
        long n = u64();
        need(n, "a string");
        byte[] b = new byte[(int) n];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, b, 0, (int) n);
        at += n;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw bad("has a string at byte " + (at - n) + " that is not valid UTF-8");
        }
    }

    /** Bytes of one value of a fixed-size type, or 0 for strings and arrays. */
    private static int width(int type) {
        return switch (type) {
        case 0, 1, 7 -> 1;
        case 2, 3 -> 2;
        case 4, 5, 6 -> 4;
        case 10, 11, 12 -> 8;
        default -> 0;
        };
    }

    private Object value(int type, String key, int depth) {
        ValueLayout.OfShort s = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
        case 0, 1, 7 -> {
            need(1, key);
            byte b = data.get(ValueLayout.JAVA_BYTE, at++);
            return type == 7 ? (Object) (b != 0) : (Object) (long) (type == 0 ? b & 0xff : b);
        }
        case 2, 3 -> {
            need(2, key);
            short v = data.get(s, at);
            at += 2;
            return (long) (type == 2 ? v & 0xffff : v);
        }
        case 4 -> {
            return u32();
        }
        case 5 -> {
            return (long) (int) u32();
        }
        case 6 -> {
            return (double) Float.intBitsToFloat((int) u32());
        }
        case 10, 11 -> {
            return u64();
        }
        case 12 -> {
            return Double.longBitsToDouble(u64());
        }
        case 8 -> {
            return string();
        }
        case 9 -> {
            if (depth > 2) {
                throw bad("has arrays nested too deep in '" + key + "'");
            }
            int itemType = (int) u32();
            long n = u64();
            int w = width(itemType);
            long least = w > 0 ? w : itemType == 8 ? 8 : itemType == 9 ? 12 : -1;
            if (least < 0) {
                throw bad("has metadata '" + key + "' with unknown value type " + itemType);
            }
            if (n < 0 || n > (size - at) / least) {
                throw bad("is truncated: metadata array '" + key + "' claims " + Long.toUnsignedString(n)
                        + " items but only " + (size - at) + " bytes remain");
            }
            List<Object> items = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                items.add(value(itemType, key, depth + 1));
            }
            return Collections.unmodifiableList(items);
        }
        default -> throw bad("has metadata '" + key + "' with unknown value type " + type);
        }
    }

    public Path file() {
        return file;
    }

    /** The GGUF version (2 or 3). */
    public int version() {
        return version;
    }

    /** Metadata by key: Long (integers), Double (floats), Boolean, String or a List of those. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Tensor infos by name, in file order. */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The file's bytes (valid until {@link #close}). */
    public MemorySegment segment() {
        return data;
    }

    /** The bytes of a tensor: a slice of the mapping, no copy. */
    public MemorySegment data(Tensor t) {
        return data.asSlice(t.offset(), t.bytes());
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** Unmaps the file; segments handed out become invalid. */
    @Override
    public void close() {
        arena.close();
    }
}
