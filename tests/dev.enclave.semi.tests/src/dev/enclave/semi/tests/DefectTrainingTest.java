package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code enclave defect train} on a tiny folder (a few steps, so it stays quick): a new class,
 * the version folder with scorecard and lineage, and the rule that the workspace's classifier is
 * replaced only by a better one unless forced.
 */
class DefectTrainingTest {
    @TempDir
    Path dir;

    @Test
    void fineTuningWritesAVersionWithLineageAndReplacesOnlyWhenBetterOrForced() throws Exception {
        Path data = dir.resolve("data");
        OtherDefectImages gen = new OtherDefectImages(77);
        for (String c : List.of("scratch", "pit", "none")) {
            Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 3; i++) {
                ImageIO.write(gen.image(c), "png", data.resolve(c).resolve(c + i + ".png").toFile());
            }
        }
        // A class of the fab's own, unknown to the shipped model.
        Files.createDirectories(data.resolve("residue"));
        for (int i = 0; i < 3; i++) {
            ImageIO.write(gen.image("bump"), "png", data.resolve("residue").resolve("r" + i + ".png").toFile());
        }
        Path ws = dir.resolve("ws");
        Services.Run run = Services.cli(ws, "defect", "train", "--data", data.toString(), "--epochs", "2", "--seed",
                "3", "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject o = JsonParser.parseString(run.out().strip()).getAsJsonObject();
        assertTrue(o.get("data_hash").getAsString().matches("[0-9a-f]{64}"), o.toString());
        assertEquals(8, o.get("train_images").getAsInt());
        assertEquals(4, o.get("validation_images").getAsInt());
        boolean better = o.get("macro_f1").getAsDouble() > o.get("previous_macro_f1").getAsDouble();
        assertEquals(better, o.get("replaced").getAsBoolean(), o.toString());
        Path out = Path.of(o.get("out").getAsString());
        JsonObject card = JsonParser.parseString(Files.readString(out.resolve("scorecard.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(o.get("version").getAsString(), card.get("version").getAsString());
        assertEquals(o.get("data_hash").getAsString(), card.getAsJsonObject("lineage").get("data_hash").getAsString());
        String labels = JsonParser.parseString(Files.readString(out.resolve("classifier.json"),
                StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("labels").toString();
        assertTrue(labels.contains("\"residue\"") && labels.contains("\"misalignment\""), labels);

        // Same data, same seed: same lineage; forced, the workspace uses the new version whatever it scored.
        Services.Run forced = Services.cli(ws, "defect", "train", "--data", data.toString(), "--epochs", "1",
                "--seed", "3", "--force", "--json");
        assertEquals(0, forced.code(), forced.err());
        JsonObject f = JsonParser.parseString(forced.out().strip()).getAsJsonObject();
        assertEquals(o.get("data_hash").getAsString(), f.get("data_hash").getAsString());
        assertTrue(f.get("replaced").getAsBoolean());
        Services.Run classify = Services.cli(ws, "defect", "classify", "--json",
                data.resolve("residue").toString());
        assertEquals(0, classify.code(), classify.err());
        assertEquals(3, classify.out().strip().lines().count());
        assertEquals(2, Services.audited(ws, "defect.train"));
    }
}
