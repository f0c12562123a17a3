package dev.enclave.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

import jakarta.inject.Named;

/**
 * Window › Perspective › (perspective): switches the main window to a perspective. The
 * workbench has one ({@code dev.enclave.ui.perspective.workbench}); Domain Packs add theirs
 * to {@code dev.enclave.ui.perspectivestack} with a menu item under
 * {@code dev.enclave.ui.menu.perspectives} that calls this command.
 */
public final class ShowPerspectiveHandler {
    /** The command parameter naming the perspective. */
    public static final String PERSPECTIVE_ID = "dev.enclave.ui.command.showPerspective.perspectiveId";

    @CanExecute
    boolean canExecute(MApplication app, EModelService models, @Named(PERSPECTIVE_ID) String perspectiveId) {
        return find(app, models, perspectiveId) != null;
    }

    @Execute
    void execute(MApplication app, EModelService models, EPartService parts,
            @Named(PERSPECTIVE_ID) String perspectiveId) {
        MPerspective perspective = find(app, models, perspectiveId);
        if (perspective != null) {
            parts.switchPerspective(perspective);
        }
    }

    private static MPerspective find(MApplication app, EModelService models, String id) {
        List<MPerspective> found = models.findElements(app, id, MPerspective.class);
        return found.isEmpty() ? null : found.get(0);
    }
}
