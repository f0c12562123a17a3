package dev.enclave.tests.support;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** OSGi services for tests, waiting briefly for components whose bundles are still starting. */
public final class Services {
    private static final long WAIT_MS = 30_000;

    private Services() {
    }

    /**
     * The registered service of the type.
     *
     * @throws AssertionError when none is registered within 30 s (the test fails naming the type)
     */
    public static <S> S get(Class<S> type) {
        BundleContext ctx = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<S, S> tracker = new ServiceTracker<>(ctx, type, null);
        tracker.open();
        try {
            S s = tracker.waitForService(WAIT_MS);
            if (s == null) {
                throw new AssertionError("No " + type.getName() + " service is registered.");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + type.getName(), e);
        }
    }
}
