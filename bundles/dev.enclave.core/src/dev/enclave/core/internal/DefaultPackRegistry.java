package dev.enclave.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.enclave.core.DomainPack;
import dev.enclave.core.PackRegistry;
import dev.enclave.core.Topics;

/** Tracks {@link DomainPack} services as they come and go. */
@Component(service = PackRegistry.class, immediate = true)
public final class DefaultPackRegistry implements PackRegistry {
    private final List<DomainPack> packs = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<DomainPack>>> listeners = new CopyOnWriteArrayList<>();
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPack(DomainPack pack) {
        packs.add(pack);
        changed();
    }

    void removePack(DomainPack pack) {
        packs.remove(pack);
        changed();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEvents(EventAdmin admin) {
        this.events = admin;
    }

    void unsetEvents(EventAdmin admin) {
        if (this.events == admin) {
            this.events = null;
        }
    }

    @Override
    public List<DomainPack> packs() {
        List<DomainPack> sorted = new ArrayList<>(packs);
        sorted.sort(Comparator.comparing(DomainPack::id));
        return List.copyOf(sorted);
    }

    @Override
    public Runnable addListener(Consumer<List<DomainPack>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed() {
        List<DomainPack> now = packs();
        for (Consumer<List<DomainPack>> l : listeners) {
            l.accept(now);
        }
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(Topics.PACKS_CHANGED,
                    Map.of("packs", now.stream().map(DomainPack::id).toList())));
        }
    }
}
