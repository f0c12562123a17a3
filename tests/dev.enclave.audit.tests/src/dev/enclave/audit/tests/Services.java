package dev.enclave.audit.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.enclave.cli.internal.BundleServiceLookup;
import dev.enclave.cli.internal.EnclaveCli;

/** OSGi services as DS wires them, and the CLI run in-process. */
final class Services {
    private Services() {
    }

    static <S> S get(Class<S> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        S s = tracker.waitForService(20_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }

    /** Exit code, standard output and standard error of one CLI run. */
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new EnclaveCli(new BundleServiceLookup(FrameworkUtil.getBundle(Services.class).getBundleContext()))
                .run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
