/*
 * Times a live Subject's role check (issue 16: role changes apply to a running session, so a
 * logged-in Subject reads its roles at each check). Prints nanoseconds per check for a Subject
 * with fixed roles, a live one while the users file is unchanged (one stat of the file), and a live
 * one right after each change (the file parsed and its signature checked again).
 *
 *   java -cp "$(tests/benchmarks/core-classpath.sh)" tests/benchmarks/RolesBench.java [CHECKS]
 */
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.core.internal.DefaultWorkspace;

public class RolesBench {
    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("roles-bench");
        Workspace ws = new DefaultWorkspace(dir.resolve("data"), "it-admin", dir.resolve("keys"));
        Subject admin = ws.security().login("it-admin", null);
        for (int i = 0; i < 50; i++) {
            ws.security().putUser(admin, "user" + i, List.of(i % 2 == 0 ? "engineer" : "auditor"));
        }
        Subject live = ws.security().login("it-admin", "user0");
        Subject fixed = new Subject("user0", Set.of("engineer"), "it-admin", true);
        List<String> acl = List.of("auditor", "engineer");
        for (int round = 0; round < 3; round++) { // the last round is reported
            long f = time(fixed, acl, checks);
            long l = time(live, acl, checks);
            int changes = Math.max(1, checks / 1000);
            Path users = dir.resolve("data/security/users.json");
            long s0 = System.nanoTime();
            for (int i = 0; i < checks; i++) {
                Files.readAttributes(users, java.nio.file.attribute.BasicFileAttributes.class);
            }
            long stat = System.nanoTime() - s0;
            long afterChange = 0; // only the checks, not the changes
            for (int i = 0; i < changes; i++) {
                ws.security().putUser(admin, "user1", List.of(i % 2 == 0 ? "engineer" : "auditor"));
                long c0 = System.nanoTime();
                if (!live.hasAnyRole(acl)) {
                    throw new AssertionError("user0 lost engineer");
                }
                afterChange += System.nanoTime() - c0;
            }
            if (round == 2) {
                System.out.printf("one stat of the users file: %.0f ns%n", stat / (double) checks);
                System.out.printf("fixed Subject: %.0f ns/check; live, file unchanged: %.0f ns/check;"
                        + " live, first check after a change: %.1f µs/check (%d users, %d checks, %d changes)%n",
                        f / (double) checks, l / (double) checks, afterChange / 1000.0 / changes, 51, checks, changes);
            }
        }
    }

    static long time(Subject s, List<String> acl, int n) {
        long t0 = System.nanoTime();
        int yes = 0;
        for (int i = 0; i < n; i++) {
            yes += s.hasAnyRole(acl) ? 1 : 0;
        }
        long t = System.nanoTime() - t0;
        if (yes != n) {
            throw new AssertionError(yes + " of " + n);
        }
        return t;
    }
}
