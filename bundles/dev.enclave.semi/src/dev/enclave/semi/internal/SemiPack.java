package dev.enclave.semi.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.DomainPack;

/** The semiconductor pack's {@link DomainPack} service. */
@Component(service = DomainPack.class)
public final class SemiPack implements DomainPack {
    private String version = "0.0.0";

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @Override
    public String id() {
        return "dev.enclave.semi";
    }

    @Override
    public String name() {
        return "Semiconductor QA Pack (Wafer Maps, Yield) / 半导体质量包（晶圆图、良率）";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "Wafer map import, WM-811K pattern classification with similar past maps, die yield and yield "
                + "prediction from process parameters.";
    }

    @Override
    public List<String> contributions() {
        return List.of("service: dev.enclave.semi.WaferPatterns", "service: dev.enclave.semi.WaferLibrary",
                "service: dev.enclave.semi.YieldModels", "service: dev.enclave.semi.WaferStore",
                "cli: enclave wafer classify|eval|train|generate|import|yield",
                "cli: enclave yield fit|suggest", "part: Wafer Maps (dev.enclave.semi.ui.part.wafers)");
    }
}
