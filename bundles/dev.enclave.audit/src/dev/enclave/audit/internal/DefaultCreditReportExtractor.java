package dev.enclave.audit.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReportExtractor;
import dev.enclave.audit.FieldExtractor;
import dev.enclave.core.Progress;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.DocumentParsers;

/**
 * Rule-based extraction (sections, forms, tables, prose) with HanLP name recognition, then the
 * {@link FieldExtractor} services' candidates for the fields the rules left empty.
 */
@Component(service = CreditReportExtractor.class)
public final class DefaultCreditReportExtractor implements CreditReportExtractor {
    /** The knowledge base's parsers, for docx and pdf reports (offsets into the same extracted text). */
    private volatile DocumentParsers parsers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setParsers(DocumentParsers parsers) {
        this.parsers = parsers;
    }

    void unsetParsers(DocumentParsers parsers) {
        if (this.parsers == parsers) {
            this.parsers = null;
        }
    }

    @Override
    public CreditReport extract(Path file) {
        return extract(readText(file), file.toString());
    }

    /** The field readers banks and partners add; their candidates fill what the rules left empty. */
    private final List<FieldExtractor> readers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReader(FieldExtractor reader) {
        readers.add(reader);
    }

    void removeReader(FieldExtractor reader) {
        readers.remove(reader);
    }

    @Override
    public CreditReport extract(String text, String source) {
        return Extensions.fill(new RuleExtractor(text, source).run(), text, List.copyOf(readers));
    }

    @Override
    public String readText(Path file) {
        return readText(null, file, Progress.silent());
    }

    @Override
    public String readText(Workspace workspace, Path file, Progress progress) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        DocumentParsers p = parsers;
        if (p == null || name.endsWith(".txt") || !name.contains(".")) {
            return ReportFiles.read(file);
        }
        if (p.typeOf(file) != null) {
            if (workspace == null) {
                return p.parse(file).text();
            }
            // Through the workspace: a scan's OCR is cached there by content and runs under the caller's progress.
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                return p.parse(workspace, file.getFileName().toString(), in, progress).text();
            } catch (java.nio.file.NoSuchFileException e) {
                throw dev.enclave.core.EnclaveException.badInput(file + " does not exist. / 文件不存在。");
            } catch (java.io.IOException e) {
                throw dev.enclave.core.EnclaveException.badInput(file + " cannot be read: " + e.getMessage()
                        + " / 无法读取。");
            }
        }
        throw dev.enclave.core.EnclaveException.badInput(file + ": not a supported report format (supported: txt, "
                + String.join(", ", new java.util.TreeSet<>(p.types())) + "). / 不支持的报告格式。");
    }
}
