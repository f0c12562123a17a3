package dev.enclave.solrcloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * The JVM entry points of {@code solrcloud.sh}: a ZooKeeper server, a Solr node, and a wait for live nodes.
 *
 * <ul>
 * <li>{@code zk DATA_DIR PORT_FILE} runs a standalone ZooKeeper on a free loopback port and writes the port to
 * {@code PORT_FILE} once it accepts clients; it runs until killed.</li>
 * <li>{@code node SOLR_HOME ZK_HOST PORT_FILE} runs one Solr node (Solr's own {@link JettySolrRunner}) on a free
 * loopback port in SolrCloud mode and writes its port once it is up; it runs until killed.</li>
 * <li>{@code wait ZK_HOST N SECONDS} exits 0 once ZooKeeper lists {@code N} live Solr nodes, 1 after the time.</li>
 * </ul>
 * ZooKeeper runs in its own process so that stopping a Solr node never stops it.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "zk" -> zk(Path.of(args[1]), Path.of(args[2]));
            case "node" -> node(Path.of(args[1]), args[2], Path.of(args[3]));
            case "wait" -> System.exit(waitLive(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])) ? 0 : 1);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: Launcher zk DATA_DIR PORT_FILE | node SOLR_HOME ZK_HOST PORT_FILE | wait ZK_HOST N SECONDS");
        System.exit(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void writePort(Path file, int port) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void zk(Path data, Path portFile) throws Exception {
        Files.createDirectories(data);
        int port = freePort();
        Properties p = new Properties();
        p.setProperty("dataDir", data.toAbsolutePath().toString());
        p.setProperty("clientPort", Integer.toString(port));
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("tickTime", "2000");
        p.setProperty("maxClientCnxns", "0");
        p.setProperty("admin.enableServer", "false");
        p.setProperty("4lw.commands.whitelist", "ruok,mntr,stat");
        org.apache.zookeeper.server.quorum.QuorumPeerConfig qpc = new org.apache.zookeeper.server.quorum.QuorumPeerConfig();
        qpc.parseProperties(p);
        ServerConfig config = new ServerConfig();
        config.readFrom(qpc);
        ZooKeeperServerMain main = new ZooKeeperServerMain();
        Thread server = new Thread(() -> {
            try {
                main.runFromConfig(config);
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }, "zookeeper");
        server.start();
        String host = "127.0.0.1:" + port;
        // Written once a client can connect, so the script never hands out an address that refuses.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (connects(host)) {
                writePort(portFile, port);
                server.join();
                return;
            }
            Thread.sleep(200);
        }
        System.err.println("ZooKeeper did not start on " + host);
        System.exit(1);
    }

    private static boolean connects(String host) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        try {
            ZooKeeper zk = new ZooKeeper(host, 10_000, e -> {
                if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                return connected.await(2, TimeUnit.SECONDS);
            } finally {
                zk.close();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void node(Path home, String zkHost, Path portFile) throws Exception {
        System.setProperty("zkHost", zkHost);
        System.setProperty("host", "127.0.0.1");
        System.setProperty("jetty.host", "127.0.0.1");
        System.setProperty("solr.solr.home", home.toAbsolutePath().toString());
        // Cores may live anywhere under the node's home.
        System.setProperty("solr.allowPaths", home.toAbsolutePath().toString());
        Properties props = new Properties();
        JettySolrRunner jetty = new JettySolrRunner(home.toAbsolutePath().toString(), props,
                JettyConfig.builder().setPort(0).setContext("/solr").stopAtShutdown(true).build());
        jetty.start();
        writePort(portFile, jetty.getLocalPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                // stopping anyway
            }
        }));
        new CountDownLatch(1).await();
    }

    private static boolean waitLive(String zkHost, int n, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(zkHost, 30_000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            connected.await(seconds, TimeUnit.SECONDS);
            while (System.nanoTime() < deadline) {
                try {
                    List<String> live = zk.getChildren("/live_nodes", false);
                    if (live.size() >= n) {
                        return true;
                    }
                } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                    // no node has registered yet
                }
                Thread.sleep(250);
            }
            return false;
        } finally {
            zk.close();
        }
    }
}
