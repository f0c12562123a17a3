package dev.enclave.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.core.AccessDeniedException;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.server.ServeTokens;
import dev.enclave.server.TokenInfo;

/** Tokens in {@code <data>/serve/tokens.json}, hashed with SHA-256 (the secrets are 256 random bits). */
@Component(service = ServeTokens.class)
public final class DefaultServeTokens implements ServeTokens {
    static final String FOLDER = "serve";
    private static final String STORE = "tokens.json";
    private static final String TOKEN_FILE = "token";
    private static final String PREFIX = "enc-";
    private final SecureRandom random = new SecureRandom();

    @Override
    public synchronized String create(Workspace workspace, Subject actor, String user) {
        requireAdmin(workspace, actor, "serve.token.create", user);
        if (user == null || workspace.security().user(user).isEmpty()) {
            throw EnclaveException.badInput("There is no user '" + user + "' in this workspace; add it first with"
                    + " 'enclave users add " + user + " --role ROLE'.");
        }
        String token = newToken(workspace, user);
        workspace.auditLog().append(actor.name(), "serve.token.create", user, AuditEntry.SUCCESS,
                "token id " + idOf(token));
        return token;
    }

    @Override
    public synchronized int revoke(Workspace workspace, Subject actor, String idOrUser) {
        requireAdmin(workspace, actor, "serve.token.revoke", idOrUser);
        JsonArray tokens = read(workspace);
        JsonArray kept = new JsonArray();
        int removed = 0;
        for (JsonElement e : tokens) {
            JsonObject t = e.getAsJsonObject();
            if (t.get("id").getAsString().equals(idOrUser) || t.get("user").getAsString().equals(idOrUser)) {
                removed++;
            } else {
                kept.add(t);
            }
        }
        if (removed == 0) {
            throw EnclaveException.badInput("No server token has the id or user '" + idOrUser
                    + "'; 'enclave serve token list' shows them.");
        }
        write(workspace, kept);
        workspace.auditLog().append(actor.name(), "serve.token.revoke", idOrUser, AuditEntry.SUCCESS,
                removed + " token(s)");
        return removed;
    }

    @Override
    public synchronized List<TokenInfo> list(Workspace workspace, Subject actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("User '" + actor.name() + "' may not list server tokens: that needs the"
                    + " role 'admin'.");
        }
        List<TokenInfo> out = new ArrayList<>();
        for (JsonElement e : read(workspace)) {
            JsonObject t = e.getAsJsonObject();
            out.add(new TokenInfo(t.get("id").getAsString(), t.get("user").getAsString(),
                    t.get("created").getAsString()));
        }
        return out;
    }

    @Override
    public Optional<String> authenticate(Workspace workspace, String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = Hashes.sha256Hex(token);
        JsonArray tokens;
        synchronized (this) {
            tokens = read(workspace);
        }
        for (JsonElement e : tokens) {
            JsonObject t = e.getAsJsonObject();
            if (java.security.MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                    t.get("sha256").getAsString().getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(t.get("user").getAsString());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Path adminTokenFile(Workspace workspace, Subject admin) {
        Path file = workspace.serviceFolder(FOLDER).resolve(TOKEN_FILE);
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (authenticate(workspace, existing).isPresent()) {
                    FileIO.makePrivate(file);
                    return file;
                }
            }
            String token = newToken(workspace, admin.name());
            FileIO.writeAtomically(file, token + "\n");
            FileIO.makePrivate(file);
            workspace.auditLog().append(admin.name(), "serve.token.create", admin.name(), AuditEntry.SUCCESS,
                    "administrator's token file " + file + ", token id " + idOf(token));
            return file;
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    private String newToken(Workspace workspace, String user) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        JsonArray tokens = read(workspace);
        JsonObject t = new JsonObject();
        t.addProperty("id", idOf(token));
        t.addProperty("user", user);
        t.addProperty("sha256", Hashes.sha256Hex(token));
        t.addProperty("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        tokens.add(t);
        write(workspace, tokens);
        return token;
    }

    /** A public id: a prefix of a hash other than the stored one, so it does not shorten a search. */
    private static String idOf(String token) {
        return Hashes.sha256Hex("id:" + token).substring(0, 12);
    }

    private static void requireAdmin(Workspace workspace, Subject actor, String action, String object) {
        if (!actor.isAdmin()) {
            workspace.auditLog().append(actor.name(), action, String.valueOf(object), AuditEntry.DENIED,
                    "requires role admin");
            throw new AccessDeniedException("User '" + actor.name() + "' may not manage server tokens: that needs"
                    + " the role 'admin'.");
        }
    }

    private static JsonArray read(Workspace workspace) {
        Path file = workspace.serviceFolder(FOLDER).resolve(STORE);
        if (!Files.isRegularFile(file)) {
            return new JsonArray();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            return o.getAsJsonArray("tokens");
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.badInput(file + " is not a readable token store (" + e.getMessage()
                    + "); restore it from a backup or delete it and create the tokens again.");
        }
    }

    private static void write(Workspace workspace, JsonArray tokens) {
        JsonObject o = new JsonObject();
        o.add("tokens", tokens);
        FileIO.writeAtomically(workspace.serviceFolder(FOLDER).resolve(STORE), FileIO.GSON.toJson(o) + "\n");
    }
}
