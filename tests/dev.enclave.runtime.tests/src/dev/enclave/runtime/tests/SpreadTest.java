package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import dev.enclave.runtime.internal.Spread;

/** The hand-out of decoding work over the cores: every unit exactly once, failures reported. */
class SpreadTest {

    @Test
    void everyUnitRunsExactlyOnceAcrossTheThreads() {
        for (int[] c : new int[][] { { 151_936, 64 }, { 1_152, 64 }, { 100, 64 }, { 14, 1 }, { 1, 1 } }) {
            int units = c[0];
            AtomicIntegerArray runs = new AtomicIntegerArray(units);
            Spread.run(units, c[1], (from, to) -> {
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
            });
            for (int i = 0; i < units; i++) {
                assertEquals(1, runs.get(i), "unit " + i + " of " + units);
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownAndTheWorkersCarryOn() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Spread.run(10_000, 16,
                (from, to) -> {
                    if (from <= 5_000 && 5_000 < to) {
                        throw new IllegalStateException("unit 5000");
                    }
                }));
        assertEquals("unit 5000", e.getMessage());
        AtomicIntegerArray runs = new AtomicIntegerArray(10_000);
        Spread.run(10_000, 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                runs.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 10_000; i++) {
            assertEquals(1, runs.get(i), "unit " + i + " after a failure");
        }
    }

    /**
     * A worker slower than the caller's spin (a chunk that sleeps, as a descheduled core does):
     * the caller outwaits its spin many times in a row, and every unit still runs exactly once and
     * nothing is left waiting.
     */
    @Test
    void aCallerThatOutwaitsItsSpinIsWokenByTheWorker() {
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            Spread.run(64, 1, (from, to) -> {
                if (Thread.currentThread() != caller) {
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 64; i++) {
                assertEquals(1, runs.get(i), "round " + round + " unit " + i);
            }
        }
    }
}
