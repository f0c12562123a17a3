package dev.enclave.semi.internal;

import java.lang.reflect.Field;

import org.apache.logging.log4j.simple.SimpleLoggerContextFactory;
import org.apache.logging.log4j.spi.Provider;
import org.apache.logging.log4j.util.ProviderUtil;

/**
 * Gives Log4j's API (used by POI, and by PDFBox through commons-logging) its provider
 * before anything logs.
 *
 * <p>Why: log4j-api 2.24's OSGi activator takes a start-up lock that only a Log4j provider
 * bundle releases, on the thread that activated it. The product has no Log4j provider, and
 * the activation happens on the framework's start-level thread (SPI Fly loads a log4j-api
 * class there), so the first {@code LogManager} use on any other thread waits forever
 * (apache/logging-log4j2#2655). Setting the provider up front makes {@code ProviderUtil}
 * skip that lock; the provider is log4j-api's own simple logger (errors to stderr).
 */
final class Log4jGuard {
    private static volatile boolean done;

    private Log4jGuard() {
    }

    static synchronized void ensure() {
        if (done) {
            return;
        }
        done = true;
        try {
            Field f = ProviderUtil.class.getDeclaredField("PROVIDER");
            f.setAccessible(true);
            if (f.get(null) == null) {
                f.set(null, new Provider(10, "2.6.0", SimpleLoggerContextFactory.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A later log4j-api without the field initialises itself; nothing to do.
        }
    }
}
