package dev.enclave.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.ui.internal.workbench.E4XMIResourceFactory;
import org.eclipse.e4.ui.model.fragment.MModelFragment;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.e4.ui.model.fragment.MStringModelFragment;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.osgi.framework.Bundle;

/**
 * The e4 model fragment a UI bundle contributes through its {@code Model-Fragment} header, loaded
 * with the workbench's own resource factory (the one place the tests use that Eclipse internal;
 * this bundle is built with discouraged access as a warning for it).
 */
public final class ModelFragments {
    private ModelFragments() {
    }

    /**
     * Loads the bundle's fragment file.
     *
     * @throws AssertionError when the bundle declares no {@code Model-Fragment} or the file is missing
     */
    public static MModelFragments of(Bundle bundle) throws IOException {
        String header = bundle.getHeaders("").get("Model-Fragment");
        if (header == null || header.isBlank()) {
            throw new AssertionError(bundle.getSymbolicName() + " declares no Model-Fragment header");
        }
        String file = header.split(";")[0].strip();
        if (bundle.getEntry(file) == null) {
            throw new AssertionError(bundle.getSymbolicName() + " has no " + file);
        }
        Resource resource = new E4XMIResourceFactory()
                .createResource(URI.createPlatformPluginURI(bundle.getSymbolicName() + "/" + file, true));
        try (InputStream in = bundle.getEntry(file).openStream()) {
            resource.load(in, null);
        }
        return (MModelFragments) resource.getContents().get(0);
    }

    /** The elements of {@code type} that the fragments add under the element {@code parentId}, in order. */
    public static <T> List<T> elements(MModelFragments fragments, String parentId, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (MModelFragment f : fragments.getFragments()) {
            if (f instanceof MStringModelFragment sf && parentId.equals(sf.getParentElementId())) {
                f.getElements().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
            }
        }
        return out;
    }
}
