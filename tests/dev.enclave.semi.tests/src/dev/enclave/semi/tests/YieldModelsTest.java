package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.YieldData;
import dev.enclave.semi.YieldModels;

/**
 * Yield prediction on runs drawn from a known Poisson process: defects depend on a
 * factor (mask), an interaction (mask × pad) and a numeric parameter (temperature) with
 * an optimum at 245 °C.
 */
class YieldModelsTest {
    @TempDir
    Path dir;

    private static double rate(String mask, String pad, double temp) {
        double eta = 1.0 + (mask.equals("B") ? 0.8 : mask.equals("C") ? -0.4 : 0) + (pad.equals("W") ? 0.5 : 0)
                + (mask.equals("C") && pad.equals("W") ? 0.9 : 0) + 0.0008 * (temp - 245) * (temp - 245);
        return Math.exp(eta);
    }

    private static int poisson(Random r, double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private Path runs(int n, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("mask,pad,temp,panel,defects\n");
        String[] masks = { "A", "B", "C" }, pads = { "D", "W" };
        for (int i = 0; i < n; i++) {
            String m = masks[r.nextInt(3)], p = pads[r.nextInt(2)];
            double t = 220 + r.nextInt(51);
            sb.append(m).append(',').append(p).append(',').append(t).append(',').append(1 + r.nextInt(3)).append(',')
                    .append(poisson(r, rate(m, p, t))).append('\n');
        }
        return Files.writeString(dir.resolve("runs.csv"), sb);
    }

    @Test
    void crossValidationPrefersTheModelThatFitsAndSuggestionsFindTheOptimum() throws Exception {
        YieldModels models = Services.service(YieldModels.class);
        YieldData data = YieldData.readCsv(runs(600, 5), "defects", Set.of("panel"), Set.of());
        assertTrue(data.countOutcome());
        assertEquals(List.of("mask", "pad", "temp", "panel"), data.parameters());
        YieldModels.Fit fit = models.fit(data, 5, 1);
        assertEquals("poisson", fit.family());
        EnclaveException folds = assertThrows(EnclaveException.class, () -> models.fit(data, 1, 1));
        assertTrue(folds.getMessage().contains("folds") && !folds.getMessage().contains("--"),
                "in the user's terms: " + folds.getMessage());
        YieldModels.Score baseline = fit.scores().get(0);
        YieldModels.Score main = fit.scores().get(1);
        YieldModels.Score chosen = fit.scores().stream().filter(s -> s.model().equals(fit.chosen())).findFirst()
                .orElseThrow();
        assertTrue(main.deviance() < baseline.deviance() * 0.7, fit.scores().toString());
        assertTrue(chosen.model().contains("interactions"), "the data has an interaction: " + fit.scores());
        assertTrue(chosen.deviance() < main.deviance(), fit.scores().toString());

        List<YieldModels.Suggestion> best = models.suggest(fit.modelJson(), Map.of("temp", "220:270"), false, 3);
        YieldModels.Suggestion top = best.get(0);
        assertEquals("C", top.settings().get("mask"));
        assertEquals("D", top.settings().get("pad"));
        assertEquals(245, Double.parseDouble(top.settings().get("temp")), 7.5);
        assertEquals(rate("C", "D", 245), top.predicted(), 0.35 * rate("C", "D", 245));
        List<YieldModels.Suggestion> bounded = models.suggest(fit.modelJson(), Map.of("mask", "A|B", "temp", "250:260"),
                false, 1);
        assertEquals("A", bounded.get(0).settings().get("mask"));
        double t = Double.parseDouble(bounded.get(0).settings().get("temp"));
        assertTrue(t >= 250 && t <= 253, "closest allowed to the optimum: " + t);
    }

    @Test
    void cliFitsAndSuggestsWithJson() throws Exception {
        Path file = runs(300, 9);
        Path ws = dir.resolve("ws");
        Services.Run fit = Services.cli(ws, "yield", "fit", "--json", "--target", "defects", "--factor", "panel",
                "--folds", "5", file.toString());
        assertEquals(0, fit.code(), fit.err());
        JsonObject o = JsonParser.parseString(fit.out()).getAsJsonObject();
        assertEquals("poisson", o.get("family").getAsString());
        assertEquals(300, o.get("runs").getAsInt());
        assertEquals(5, o.getAsJsonArray("models").size());
        assertEquals(1, Services.audited(ws, "yield.fit"), "the service audits the fit once");
        Services.Run suggest = Services.cli(ws, "yield", "suggest", "--json", "--top", "2", "--bound", "pad=W");
        assertEquals(0, suggest.code(), suggest.err());
        JsonObject s = JsonParser.parseString(suggest.out()).getAsJsonObject();
        assertEquals(2, s.getAsJsonArray("suggestions").size());
        assertEquals("W", s.getAsJsonArray("suggestions").get(0).getAsJsonObject().getAsJsonObject("settings")
                .get("pad").getAsString());
        Services.Run bad = Services.cli(ws, "yield", "suggest", "--bound", "pad=Q");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'Q'"), bad.err());
        Services.Run missing = Services.cli(ws, "yield", "fit", "--target", "nope", file.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
    }
}
