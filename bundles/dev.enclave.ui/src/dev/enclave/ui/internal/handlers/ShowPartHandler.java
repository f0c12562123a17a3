package dev.enclave.ui.internal.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

import jakarta.inject.Named;

/** Window › (part): shows and activates a part, re-opening it when it was closed. */
public final class ShowPartHandler {
    /** The command parameter naming the part. */
    public static final String PART_ID = "dev.enclave.ui.command.showPart.partId";

    @Execute
    void execute(EPartService parts, @Named(PART_ID) String partId) {
        parts.showPart(partId, PartState.ACTIVATE);
    }
}
