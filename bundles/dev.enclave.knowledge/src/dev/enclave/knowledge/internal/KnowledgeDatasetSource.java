package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonObject;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.studio.DatasetSource;

/**
 * A collection's chunks as plain-text training records
 * ({@code enclave data import NAME --from knowledge:COLLECTION}), only those the acting user
 * may read; each record says which document and span it came from.
 */
@Component(service = DatasetSource.class)
public final class KnowledgeDatasetSource implements DatasetSource {
    @Reference
    private KnowledgeBase knowledge;

    @Override
    public String id() {
        return "knowledge";
    }

    @Override
    public String description() {
        return "A knowledge collection's chunks as text (what the user may read) / 知识库集合的文本块（仅限用户可读部分）";
    }

    @Override
    public String argument() {
        return "COLLECTION";
    }

    @Override
    public List<JsonObject> records(Workspace workspace, Subject subject, String argument, Progress progress) {
        List<SearchHit> chunks = knowledge.chunks(workspace, subject, argument);
        progress.begin("knowledge:" + argument, chunks.size());
        List<JsonObject> out = new ArrayList<>();
        for (SearchHit c : chunks) {
            JsonObject o = new JsonObject();
            o.addProperty("id", c.chunkId());
            o.addProperty("text", c.heading() == null || c.heading().isBlank() ? c.text() : c.heading() + "\n" + c.text());
            o.addProperty("source", "knowledge:" + argument + ":" + c.source() + "#" + c.start() + "-" + c.end());
            out.add(o);
            progress.worked(1);
        }
        progress.done();
        return out;
    }
}
