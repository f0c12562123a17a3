package dev.enclave.cli.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** {@link ServiceLookup} on a bundle context; waits briefly for services whose bundles are still starting. */
public final class BundleServiceLookup implements ServiceLookup {
    private static final long WAIT_MS = 5000;
    private final BundleContext context;

    public BundleServiceLookup(BundleContext context) {
        this.context = context;
    }

    @Override
    public <S> S find(Class<S> type) {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            return tracker.waitForService(WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            // The service object stays valid for this short-lived run; DS keeps the component.
            tracker.close();
        }
    }

    @Override
    public <S> List<S> all(Class<S> type) {
        try {
            Collection<ServiceReference<S>> refs = context.getServiceReferences(type, null);
            List<ServiceReference<S>> sorted = new ArrayList<>(refs);
            sorted.sort(null);
            List<S> result = new ArrayList<>();
            for (int i = sorted.size() - 1; i >= 0; i--) {
                S service = context.getService(sorted.get(i));
                if (service != null) {
                    result.add(service);
                }
            }
            return result;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
