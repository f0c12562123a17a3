package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.cli.internal.BundleServiceLookup;
import dev.enclave.cli.internal.EnclaveCli;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** Services, workspaces and in-process CLI runs for the tests. */
final class Support {
    private Support() {
    }

    static <S> S service(Class<S> type) {
        BundleContext ctx = FrameworkUtil.getBundle(Support.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        try {
            S s = tracker.waitForService(20_000);
            assertNotNull(s, type.getSimpleName());
            return s;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static String osUser() {
        return System.getProperty("user.name");
    }

    static Workspace workspace(Path root) {
        return service(WorkspaceManager.class).open(root, osUser());
    }

    /** The workspace's admin (its creator) and two users: 'eve' (engineer) and 'ann' (auditor). */
    static Workspace workspaceWithUsers(Path root) {
        Workspace ws = workspace(root);
        Subject admin = ws.security().login(osUser(), null);
        ws.security().putUser(admin, "eve", List.of("engineer"));
        ws.security().putUser(admin, "ann", List.of("auditor"));
        return ws;
    }

    static Subject login(Workspace ws, String user) {
        return ws.security().login(osUser(), user);
    }

    record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    static Run cli(Path data, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 2];
        full[0] = "--data";
        full[1] = data.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = new EnclaveCli(new BundleServiceLookup(FrameworkUtil.getBundle(Support.class).getBundleContext()))
                .run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
