package dev.enclave.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Writes to an inherited file descriptor with the C library's {@code write}, sharing its open file
 * (and offset) with the process that handed it over, as the shell's {@code 3>&2} means it. Opening
 * {@code /dev/fd/3} instead would start a new open file, whose writes could land over those of a
 * stdout redirected to the same file ({@code > out.txt 2>&1}).
 */
final class DescriptorOutputStream extends OutputStream {
    private static final MethodHandle WRITE = find();

    private final int fd;

    private DescriptorOutputStream(int fd) {
        this.fd = fd;
    }

    /** A stream on {@code fd}, or null where native calls are not available (then the caller falls back). */
    static OutputStream open(int fd) {
        return WRITE == null ? null : new DescriptorOutputStream(fd);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = (long) WRITE.invokeExact(fd, buf.asSlice(done), (long) len - done);
                if (n < 0) {
                    throw new IOException("Cannot write to file descriptor " + fd);
                }
                done += n;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private static MethodHandle find() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("write")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            // No native access: the caller writes to stderr instead.
            return null;
        }
    }
}
