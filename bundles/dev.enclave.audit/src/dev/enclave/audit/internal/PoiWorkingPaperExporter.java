package dev.enclave.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.osgi.service.component.annotations.Component;

import dev.enclave.audit.Portfolio;
import dev.enclave.audit.WorkingPaperExporter;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * The working paper with Apache POI: XWPF for Word ({@link DocxPaper}), XSSF for Excel
 * ({@link XlsxPaper}), in the labels of the default locale (Chinese in a Chinese locale, else
 * English).
 */
@Component(service = WorkingPaperExporter.class)
public final class PoiWorkingPaperExporter implements WorkingPaperExporter {

    @Override
    public void export(Workspace workspace, Subject user, Portfolio portfolio, Map<String, String> texts, Path docx,
            Path xlsx) {
        if (docx == null && xlsx == null) {
            throw EnclaveException.badInput("no file given for the working paper: name a Word (.docx) or Excel (.xlsx) file.");
        }
        PaperText t = new PaperText(Locale.getDefault());
        List<String> written = new ArrayList<>();
        if (docx != null) {
            withPoiLoader(() -> write(docx, out -> new DocxPaper(t).write(portfolio, texts, user.name(), out)));
            written.add(docx.toString());
        }
        if (xlsx != null) {
            withPoiLoader(() -> write(xlsx, out -> new XlsxPaper(t).write(portfolio, texts, user.name(), out)));
            written.add(xlsx.toString());
        }
        workspace.auditLog().append(user.name(), "audit.paper", String.join(",", written), AuditEntry.SUCCESS,
                portfolio.reports().size() + " reports, " + portfolio.findings().size() + " findings");
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path out, Writer w) throws IOException {
        Path abs = out.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            w.write(os);
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }

    private interface Work {
        void run() throws IOException;
    }

    /** XMLBeans finds its schema types through the context class loader; in OSGi that must be POI's. */
    private static void withPoiLoader(Work work) {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(XWPFDocument.class.getClassLoader());
        try {
            work.run();
        } catch (IOException e) {
            throw EnclaveException.badInput("cannot write the working paper: " + e.getMessage());
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
