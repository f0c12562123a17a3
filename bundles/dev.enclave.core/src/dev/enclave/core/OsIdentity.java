package dev.enclave.core;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operating-system account this process runs as, taken from the operating system itself and
 * never from the {@code user.name} system property (which anyone who can pass JVM options, e.g.
 * {@code ENCLAVE_JAVA_OPTS=-Duser.name=admin}, could set).
 *
 * <p>On Unix the JDK's {@code com.sun.security.auth.module.UnixSystem} gives the real user id and
 * its name ({@code getpwuid}); where that module is absent the owner of {@code /proc/self} is used;
 * on Windows {@code NTSystem}. The answer is computed once per process. Thread-safe.
 */
public final class OsIdentity {
    private static volatile String cached;

    private OsIdentity() {
    }

    /**
     * The name of the process's real OS user.
     *
     * @throws EnclaveException (failure) when the operating system does not say who runs the process
     */
    public static String current() {
        String name = cached;
        if (name == null) {
            name = lookup();
            cached = name;
        }
        return name;
    }

    private static String lookup() {
        String unix = call("com.sun.security.auth.module.UnixSystem", "getUsername");
        if (unix != null && !unix.isBlank()) {
            return unix;
        }
        Path self = Path.of("/proc/self");
        if (Files.exists(self)) {
            try {
                return Files.getOwner(self).getName();
            } catch (IOException | UnsupportedOperationException e) {
                // fall through to the next source
            }
        }
        String nt = call("com.sun.security.auth.module.NTSystem", "getName");
        if (nt != null && !nt.isBlank()) {
            return nt;
        }
        throw EnclaveException.failure("Cannot tell which operating-system account runs Enclave: neither the JDK's "
                + "jdk.security.auth module nor /proc/self is available in this runtime.", null);
    }

    /** Calls a no-argument method of a JDK class found through the system class loader, or null. */
    private static String call(String className, String method) {
        try {
            Class<?> type = Class.forName(className, true, ClassLoader.getSystemClassLoader());
            Object instance = type.getConstructor().newInstance();
            Method m = type.getMethod(method);
            Object value = m.invoke(instance);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
