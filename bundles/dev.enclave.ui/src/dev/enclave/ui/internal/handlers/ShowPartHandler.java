package dev.enclave.ui.internal.handlers;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

import jakarta.inject.Named;

/**
 * Window › (part): shows and activates a part, re-opening it when it was closed. A part that lives in
 * another perspective (the Library, seen from the Fab perspective) is shown there: the window switches
 * to that perspective, since showing it in the current one would silently do nothing.
 */
public final class ShowPartHandler {
    /** The command parameter naming the part. */
    public static final String PART_ID = "dev.enclave.ui.command.showPart.partId";

    @Execute
    void execute(MApplication app, EModelService models, EPartService parts, @Named(PART_ID) String partId) {
        if (parts.findPart(partId) == null) {
            List<MPart> elsewhere = models.findElements(app, partId, MPart.class);
            MPerspective home = elsewhere.isEmpty() ? null : models.getPerspectiveFor(elsewhere.get(0));
            if (home != null) {
                parts.switchPerspective(home);
            }
        }
        parts.showPart(partId, PartState.ACTIVATE);
    }
}
