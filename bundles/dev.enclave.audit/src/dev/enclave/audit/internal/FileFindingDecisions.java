package dev.enclave.audit.internal;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import dev.enclave.audit.Finding;
import dev.enclave.audit.FindingDecisions;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/** Decisions in {@code <data>/audit/decisions.json}, written to a temporary file and moved into place. */
@Component(service = FindingDecisions.class)
public final class FileFindingDecisions implements FindingDecisions {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Type MAP = new TypeToken<LinkedHashMap<String, Decision>>() {
    }.getType();

    static Path file(Workspace ws) {
        return ws.serviceFolder("audit").resolve("decisions.json");
    }

    @Override
    public synchronized Decision decide(Workspace workspace, Subject user, String findingId, String decision,
            String comment) {
        if (!CONFIRMED.equals(decision) && !DISMISSED.equals(decision)) {
            throw EnclaveException.badInput("decision '" + decision + "': use confirmed or dismissed.");
        }
        if (findingId == null || !findingId.matches("[a-z0-9-]{3,80}")) {
            throw EnclaveException.badInput("finding id '" + findingId + "': not a finding id (see audit portfolio).");
        }
        Map<String, Decision> all = new LinkedHashMap<>(load(workspace));
        Decision d = new Decision(findingId, decision, comment == null ? "" : comment, user.name(),
                Instant.now().toString());
        all.put(findingId, d);
        Path f = file(workspace);
        Path tmp = f.resolveSibling("decisions.json.tmp");
        try {
            Files.writeString(tmp, GSON.toJson(all, MAP), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw EnclaveException.failure("cannot write " + f + ": " + e.getMessage(), e);
        }
        workspace.auditLog().append(user.name(), "audit.decide", findingId, AuditEntry.SUCCESS,
                decision + (d.comment().isEmpty() ? "" : ": " + d.comment()));
        return d;
    }

    @Override
    public Map<String, Decision> load(Workspace workspace) {
        Path f = file(workspace);
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try {
            Map<String, Decision> m = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), MAP);
            return m == null ? Map.of() : m;
        } catch (IOException | JsonParseException e) {
            throw EnclaveException.failure(f + ": cannot read the auditor's decisions (" + e.getMessage() + ").", e);
        }
    }

    @Override
    public List<Finding> apply(Workspace workspace, List<Finding> findings) {
        Map<String, Decision> all = load(workspace);
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Decision d = all.get(f.id());
            out.add(d == null ? f : f.withDecision(d.decision(), d.comment()));
        }
        return out;
    }
}
