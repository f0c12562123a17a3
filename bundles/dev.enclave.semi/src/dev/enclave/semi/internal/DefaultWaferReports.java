package dev.enclave.semi.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.WaferLibrary.StoredMap;
import dev.enclave.semi.WaferReports;

/** {@link WaferReports} with Apache POI (DOCX) and PDFBox (PDF). */
@Component(service = WaferReports.class)
public final class DefaultWaferReports implements WaferReports {

    @Override
    public Summary write(List<StoredMap> maps, String lot, String week, List<String> notes, Format format, Path out) {
        ReportContent c = new ReportContent(maps, lot, week, notes == null ? List.of() : notes);
        String font = null;
        // POI loads its XML bindings and commons-io through the thread's context class loader.
        Thread thread = Thread.currentThread();
        ClassLoader old = thread.getContextClassLoader();
        thread.setContextClassLoader(format == Format.DOCX ? org.apache.poi.xwpf.usermodel.XWPFDocument.class
                .getClassLoader() : old);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (format == Format.DOCX) {
                try (OutputStream o = Files.newOutputStream(out)) {
                    DocxReport.write(c, o);
                }
            } else {
                try (PdfReport pdf = new PdfReport()) {
                    pdf.write(c, out);
                    font = pdf.chineseFont();
                }
            }
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot write the report " + out + ": " + e.getMessage());
        } finally {
            thread.setContextClassLoader(old);
        }
        return new Summary(out, c.title.en(), c.maps.size(), (long) c.yield.get("dies"), (long) c.yield.get("good"),
                (double) c.yield.get("yield"), c.findings.size(), font);
    }
}
