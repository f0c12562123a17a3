package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.enclave.runtime.ModelRegistry;

/** The reference fixtures ({@code tests/fixtures}, passed by the build) and the registry service. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        Path p = dev.enclave.tests.support.Fixtures.root().toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(p.resolve("models")), "fixtures at " + p);
        return p;
    }

    static Path model(String name) {
        return root().resolve("models").resolve(name);
    }

    static ModelRegistry registry() throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(Fixtures.class).getBundleContext();
        ServiceTracker<ModelRegistry, ModelRegistry> t = new ServiceTracker<>(ctx, ModelRegistry.class, null);
        t.open();
        ModelRegistry r = t.waitForService(10_000);
        assertNotNull(r, "ModelRegistry service");
        return r;
    }

    /** A copy of a fixture model folder (without its reference files unless asked) to damage in a test. */
    static Path copy(String name, Path into, boolean withReference) throws IOException {
        Path source = model(name);
        Path target = into.resolve(name);
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path rel = source.relativize(p);
                if (!withReference && rel.toString().startsWith("reference")) {
                    continue;
                }
                Path t = target.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }
}
