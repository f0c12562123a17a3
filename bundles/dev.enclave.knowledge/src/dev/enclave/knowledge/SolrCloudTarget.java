package dev.enclave.knowledge;

/**
 * A SolrCloud that holds a collection's index instead of the embedded Lucene index (issue 18).
 *
 * @param zk       ZooKeeper's address, {@code HOST:PORT[,HOST:PORT…][/chroot]}
 * @param shards   the collection's shards (at least 1)
 * @param replicas the replicas of each shard (at least 1; 2 or more keep searches answering when a node stops)
 */
public record SolrCloudTarget(String zk, int shards, int replicas) {
    public SolrCloudTarget {
        if (zk == null || zk.isBlank()) {
            throw dev.enclave.core.EnclaveException.badInput("A SolrCloud collection needs ZooKeeper's address: "
                    + "--zk HOST:PORT[/chroot].");
        }
        if (!zk.matches("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]+(,[A-Za-z0-9._\\-\\[\\]:]+:[0-9]+)*(/[A-Za-z0-9._\\-/]*)?")) {
            throw dev.enclave.core.EnclaveException.badInput("Invalid ZooKeeper address '" + zk
                    + "': use HOST:PORT[,HOST:PORT…][/chroot], e.g. 127.0.0.1:2181/solr.");
        }
        if (shards < 1) {
            throw dev.enclave.core.EnclaveException.badInput("--shards must be at least 1, not " + shards + ".");
        }
        if (replicas < 1) {
            throw dev.enclave.core.EnclaveException.badInput("--replicas must be at least 1, not " + replicas + ".");
        }
    }
}
