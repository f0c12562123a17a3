package dev.enclave.runtime.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Returns memory that is free but still held by the process to the operating system. libtorch
 * allocates a forward pass's intermediate tensors through the C allocator, and glibc keeps the
 * freed blocks for reuse: after a 64-token prefill of a 0.5B model that was about 300 MB that
 * stayed resident for as long as the model did. Loading a model leaves the Java heap grown
 * for the loader's garbage (the tokenizer's parse tree) in the same way.
 */
final class NativeMemory {
    /** glibc's {@code int malloc_trim(size_t pad)}; null where the C library has none (musl, macOS). */
    private static final MethodHandle MALLOC_TRIM = find();

    private NativeMemory() {
    }

    /** Gives the C allocator's free memory back to the operating system (glibc; elsewhere nothing happens). */
    static void trim() {
        if (MALLOC_TRIM != null) {
            try {
                int released = (int) MALLOC_TRIM.invokeExact(0L); // 1 when memory went back
            } catch (Throwable e) {
                // The call cannot fail on glibc; if it did, the memory simply stays with the process.
            }
        }
    }

    /**
     * After a model has loaded: collects the loader's garbage so that the Java heap shrinks back
     * to what is live, then trims the C allocator. A full collection here costs tens of
     * milliseconds against a load of seconds, and it is not repeated while the model serves.
     */
    static void afterLoad() {
        System.gc();
        trim();
    }

    private static MethodHandle find() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("malloc_trim")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            // No native access (a JVM without --enable-native-access that denies it): keep the memory.
            return null;
        }
    }
}
