package dev.enclave.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded queue per model: one request runs on a model at a time, at most {@code capacity}
 * more wait; a request beyond that is refused at once (HTTP 429) rather than piling up.
 */
public final class ModelQueues {
    private final int capacity;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    ModelQueues(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    /** A held place on a model; closing it lets the next request run. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the model's turn, waiting behind at most {@code capacity} others.
     *
     * @return the slot, or null when the queue is full
     */
    public Slot enter(String model) throws InterruptedException {
        Lane lane = lanes.computeIfAbsent(model, m -> new Lane());
        if (lane.inside.incrementAndGet() > capacity + 1) {
            lane.inside.decrementAndGet();
            return null;
        }
        try {
            lane.running.acquire();
        } catch (InterruptedException e) {
            lane.inside.decrementAndGet();
            throw e;
        }
        return () -> {
            lane.running.release();
            lane.inside.decrementAndGet();
        };
    }

    private static final class Lane {
        final AtomicInteger inside = new AtomicInteger();
        final Semaphore running = new Semaphore(1, true);
    }
}
