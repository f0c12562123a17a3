package dev.enclave.semi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code enclave defect …} driven in process: output contracts, bad input, import, similar images, heat maps. */
class DefectCliTest {
    @TempDir
    Path dir;

    private Path image(String name, String label, long seed) throws Exception {
        BufferedImage img = new OtherDefectImages(seed).image(label);
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        ImageIO.write(img, name.endsWith(".jpg") ? "jpg" : "png", f.toFile());
        return f;
    }

    private static JsonObject json(String line) {
        return JsonParser.parseString(line).getAsJsonObject();
    }

    @Test
    void classifyPrintsJsonLinesInInputOrderAndBadImagesDoNotStopTheBatch() throws Exception {
        Path a = image("a.png", "pit", 1);
        Path b = image("b.jpg", "scratch", 2);
        Path notImage = Files.writeString(dir.resolve("notes.png"), "this is not a picture");
        byte[] png = Files.readAllBytes(a);
        Path truncatedPng = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        byte[] jpg = Files.readAllBytes(b);
        Path truncatedJpg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
        Path tiny = dir.resolve("tiny.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());
        Path wide = dir.resolve("wide.png");
        ImageIO.write(new BufferedImage(40_000, 200, BufferedImage.TYPE_BYTE_GRAY), "png", wide.toFile());
        Path c = image("sub/c.png", "bump", 3);

        Services.Run run = Services.cli(dir.resolve("ws"), "defect", "classify", "--json", a.toString(),
                notImage.toString(), truncatedPng.toString(), truncatedJpg.toString(), tiny.toString(),
                wide.toString(), b.toString(), dir.resolve("sub").toString());
        assertEquals(2, run.code(), run.err());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals(List.of(a.toString(), b.toString(), c.toString()),
                lines.stream().map(l -> json(l).get("path").getAsString()).toList(), run.out());
        for (String l : lines) {
            JsonObject o = json(l);
            assertTrue(List.of("scratch", "pit", "bump", "crack", "deformation", "misalignment", "none")
                    .contains(o.get("label").getAsString()), l);
            double conf = o.get("confidence").getAsDouble();
            assertTrue(conf > 0 && conf <= 1, l);
            assertEquals(3, o.getAsJsonArray("top3").size(), l);
            assertEquals(o.get("label").getAsString(),
                    o.getAsJsonArray("top3").get(0).getAsJsonObject().get("label").getAsString());
        }
        String err = run.err();
        assertTrue(err.contains(notImage + ": not an image"), err);
        assertTrue(err.contains(truncatedPng + ": the image is damaged or truncated"), err);
        assertTrue(err.contains(truncatedJpg + ": the image is damaged or truncated"), err);
        assertTrue(err.contains(tiny + ": the image is 1×1 px, too small"), err);
        assertTrue(err.contains(wide + ": the image is 40000×200 px, larger than"), err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("    at "), err);
    }

    @Test
    void importStoresImagesAndClassifyFindsSimilarOnesAndDrawsHeatMaps() throws Exception {
        Path lot = dir.resolve("lot");
        for (int i = 0; i < 3; i++) {
            image("lot/pit-" + i + ".png", "pit", 10 + i);
            image("lot/scratch-" + i + ".png", "scratch", 20 + i);
        }
        Path ws = dir.resolve("ws");
        Services.Run imported = Services.cli(ws, "defect", "import", lot.toString(), "--lot", "L42", "--json");
        assertEquals(0, imported.code(), imported.err());
        JsonObject o = json(imported.out().strip());
        assertEquals(6, o.get("added").getAsInt());
        assertEquals(6, o.get("stored").getAsInt());

        Path query = lot.resolve("pit-0.png");
        Path heat = dir.resolve("heat");
        Services.Run run = Services.cli(ws, "defect", "classify", "--json", "--similar", "2", "--heatmaps",
                heat.toString(), query.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject r = json(run.out().strip());
        var similar = r.getAsJsonArray("similar");
        assertEquals(2, similar.size());
        // The image itself is stored, so it is its own nearest neighbour.
        JsonObject first = similar.get(0).getAsJsonObject();
        assertEquals("L42", first.get("lot").getAsString());
        assertEquals(1.0, first.get("score").getAsDouble(), 1e-3);
        Path png = Path.of(r.get("heatmap").getAsString());
        BufferedImage h = ImageIO.read(png.toFile());
        BufferedImage q = ImageIO.read(query.toFile());
        assertEquals(q.getWidth(), h.getWidth());
        assertEquals(q.getHeight(), h.getHeight());
        assertEquals(1, Services.audited(ws, "defect.import"));
        assertTrue(Services.audited(ws, "defect.classify") >= 2);
    }

    @Test
    void trainingNeedsTwoClasses() throws Exception {
        image("one/scratch/a.png", "scratch", 1);
        image("one/scratch/b.png", "scratch", 2);
        Services.Run run = Services.cli(dir.resolve("ws"), "defect", "train", "--data", dir.resolve("one").toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(dir.resolve("one") + ": training needs readable images of at least two classes"),
                run.err());
        assertTrue(run.err().contains("only 'scratch'"), run.err());
    }

    @Test
    void evalPrintsTheScorecard() throws Exception {
        for (String c : List.of("crack", "none")) {
            for (int i = 0; i < 2; i++) {
                image("set/" + c + "/" + i + ".png", c, c.hashCode() + i);
            }
        }
        Files.writeString(dir.resolve("set/none/broken.png"), "no image");
        Services.Run run = Services.cli(dir.resolve("ws"), "defect", "eval", "--json", dir.resolve("set").toString());
        assertEquals(0, run.code(), run.err());
        JsonObject o = json(run.out().strip());
        assertEquals(4, o.get("images").getAsInt());
        assertEquals(1, o.get("unreadable").getAsInt());
        double acc = o.get("accuracy").getAsDouble();
        assertTrue(acc >= 0 && acc <= 1);
        int total = 0;
        for (var row : o.getAsJsonObject("confusion").entrySet()) {
            for (var cell : row.getValue().getAsJsonObject().entrySet()) {
                total += cell.getValue().getAsInt();
            }
        }
        assertEquals(4, total);
        assertTrue(o.getAsJsonObject("per_class_f1").has("crack"));
        assertTrue(run.err().contains("broken.png: not an image"), run.err());
    }
}
