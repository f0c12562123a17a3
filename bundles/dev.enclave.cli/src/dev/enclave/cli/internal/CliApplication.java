package dev.enclave.cli.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;

/** The Equinox application behind the product's {@code enclave} script. */
public final class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        context.applicationRunning();
        // UTF-8 regardless of the platform default, so Chinese text and JSON come out intact.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(console(), true, StandardCharsets.UTF_8);
        EnclaveCli cli = new EnclaveCli(new BundleServiceLookup(FrameworkUtil.getBundle(getClass()).getBundleContext()));
        int code = cli.run(args == null ? new String[0] : args, out, err);
        out.flush();
        err.flush();
        return Integer.valueOf(code);
    }

    /**
     * Where Enclave's own messages go: the descriptor the script handed over as {@code enclave.console}
     * (the terminal; the process's stderr is then the log file, for what the JVM and third-party
     * libraries print), else stderr.
     */
    private static OutputStream console() {
        String fd = System.getProperty("enclave.console");
        if (fd != null && fd.matches("[0-9]{1,4}")) {
            OutputStream handed = DescriptorOutputStream.open(Integer.parseInt(fd));
            if (handed != null) {
                return handed;
            }
        }
        return new FileOutputStream(FileDescriptor.err);
    }

    @Override
    public void stop() {
        // Runs are short; nothing to interrupt.
    }
}
