package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPatternModel;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.internal.PatternMetrics;
import dev.enclave.semi.WaferGenerator;

/**
 * The classifier shipped in the pack, on maps it was not trained on: the pack's
 * generator with another seed, and the test bundle's independent generator.
 */
class ShippedClassifierTest {

    private static PatternMetrics evaluate(WaferPatternModel model, List<WaferMap> maps) {
        List<WaferPrediction> ps = model.classify(maps);
        assertEquals(maps.size(), ps.size());
        PatternMetrics m = new PatternMetrics();
        for (int i = 0; i < maps.size(); i++) {
            assertEquals(maps.get(i).id(), ps.get(i).id(), "predictions in input order");
            float sum = 0;
            for (float p : ps.get(i).probabilities()) {
                sum += p;
            }
            assertEquals(1f, sum, 1e-3f);
            assertEquals(64, ps.get(i).embedding().length);
            m.add(maps.get(i).label(), ps.get(i).label());
        }
        return m;
    }

    @Test
    void macroF1OnFreshMapsFromThePacksGenerator() throws Exception {
        WaferPatterns patterns = Services.service(WaferPatterns.class);
        WaferGenerator g = new WaferGenerator(-987_654_321L);
        List<WaferMap> maps = new java.util.ArrayList<>();
        for (int i = 0; i < 900; i++) {
            maps.add(g.next("f" + i, WaferMap.PATTERNS.get(i % 9)));
        }
        PatternMetrics m = evaluate(patterns.shipped(), maps);
        System.out.println("Shipped classifier, pack generator (unseen seed):\n" + m.toText());
        assertTrue(m.macroF1() >= 0.90, "macro-F1 " + m.macroF1());
    }

    @Test
    void macroF1OnMapsFromAnIndependentGenerator() throws Exception {
        WaferPatterns patterns = Services.service(WaferPatterns.class);
        PatternMetrics m = evaluate(patterns.shipped(), new OtherGenerator(2026).maps(100));
        System.out.println("Shipped classifier, independent test generator:\n" + m.toText());
        assertTrue(m.macroF1() >= 0.90, "macro-F1 " + m.macroF1());
    }
}
