package dev.enclave.semi.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.DefectImages;

/**
 * Reads inspection images safely and turns them into the network's input: the size is taken from
 * the file header and checked before pixels are decoded, a decoder warning (a truncated JPEG) counts
 * as damage, and the image becomes a square luminance canvas with its aspect kept (letterboxed with
 * its own mean), standardised to mean 0 and deviation 1.
 */
public final class DefectImageIO {
    private DefectImageIO() {
    }

    /** Whether the file name ends with one of {@link DefectImages#EXTENSIONS}. */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && DefectImages.EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * The images named by {@code paths}, in order; a folder contributes its images (recursively)
     * sorted by path.
     *
     * @throws EnclaveException (bad input) if a path does not exist
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(DefectImageIO::isImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw EnclaveException.badInput(p + ": cannot list the folder: " + e.getMessage());
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw EnclaveException.badInput(p + ": no such file or folder.");
            }
        }
        return out;
    }

    /**
     * Decodes an image after checking its header.
     *
     * @throws EnclaveException (bad input) "FILE: what is wrong" for a file that is not a readable image,
     *             too small, too large or damaged
     */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw EnclaveException.badInput(file + ": not a file.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw EnclaveException.badInput(file + ": cannot open the file.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw EnclaveException.badInput(file + ": not an image in a known format (png, jpg, bmp, tiff, gif).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w < DefectImages.MIN_SIDE || h < DefectImages.MIN_SIDE) {
                    throw EnclaveException.badInput(file + ": the image is " + w + "×" + h + " px, too small to "
                            + "classify (at least " + DefectImages.MIN_SIDE + " px a side).");
                }
                if (w > DefectImages.MAX_SIDE || h > DefectImages.MAX_SIDE || (long) w * h > DefectImages.MAX_PIXELS) {
                    throw EnclaveException.badInput(file + ": the image is " + w + "×" + h + " px, larger than "
                            + "the " + DefectImages.MAX_SIDE + " px a side (" + DefectImages.MAX_PIXELS / 1_000_000
                            + " megapixels) accepted; crop or scale it first.");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String warning) {
                        warnings.add(warning);
                    }
                });
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw EnclaveException.badInput(file + ": the image is damaged or truncated (" + warnings.get(0)
                            + ").");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (EnclaveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw EnclaveException.badInput(file + ": the image is damaged or truncated (" + why + ").");
        } catch (OutOfMemoryError e) {
            throw EnclaveException.badInput(file + ": the image is too large to decode in the memory available.");
        }
    }

    /**
     * The luminance of {@code img} in [0, 1] on a {@code size × size} canvas, aspect kept, scaled by area
     * averaging (bilinear when enlarged), the margins filled with the image's mean.
     */
    public static float[] canvas(BufferedImage img, int size) {
        int w = img.getWidth(), h = img.getHeight();
        // Reduce by whole blocks first (area average), bounding memory for large images.
        int scale = Math.max(w, h);
        int k = Math.max(1, scale / (size * 2));
        int bw = Math.max(1, w / k), bh = Math.max(1, h / k);
        float[] lum = new float[bw * bh];
        int[] row = new int[w];
        for (int by = 0; by < bh; by++) {
            for (int dy = 0; dy < k; dy++) {
                int y = by * k + dy;
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int bx = 0; bx < bw; bx++) {
                    float s = 0;
                    for (int dx = 0; dx < k; dx++) {
                        int rgb = row[bx * k + dx];
                        s += 0.299f * ((rgb >> 16) & 255) + 0.587f * ((rgb >> 8) & 255) + 0.114f * (rgb & 255);
                    }
                    lum[by * bw + bx] += s;
                }
            }
        }
        float norm = 1f / (255f * k * k);
        double mean = 0;
        for (int i = 0; i < lum.length; i++) {
            lum[i] *= norm;
            mean += lum[i];
        }
        mean /= lum.length;
        int tw = Math.max(1, Math.round(size * bw / (float) Math.max(bw, bh)));
        int th = Math.max(1, Math.round(size * bh / (float) Math.max(bw, bh)));
        float[] out = new float[size * size];
        java.util.Arrays.fill(out, (float) mean);
        int ox = (size - tw) / 2, oy = (size - th) / 2;
        // Separable resampling: area-averaging where the image shrinks, so a line one pixel wide survives
        // as a fainter line rather than a dotted one; bilinear where it grows.
        float[] rows = new float[tw * bh];
        for (int y = 0; y < bh; y++) {
            resample(lum, y * bw, 1, bw, rows, y * tw, 1, tw);
        }
        float[] fitted = new float[tw * th];
        for (int x = 0; x < tw; x++) {
            resample(rows, x, tw, bh, fitted, x, tw, th);
        }
        for (int y = 0; y < th; y++) {
            System.arraycopy(fitted, y * tw, out, (oy + y) * size + ox, tw);
        }
        return out;
    }

    /**
     * Resamples {@code n} values of {@code src} (from {@code at}, {@code stride} apart) to {@code m} values of
     * {@code dst}: each output value is the mean of the source interval it covers when shrinking, a linear
     * interpolation when growing.
     */
    private static void resample(float[] src, int at, int stride, int n, float[] dst, int to, int dstride, int m) {
        double f = n / (double) m;
        for (int i = 0; i < m; i++) {
            double v;
            if (f > 1) {
                double a = i * f, b = a + f, sum = 0;
                for (int j = (int) a; j < b && j < n; j++) {
                    double cover = Math.min(b, j + 1) - Math.max(a, j);
                    sum += cover * src[at + j * stride];
                }
                v = sum / f;
            } else {
                double s = Math.max(0, (i + 0.5) * f - 0.5);
                int j0 = Math.min((int) s, n - 1), j1 = Math.min(j0 + 1, n - 1);
                double t = s - j0;
                v = (1 - t) * src[at + j0 * stride] + t * src[at + j1 * stride];
            }
            dst[to + i * dstride] = (float) v;
        }
    }

    /** Standardises {@code v[from, from + n)} in place to mean 0 and deviation 1 (a flat image stays 0). */
    public static void standardise(float[] v, int from, int n) {
        double s = 0, ss = 0;
        for (int i = from; i < from + n; i++) {
            s += v[i];
            ss += v[i] * v[i];
        }
        double mean = s / n;
        double sd = Math.sqrt(Math.max(0, ss / n - mean * mean));
        float inv = (float) (1 / Math.max(sd, 0.02));
        for (int i = from; i < from + n; i++) {
            v[i] = (float) ((v[i] - mean) * inv);
        }
    }
}
