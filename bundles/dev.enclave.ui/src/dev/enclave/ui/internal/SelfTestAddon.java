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
 * FILE (JSON: the parts in the model, the acting user and the packs), a picture of the
 * window with each part shown ({@code FILE.parts/PART-ID.png}, named in the report) and a
 * screenshot beside FILE ({@code FILE.png}), then closes. That screenshot shows the Workbench
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
            List<String> perspectives = new ArrayList<>();
            for (MPerspective p : models.findElements(app, null, MPerspective.class, null)) {
                perspectives.add(p.getElementId());
            }
            List<MPart> all = models.findElements(app, null, MPart.class, null);
            List<Map<String, String>> found = new ArrayList<>();
            Path pictures = Path.of(target + ".parts");
            showNext(display, all, 0, found, pictures, models, parts, () -> finish(display, app, models, parts,
                    workbench, packs, target, found, perspectives));
        });
    }

    /**
     * Shows the part at {@code index}, lets it lay out and paint, saves its window as
     * {@code FILE.parts/ID.png}, then goes on with the next; runs {@code done} after the last.
     */
    private static void showNext(Display display, List<MPart> all, int index, List<Map<String, String>> found,
            Path pictures, EModelService models, EPartService parts, Runnable done) {
        if (index == all.size()) {
            done.run();
            return;
        }
        MPart part = all.get(index);
        MPerspective home = models.getPerspectiveFor(part);
        if (home != null && home.getParent() != null && home.getParent().getSelectedElement() != home) {
            parts.switchPerspective(home);
        }
        parts.showPart(part, EPartService.PartState.ACTIVATE);
        display.timerExec(400, () -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", part.getElementId());
            row.put("label", part.getLocalizedLabel());
            row.put("class", part.getObject() == null ? "" : part.getObject().getClass().getName());
            Path picture = pictures.resolve(part.getElementId() + ".png");
            try {
                Files.createDirectories(pictures);
                Screenshots.save(activeShell(display), picture);
                row.put("picture", picture.toString());
            } catch (IOException | RuntimeException e) {
                row.put("picture", "");
                System.err.println("enclave self-test: cannot save " + picture + ": " + e);
            }
            found.add(row);
            showNext(display, all, index + 1, found, pictures, models, parts, done);
        });
    }

    /** Shows the perspective the picture is of, writes the report and its picture, and closes. */
    private static void finish(Display display, MApplication app, EModelService models, EPartService parts,
            IWorkbench workbench, PackRegistry packs, String target, List<Map<String, String>> found,
            List<String> perspectives) {
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
                Screenshots.save(activeShell(display), Path.of(target + ".png"));
                Files.writeString(file, FileIO.GSON.toJson(report) + "\n", StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                System.err.println("enclave self-test: cannot write " + file + ": " + e);
            }
            workbench.close();
        });
    }

    private static Shell activeShell(Display display) {
        return display.getActiveShell() != null ? display.getActiveShell() : display.getShells()[0];
    }
}
