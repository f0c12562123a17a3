package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonParser;

import dev.enclave.cli.internal.BundleServiceLookup;
import dev.enclave.cli.internal.EnclaveCli;

/** OSGi services and the in-process CLI for the tests. */
final class Services {
    private Services() {
    }

    static <S> S service(Class<S> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        S s = tracker.waitForService(10_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }

    /** What one CLI run printed. */
    record Run(int code, String out, String err) {
    }

    /** How many entries of the workspace's audit log (its last 200) record {@code action}. */
    static long audited(Path data, String action) {
        Run tail = cli(data, "audit-log", "tail", "-n", "200", "--json");
        assertEquals(0, tail.code(), tail.err());
        return tail.out().lines().filter(l -> !l.isBlank())
                .filter(l -> JsonParser.parseString(l).getAsJsonObject().get("action").getAsString()
                        .equals(action))
                .count();
    }

    static Run cli(Path data, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = new EnclaveCli(new BundleServiceLookup(FrameworkUtil.getBundle(Services.class).getBundleContext()))
                .run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
