package dev.enclave.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The three archives the build leaves in {@code releng/dev.enclave.product/target/products}
 * (Linux, Windows, macOS), checked without running them: each holds the start scripts and the
 * native libraries the runtime loads on its platform, and no other platform's natives.
 *
 * <p>Which libraries the model runtime loads is read from the archive's own runtime bundle
 * ({@code natives.properties}, the list its {@code Djl} class copies and names to DJL); SWT's are
 * the ones SWT loads first on that platform. The sh scripts pass {@code sh -n}, {@code bash -n} and
 * {@code shellcheck}; cmd.exe has no parser here, so the cmd scripts pass a structural check (CRLF
 * lines, every {@code goto}/{@code call} label defined, parentheses balanced, expanded paths
 * quoted, the same launcher, application and product as the sh scripts); releng/docs/CONTRIBUTING.md
 * names the manual check on Windows.
 */
class ArchiveTest {
    enum Platform {
        LINUX("linux.gtk.x86_64", "tar.gz", "enclave/", "linux-x86_64", "org.eclipse.swt.gtk.linux.x86_64",
                List.of("libswt-gtk-", "libswt-pi3-gtk-", "libswt-pi4-gtk-", "libswt-cairo-gtk-")),
        WINDOWS("win32.win32.x86_64", "zip", "enclave/", "win-x86_64", "org.eclipse.swt.win32.win32.x86_64",
                List.of("swt-win32-", "swt-gdip-win32-")),
        // On macOS the product is an app bundle; p2 installs it in Contents/Eclipse.
        MACOS("macosx.cocoa.aarch64", "tar.gz", "Enclave.app/Contents/Eclipse/", "osx-aarch64",
                "org.eclipse.swt.cocoa.macosx.aarch64", List.of("libswt-pi-cocoa-", "libswt-cocoa-"));

        final String environment;
        /** The product folder inside the archive, with a trailing slash. */
        final String root;
        final String format;
        final String djl;
        final String swtFragment;
        final List<String> swtLibraries;

        Platform(String environment, String format, String root, String djl, String swtFragment,
                List<String> swtLibraries) {
            this.environment = environment;
            this.format = format;
            this.root = root;
            this.djl = djl;
            this.swtFragment = swtFragment;
            this.swtLibraries = swtLibraries;
        }

    }

    /** The bundle each kind of native library in natives.properties comes from. */
    private static final Map<String, String> BUNDLES = Map.of("torch", "ai.djl.pytorch.pytorch-native-cpu",
            "jni", "ai.djl.pytorch.pytorch-jni", "tokenizers", "ai.djl.huggingface.tokenizers", "onnxruntime",
            "com.microsoft.onnxruntime.onnxruntime");

    @TempDir
    static Path tmp;

    static Path products;

    @BeforeAll
    static void findProducts() {
        products = Path.of(System.getProperty("enclave.products"));
        assertTrue(Files.isDirectory(products), "the build's products at " + products);
    }

    static Path archive(Platform platform) throws IOException {
        try (Stream<Path> files = Files.list(products)) {
            List<Path> found = files.filter(f -> f.getFileName().toString()
                    .matches("enclave-workbench-[0-9.]+-" + Pattern.quote(platform.environment) + "\\."
                            + Pattern.quote(platform.format))).toList();
            assertEquals(1, found.size(), "one " + platform.format + " archive for " + platform.environment + " in "
                    + products + ": " + found);
            return found.get(0);
        }
    }

    /** An archive unpacked in memory as far as needed: every entry's name and mode, and chosen files. */
    record Listing(Platform platform, Map<String, Integer> modes, Map<String, byte[]> files) {
        /** A file of the product folder, by its path in the product (e.g. {@code enclave.cmd}). */
        byte[] product(String path) {
            return file(platform.root + path);
        }

        int mode(String path) {
            return modes.getOrDefault(platform.root + path, -1) & 0777;
        }

        byte[] file(String name) {
            byte[] bytes = files.get(name);
            assertNotNull(bytes, name + " in the archive");
            return bytes;
        }
    }

    /** Entries whose content the checks read: start scripts, the app bundle, the native bundles. */
    static boolean wanted(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return name.contains("/plugins/") ? file.startsWith("dev.enclave.runtime_") || file.startsWith("ai.djl.")
                || file.startsWith("com.microsoft.onnxruntime") || file.startsWith("org.eclipse.swt.")
                : !name.endsWith("/") && !name.contains("/features/") && !name.contains("/p2/");
    }

    /** Each archive is read once for all the checks (they are 200–300 MB). */
    private static final Map<Platform, Listing> LISTINGS = new EnumMap<>(Platform.class);

    static Listing list(Platform platform) throws IOException, InterruptedException {
        Listing cached = LISTINGS.get(platform);
        if (cached == null) {
            cached = read(platform);
            LISTINGS.put(platform, cached);
        }
        return cached;
    }

