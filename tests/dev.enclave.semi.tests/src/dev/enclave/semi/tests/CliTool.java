package dev.enclave.semi.tests;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (its name matches no test pattern): a way to run {@code enclave} commands in
 * the test runtime during development, before a product is built, e.g. the training of the shipped
 * defect classifier. Run it with {@code -Dtest=CliTool -Dsurefire.failIfNoSpecifiedTests=false}
 * and the environment variables (the test runtime is a separate process) {@code
 * CLI_ARGS="defect|train|--synthetic|96000|--out|DIR"} ('|' separates arguments, ';;' commands),
 * {@code CLI_DATA=WORKSPACE}; {@code CLI_OTHER=DIR} first writes the independent evaluation set
 * ({@link OtherDefectImages}: DIR/train with 60 and DIR/test with 40 images a class); {@code CLI_BENCH=MODEL_DIR[:MODEL_DIR…]}
 * times each classifier alone on 2,048 inputs, one after the other.
 */
class CliTool {
    @Test
    void run() throws Exception {
        String other = System.getenv("CLI_OTHER");
        if (other != null && !other.isBlank()) {
            new OtherDefectImages(2026).write(Path.of(other, "train"), 60);
            new OtherDefectImages(4242).write(Path.of(other, "test"), 40);
        }
        String bench = System.getenv("CLI_BENCH");
        if (bench != null && !bench.isBlank()) {
            for (String model : bench.split(java.io.File.pathSeparator)) { // several: side by side
                bench(Path.of(model));
            }
        }
        String args = java.util.Objects.requireNonNullElse(System.getenv("CLI_ARGS"), "");
        Path data = Path.of(java.util.Objects.requireNonNullElse(System.getenv("CLI_DATA"),
                Files.createTempDirectory("cli-tool").toString()));
        for (String command : args.split(";;")) {
            if (command.isBlank()) {
                continue;
            }
            Services.Run r = Services.cli(data, command.split("\\|"));
            System.out.println("$ enclave " + command.replace('|', ' ') + "\n" + r.out() + r.err() + "[exit "
                    + r.code() + "]");
        }
    }

    /**
     * The classifier's own speed at its input size (CLI_BENCH=MODEL_DIR): 2,048 standardised inputs in
     * one call, after a warm-up, in process on the cores this machine gives.
     */
    private static void bench(Path model) {
        dev.enclave.runtime.ImageClassifierService s = Services.service(dev.enclave.runtime.ImageClassifierService.class);
        try (dev.enclave.runtime.ImageClassifier c = s.load(model)) {
            int n = 2048, size = c.spec().imageSize();
            float[] x = new float[n * size];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            c.classify(x, 256);
            long t0 = System.nanoTime();
            c.classify(x, n);
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("bench: %d images at %dx%d in %.2f s = %.0f images/s (%d cores available)%n", n,
                    c.spec().width(), c.spec().height(), sec, n / sec, Runtime.getRuntime().availableProcessors());
        }
    }
}
