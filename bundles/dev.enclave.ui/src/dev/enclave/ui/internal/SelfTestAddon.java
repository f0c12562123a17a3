package dev.enclave.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.Event;

import dev.enclave.core.PackRegistry;
import dev.enclave.core.Subject;
import dev.enclave.core.FileIO;
import dev.enclave.ui.Screenshots;

/**
 * Start-up smoke check for IT and the product tests: started with
 * {@code -Denclave.selftest=FILE}, the workbench renders every part once, writes
 * FILE (JSON: the parts in the model, the acting user and the packs) and a
 * screenshot beside it ({@code FILE.png}), then closes. The screenshot shows the Workbench
 * perspective's Home part, or the perspective named by {@code -Denclave.selftest.perspective=ID}.
 * Without the property it does nothing.
 */
public final class SelfTestAddon {
    private static final String WORKBENCH = "dev.enclave.ui.perspective.workbench";

    @jakarta.inject.Inject
    @Optional
    void startupComplete(@UIEventTopic(UIEvents.UILifeCycle.APP_STARTUP_COMPLETE) Event event, MApplication app,
            EModelService models, EPartService parts, IWorkbench workbench, PackRegistry packs) {
        String target = System.getProperty("enclave.selftest");
        if (target == null || target.isBlank()) {
            return;
        }
        Display display = Display.getCurrent();
        display.timerExec(1000, () -> {
            List<Map<String, String>> found = new ArrayList<>();
            List<String> perspectives = new ArrayList<>();
            for (MPerspective p : models.findElements(app, null, MPerspective.class, null)) {
                perspectives.add(p.getElementId());
            }
            for (MPart part : models.findElements(app, null, MPart.class, null)) {
                MPerspective home = models.getPerspectiveFor(part);
                if (home != null && home.getParent() != null && home.getParent().getSelectedElement() != home) {
                    parts.switchPerspective(home);
                }
                parts.showPart(part, EPartService.PartState.ACTIVATE);
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", part.getElementId());
                row.put("label", part.getLocalizedLabel());
                row.put("class", part.getObject() == null ? "" : part.getObject().getClass().getName());
                found.add(row);
            }
            String last = System.getProperty("enclave.selftest.perspective", WORKBENCH);
            for (MPerspective p : models.findElements(app, last, MPerspective.class, null)) {
                parts.switchPerspective(p);
            }
            if (last.equals(WORKBENCH)) {
                parts.showPart("dev.enclave.ui.part.home", EPartService.PartState.ACTIVATE);
            }
            display.timerExec(800, () -> {
                Path file = Path.of(target);
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("parts", found);
                report.put("perspectives", perspectives);
                Subject subject = app.getContext().get(Subject.class);
                report.put("user", subject == null ? null : subject.name());
                report.put("roles", subject == null ? List.of() : List.copyOf(subject.roles()));
                report.put("packs", packs.packs().stream().map(p -> p.id()).toList());
                try {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Shell shell = display.getActiveShell() != null ? display.getActiveShell() : display.getShells()[0];
                    Screenshots.save(shell, Path.of(target + ".png"));
                    Files.writeString(file, FileIO.GSON.toJson(report) + "\n", StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    System.err.println("enclave self-test: cannot write " + file + ": " + e);
                }
                workbench.close();
            });
        });
    }
}
