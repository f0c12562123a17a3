package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import dev.enclave.core.DomainPack;
import dev.enclave.core.PackRegistry;
import dev.enclave.core.WorkspaceManager;

/** The registry is a real DS component reacting to real DomainPack services. */
class PackRegistryTest {

    static <S> S service(Class<S> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(PackRegistryTest.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        S s = tracker.waitForService(10_000);
        assertNotNull(s, type.getSimpleName() + " service is registered");
        return s;
    }

    record Pack(String id) implements DomainPack {
        @Override
        public String name() {
            return "Test pack " + id;
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String description() {
            return "for the registry test";
        }

        @Override
        public List<String> contributions() {
            return List.of("nothing");
        }
    }

    @Test
    void packsComeAndGo() throws Exception {
        PackRegistry registry = service(PackRegistry.class);
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        Runnable remove = registry.addListener(list -> seen.add(list.stream().map(DomainPack::id).toList()));
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<DomainPack> b = ctx.registerService(DomainPack.class, new Pack("test.b"), null);
        ServiceRegistration<DomainPack> a = ctx.registerService(DomainPack.class, new Pack("test.a"), null);
        List<String> ids = new ArrayList<>(registry.packs().stream().map(DomainPack::id).toList());
        assertTrue(ids.containsAll(List.of("test.a", "test.b")), ids.toString());
        assertTrue(ids.indexOf("test.a") < ids.indexOf("test.b"), "sorted by id");
        b.unregister();
        assertTrue(registry.packs().stream().noneMatch(p -> p.id().equals("test.b")));
        a.unregister();
        remove.run();
        assertEquals(4, seen.size(), "one notification per change: " + seen);
        assertEquals(List.of("test.b"), seen.get(0).stream().filter(id -> id.startsWith("test.")).toList());
        assertTrue(seen.get(3).stream().noneMatch(id -> id.startsWith("test.")));
    }

    @Test
    void workspaceManagerIsAService() throws Exception {
        WorkspaceManager manager = service(WorkspaceManager.class);
        assertTrue(manager.defaultRoot().toString().endsWith(".enclave")
                || System.getProperty("enclave.data") != null);
    }
}
