package dev.enclave.cli.internal;

import java.io.PrintStream;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.cli.CommandLineService;

/** {@link CommandLineService} over {@link EnclaveCli}, finding services in this bundle's framework. */
@Component(service = CommandLineService.class)
public final class DefaultCommandLineService implements CommandLineService {
    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    @Override
    public int run(String[] args, PrintStream stdout, PrintStream stderr) {
        return new EnclaveCli(new BundleServiceLookup(context)).run(args, stdout, stderr);
    }
}