    static Listing read(Platform platform) throws IOException, InterruptedException {
        Path archive = archive(platform);
        Map<String, Integer> modes = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (platform.format.equals("zip")) {
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                for (ZipEntry e : zip.stream().toList()) {
                    modes.put(e.getName(), 0);
                    if (!e.isDirectory() && wanted(e.getName())) {
                        try (InputStream in = zip.getInputStream(e)) {
                            files.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
            return new Listing(platform, modes, files);
        }
        Enclave.Result listing = Enclave.run(List.of("tar", "-tvzf", archive.toString()), Map.of(), 300);
        assertEquals(0, listing.code(), listing.err());
        // -rwxr-xr-x user/group SIZE DATE TIME NAME
        Pattern line = Pattern.compile("^([-dlrwxsStT]{10})\\s+\\S+\\s+\\d+\\s+\\S+\\s+\\S+\\s+(.+)$");
        List<String> extract = new ArrayList<>();
        for (String l : listing.out().lines().toList()) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), "a tar listing line: " + l);
            String name = m.group(2).replaceFirst(" -> .*$", "");
            modes.put(name, mode(m.group(1)));
            if (m.group(1).charAt(0) == '-' && wanted(name)) {
                extract.add(name);
            }
        }
        Path into = Files.createDirectories(tmp.resolve(platform.name()));
        List<String> command = new ArrayList<>(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()));
        command.addAll(extract);
        Enclave.Result x = Enclave.run(command, Map.of(), 300);
        assertEquals(0, x.code(), x.err());
        for (String name : extract) {
            files.put(name, Files.readAllBytes(into.resolve(name)));
        }
        return new Listing(platform, modes, files);
    }

    static int mode(String permissions) {
        int mode = 0;
        for (int i = 1; i < 10; i++) {
            mode = (mode << 1) | (permissions.charAt(i) == '-' ? 0 : 1);
        }
        return mode;
    }

    /** The names of the entries of a jar held in memory, with their sizes. */
    static Map<String, Long> jarEntries(byte[] jar) throws IOException {
        Map<String, Long> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.transferTo(OutputStreamSink.INSTANCE));
            }
        }
        return entries;
    }

    /** Counts what it is given and keeps nothing. */
    private static final class OutputStreamSink extends OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** The plugin jars of a bundle in the listing (plugins/NAME_VERSION.jar). */
    static List<String> plugins(Listing listing, String bundle) {
        String prefix = listing.platform().root + "plugins/" + bundle + "_";
        return listing.modes().keySet().stream().filter(n -> n.startsWith(prefix) && n.endsWith(".jar")).toList();
    }

    static String onePlugin(Listing listing, String bundle) {
        List<String> found = plugins(listing, bundle);
        assertEquals(1, found.size(), "one " + bundle + " in the archive: " + found);
        return found.get(0);
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyNativeLibraryTheRuntimeLoadsIsInTheArchive(Platform platform) throws Exception {
        Listing listing = list(platform);
        Properties natives = new Properties();
        Map<String, Long> runtime = jarEntries(listing.file(onePlugin(listing, "dev.enclave.runtime")));
        String list = "dev/enclave/runtime/internal/natives.properties";
        assertTrue(runtime.containsKey(list), "the runtime bundle lists its native libraries");
        try (ZipInputStream in = new ZipInputStream(
                new ByteArrayInputStream(listing.file(onePlugin(listing, "dev.enclave.runtime"))))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(list)) {
                    natives.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
                    break;
                }
            }
        }
        int checked = 0;
        for (Map.Entry<String, String> kind : BUNDLES.entrySet()) {
            String value = natives.getProperty(platform.djl + "." + kind.getKey());
            assertNotNull(value, platform.djl + "." + kind.getKey() + " in " + list);
            Map<String, Long> jar = jarEntries(listing.file(onePlugin(listing, kind.getValue())));
            for (String entry : value.trim().split("\\s*,\\s*")) {
                assertTrue(jar.getOrDefault(entry, 0L) > 0, kind.getValue() + " holds " + entry + " for "
                        + platform.environment);
                checked++;
            }
        }
        assertTrue(checked >= 8, checked + " libraries checked");
        // libtorch of this platform only: the bundle of another platform would be 40–110 MB of dead weight.
        String torch = onePlugin(listing, "ai.djl.pytorch.pytorch-native-cpu");
        assertTrue(torch.endsWith("_2.7.1." + platform.djl + ".jar"), torch);

        Map<String, Long> swt = jarEntries(listing.file(onePlugin(listing, platform.swtFragment)));
        for (String library : platform.swtLibraries) {
            assertTrue(swt.keySet().stream().anyMatch(n -> n.startsWith(library) && swt.get(n) > 0),
                    platform.swtFragment + " holds " + library + "*: " + swt.keySet().stream()
                            .filter(n -> !n.endsWith(".class")).toList());
        }
        for (Platform other : Platform.values()) {
            if (other != platform) {
                assertTrue(plugins(listing, other.swtFragment).isEmpty(), other.swtFragment + " in the "
                        + platform.environment + " archive");
            }
        }
        assertEquals(1, plugins(listing, "org.eclipse.equinox.launcher").size(), "the launcher the scripts start");
    }

    @ParameterizedTest
    @EnumSource(value = Platform.class, names = { "LINUX", "MACOS" })
    void theShellStartScriptsAreExecutableAndPassTheSyntaxChecks(Platform platform) throws Exception {
        Listing listing = list(platform);
        Path dir = Files.createDirectories(tmp.resolve("scripts-" + platform.name()));
        List<String> scripts = new ArrayList<>(List.of(platform.root + "enclave", platform.root + "enclave-workbench"));
        if (platform == Platform.MACOS) {
            scripts.add("Enclave.app/Contents/MacOS/Enclave");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String script : scripts) {
            assertEquals(0755, listing.modes().getOrDefault(script, -1) & 0777, script + " is executable (755)");
            // Under their own names, side by side, so that shellcheck follows 'enclave' sourcing 'enclave-workbench'.
            Path folder = Files.createDirectories(dir.resolve(script.contains("/MacOS/") ? "app" : "product"));
            Path file = folder.resolve(script.substring(script.lastIndexOf('/') + 1));
            Files.write(file, listing.file(script));
            files.put(script, file);
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String script = e.getKey();
            Path file = e.getValue();
            for (String shell : List.of("sh", "bash")) {
                Enclave.Result r = Enclave.run(List.of(shell, "-n", file.toString()), Map.of(), 30);
                assertEquals(0, r.code(), shell + " -n " + script + "\n" + r);
            }
            Enclave.Result check = Enclave.run(List.of("shellcheck", "-S", "warning", "-s", "sh", "-x", "-P", "SCRIPTDIR",
                    file.toString()), Map.of(), 60);
            assertEquals(0, check.code(), "shellcheck " + script + " (apt-get install shellcheck; .ci/run does)\n"
                    + check);
        }
        if (platform == Platform.MACOS) {
            // The plist names Apple's DTD by URL: never fetch it (the build and the tests run air-gapped).
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document plist = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(listing.file("Enclave.app/Contents/Info.plist")));
            NodeList keys = plist.getElementsByTagName("key");
            String executable = null;
            for (int i = 0; i < keys.getLength(); i++) {
                if (keys.item(i).getTextContent().equals("CFBundleExecutable")) {
                    Node value = keys.item(i).getNextSibling();
                    while (value.getNodeType() != Node.ELEMENT_NODE) {
                        value = value.getNextSibling();
                    }
                    executable = value.getTextContent();
                }
            }
            assertEquals("Enclave", executable, "Info.plist names the app's executable");
            String app = new String(listing.file("Enclave.app/Contents/MacOS/Enclave"), StandardCharsets.UTF_8);
            assertTrue(app.contains("/../Eclipse") && app.contains("/enclave-workbench\" \"$@\""),
                    "the app starts the product's workbench script:\n" + app);
            String workbench = new String(listing.product("enclave-workbench"), StandardCharsets.UTF_8);
            assertTrue(workbench.contains("-XstartOnFirstThread"), "SWT on macOS needs the first thread");
        }
    }

    @Test
    void theWindowsStartScriptsPassTheStructuralCheck() throws Exception {
        Listing listing = list(Platform.WINDOWS);
        assertFalse(listing.modes().containsKey("enclave/enclave"), "no sh scripts in the Windows archive");
        String logging = new String(listing.product("logging.properties"), StandardCharsets.UTF_8);
        assertTrue(logging.contains("java.util.logging"), "logging.properties beside the scripts");
        for (String name : List.of("enclave.cmd", "enclave-workbench.cmd")) {
            List<String> problems = CmdCheck.problems(new String(listing.product(name), StandardCharsets.UTF_8));
            assertTrue(problems.isEmpty(), name + ":\n" + String.join("\n", problems));
        }
        String cli = new String(listing.product("enclave.cmd"), StandardCharsets.UTF_8);
        String workbench = new String(listing.product("enclave-workbench.cmd"), StandardCharsets.UTF_8);
        assertTrue(cli.contains("-application dev.enclave.cli.app") && cli.contains("%*"), "the CLI application");
        assertTrue(workbench.contains("-product dev.enclave.ui.product") && workbench.contains("%*"), "the product");
        for (String script : List.of(cli, workbench)) {
            assertTrue(script.contains("plugins\\org.eclipse.equinox.launcher_*.jar"), "the launcher jar");
            assertTrue(script.contains("-Declipse.log.include.commandline=false")
                    && script.contains("-Dosgi.logfile=%ENCLAVE_LOGS%"), "logs private, without the command line");
        }
        for (String option : List.of("-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                "--add-modules jdk.incubator.vector", "-Djava.awt.headless=true", "-Denclave.console")) {
            // The same JVM options as the sh script, except the console descriptor, which cmd cannot hand over.
            assertEquals(!option.equals("-Denclave.console"), cli.contains(option), option);
        }
    }
}
