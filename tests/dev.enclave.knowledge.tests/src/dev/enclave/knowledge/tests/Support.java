package dev.enclave.knowledge.tests;

import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.tests.support.Cli;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.WorkspaceManager;

/** Services, workspaces and in-process CLI runs for the tests. */
final class Support {
    private Support() {
    }

    static <S> S service(Class<S> type) {
        return dev.enclave.tests.support.Services.get(type);
    }

    static String osUser() {
        return System.getProperty("user.name");
    }

    static Workspace workspace(Path root) {
        return service(WorkspaceManager.class).open(root, osUser());
    }

    /** The workspace's admin (its creator) and two users: 'eve' (engineer) and 'ann' (auditor). */
    static Workspace workspaceWithUsers(Path root) {
        Workspace ws = workspace(root);
        Subject admin = ws.security().login(osUser(), null);
        ws.security().putUser(admin, "eve", List.of("engineer"));
        ws.security().putUser(admin, "ann", List.of("auditor"));
        return ws;
    }

    static Subject login(Workspace ws, String user) {
        return ws.security().login(osUser(), user);
    }

    record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    static Run cli(Path data, String... args) {
        Cli.Run r = Cli.run(data, args);
        return new Run(r.code(), r.out(), r.err());
    }
}
