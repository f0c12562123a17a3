package dev.enclave.product.tests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network namespace of the product's own, for checking the air-gap promise: commands run
 * behind {@link #prefix()} see no network interface but the loopback one, which is down. As root
 * that is {@code unshare -n}; another user gets a user namespace that keeps their own id
 * ({@code unshare --map-current-user -n}), so the product acts as the same user.
 *
 * @param prefix the command prefix, empty where the kernel refuses the namespace
 * @param interfaces the interfaces a process inside sees (from {@code /proc/net/dev})
 * @param refusal why there is no namespace (empty when there is one)
 */
record NoNetwork(List<String> prefix, List<String> interfaces, String refusal) {

    static NoNetwork probe() throws IOException, InterruptedException {
        Enclave.Result id = Enclave.run(List.of("id", "-u"), Map.of(), 10);
        List<String> unshare = id.out().strip().equals("0") ? List.of("unshare", "-n")
                : List.of("unshare", "--map-current-user", "-n");
        List<String> command = new ArrayList<>(unshare);
        command.addAll(List.of("cat", "/proc/net/dev"));
        Enclave.Result r = Enclave.run(command, Map.of(), 30);
        if (r.code() != 0) {
            return new NoNetwork(List.of(), List.of(), "the kernel refuses a network namespace here ("
                    + String.join(" ", unshare) + "): " + r.err().strip());
        }
        List<String> interfaces = r.out().lines().skip(2).map(l -> l.strip().split(":")[0]).toList();
        return new NoNetwork(unshare, interfaces, "");
    }

    boolean available() {
        return refusal.isEmpty();
    }

    /** {@code command} behind the prefix. */
    List<String> wrap(List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }
}
