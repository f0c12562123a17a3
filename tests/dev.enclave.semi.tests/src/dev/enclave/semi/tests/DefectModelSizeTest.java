package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The defect classifier's input side comes from the model's {@code classifier.json}, not a constant: a model
 * trained at one side continues at another ({@code --size}, {@code --from}), and classification and heat maps
 * run at the loaded model's side. Tiny trainings (32 steps), so the test stays quick.
 */
class DefectModelSizeTest {
    @TempDir
    Path dir;

    private static JsonObject spec(Path model) throws Exception {
        return JsonParser.parseString(Files.readString(model.resolve("classifier.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void aModelTrainedAtAnotherSideContinuesAndClassifiesAtItsOwnSide() throws Exception {
        Path ws = dir.resolve("ws"), m48 = dir.resolve("m48"), m80 = dir.resolve("m80");
        Services.Run a = Services.cli(ws, "defect", "train", "--synthetic", "64", "--seed", "2", "--size", "48",
                "--out", m48.toString(), "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals(48, spec(m48).get("height").getAsInt());
        assertTrue(spec(m48).getAsJsonObject("training").get("command").getAsString().contains("--size 48"));

        Services.Run b = Services.cli(ws, "defect", "train", "--synthetic", "64", "--seed", "2", "--size", "80",
                "--from", m48.toString(), "--out", m80.toString(), "--json");
        assertEquals(0, b.code(), b.err());
        JsonObject s80 = spec(m80);
        assertEquals(80, s80.get("width").getAsInt());
        assertEquals(m48.toString(), s80.getAsJsonObject("training").get("initialised_from").getAsString());
        assertTrue(s80.getAsJsonObject("training").get("command").getAsString().contains("--from " + m48));

        Path img = dir.resolve("img.png");
        ImageIO.write(new OtherDefectImages(9).image("scratch"), "png", img.toFile());
        Services.Run c = Services.cli(ws, "defect", "classify", "--model", m80.toString(), "--heatmaps",
                dir.resolve("heat").toString(), "--json", img.toString());
        assertEquals(0, c.code(), c.err());
        JsonObject line = JsonParser.parseString(c.out().strip()).getAsJsonObject();
        assertEquals(img.toString(), line.get("path").getAsString());
        try (var heat = Files.list(dir.resolve("heat"))) {
            assertEquals(1, heat.count());
        }

        Services.Run small = Services.cli(ws, "defect", "train", "--synthetic", "64", "--size", "8", "--out",
                dir.resolve("m8").toString());
        assertNotEquals(0, small.code());
        assertTrue(small.err().contains("--size 8"), small.err());
        Services.Run withData = Services.cli(ws, "defect", "train", "--data", dir.toString(), "--size", "96");
        assertNotEquals(0, withData.code());
        assertTrue(withData.err().contains("--size and --from go with --synthetic"), withData.err());
    }
}
