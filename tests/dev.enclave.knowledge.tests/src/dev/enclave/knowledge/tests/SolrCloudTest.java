package dev.enclave.knowledge.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.SolrCloudTarget;

/**
 * A collection in a real 2-node SolrCloud (releng/solrcloud/solrcloud.sh: ZooKeeper and two Solr 9 nodes, 2 shards x
 * 2 replicas) through the same {@link KnowledgeBase} API as the embedded index: create, ingest the hand-written bank
 * corpus, search in the three modes, the ACL filter, delete and re-ingest, then one node stopped.
 */
class SolrCloudTest {
    private static Path root;
    private static Path cluster;
    private static String zk;

    @BeforeAll
    static void startCluster() throws Exception {
        root = dev.enclave.tests.support.Fixtures.root().toAbsolutePath().getParent().getParent();
        Path script = root.resolve("releng/solrcloud/solrcloud.sh");
        assertTrue(Files.isRegularFile(root.resolve("releng/solrcloud/target/lib/enclave-solrcloud-launcher.jar")),
                "The local SolrCloud's jars are missing: the build makes them (module releng/solrcloud) before the tests.");
        cluster = Files.createTempDirectory("enclave-solrcloud-test");
        List<String> out = run(script.toString(), "start", cluster.toString(), "--nodes", "2");
        zk = out.stream().filter(l -> l.startsWith("zk=")).findFirst().orElseThrow().substring(3);
        assertEquals(2, out.stream().filter(l -> l.startsWith("solr=http://127.0.0.1:")).count(), out.toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            try {
                run(root.resolve("releng/solrcloud/solrcloud.sh").toString(), "stop", cluster.toString());
            } finally {
                // The nodes' indexes and the workspaces: nothing of the test stays behind.
                try (java.util.stream.Stream<Path> files = Files.walk(cluster)) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
        return out.lines().toList();
    }

    private static Path corpus() {
        return root.resolve("tests/benchmarks/knowledge/bank/corpus");
    }

    /**
     * The bank questions' recall@5 as {@code enclave eval retrieval --top 5} computes it (tests/benchmarks/knowledge/
     * bank/eval.sh), run in-process as the workspace's administrator.
     */
    private static double recall(Path data, String collection, SearchMode mode) {
        Support.Run r = Support.cli(data, "eval", "retrieval", "--collection", collection, "--questions",
                root.resolve("tests/benchmarks/knowledge/bank/questions-bank.jsonl").toString(), "--top", "5", "--mode",
                mode.name().toLowerCase(java.util.Locale.ROOT), "--json");
        assertEquals(0, r.code(), r.err());
        return r.json().getAsJsonObject("overall").get("recall@5").getAsDouble();
    }

    private static long t0 = System.nanoTime();

    private static void lap(String what) {
        System.out.printf("SolrCloudTest %-40s %6.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
    }

    @Test
    void collectionInSolrCloudBehavesAsTheEmbeddedOne() throws Exception {
        Path data = Files.createTempDirectory(cluster, "ws");
        Workspace ws = Support.workspaceWithUsers(data);
        Subject admin = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);

        kb.create(ws, admin, "bank", List.of(), true, new SolrCloudTarget(zk, 2, 2));
        IngestReport r = kb.ingest(ws, admin, "bank", List.of(corpus()), List.of("engineer", "auditor", "admin"), true,
                Progress.silent());
        assertEquals(18, r.added(), r.toString());
        lap("cluster, create, ingest");
        assertTrue(r.failed().isEmpty(), r.failed().toString());
        // The same corpus in the embedded index, for the side-by-side recall.
        kb.ingest(ws, admin, "bank-embedded", List.of(corpus()), List.of("engineer", "auditor", "admin"), true,
                Progress.silent());

        // A restricted document: only auditors may read it.
        Path secret = Files.writeString(Files.createTempDirectory(cluster, "secret").resolve("secret-limits.txt"),
                "审计专用：关联方授信额度上限为资本净额的百分之七点三。Audit only: the related-party credit cap is 7.3% of net capital.",
                StandardCharsets.UTF_8);
        assertEquals(1, kb.ingest(ws, admin, "bank", List.of(secret), List.of("auditor"), true, Progress.silent())
                .added());
        // The embedded side holds the same documents: the recall is measured as the administrator, who sees it.
        assertEquals(1, kb.ingest(ws, admin, "bank-embedded", List.of(secret), List.of("auditor"), true,
                Progress.silent()).added());

        lap("embedded ingest, secret");
        Subject eve = Support.login(ws, "eve");
        Subject ann = Support.login(ws, "ann");
        Map<SearchMode, Double> solr = new TreeMap<>();
        Map<SearchMode, Double> embedded = new TreeMap<>();
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> hits = kb.search(ws, eve, SearchRequest.of("bank", "支行行长的单户授信审批权限", 5, mode));
            assertFalse(hits.isEmpty(), mode.name());
            assertTrue(hits.stream().noneMatch(h -> h.source().endsWith("secret-limits.txt")), mode + ": " + hits);
            List<SearchHit> annHits = kb.search(ws, ann, SearchRequest.of("bank", "关联方授信额度上限 related-party credit cap",
                    5, mode));
            assertTrue(annHits.stream().anyMatch(h -> h.source().endsWith("secret-limits.txt")), mode + ": " + annHits);
            List<SearchHit> eveSecret = kb.search(ws, eve, SearchRequest.of("bank", "关联方授信额度上限 related-party credit cap",
                    5, mode));
            assertTrue(eveSecret.stream().noneMatch(h -> h.source().endsWith("secret-limits.txt")), mode.name());
        }
        lap("searches and ACL");
        for (SearchMode mode : SearchMode.values()) {
            solr.put(mode, recall(data, "bank", mode));
            embedded.put(mode, recall(data, "bank-embedded", mode));
        }
        lap("recall, both backends");
        System.out.println("bank recall@5 SolrCloud " + solr + " embedded " + embedded);
        for (SearchMode mode : SearchMode.values()) {
            // The promise: SolrCloud within 0.03 of the embedded backend.
            assertTrue(Math.abs(solr.get(mode) - embedded.get(mode)) <= 0.03,
                    mode + ": SolrCloud " + solr.get(mode) + " vs embedded " + embedded.get(mode));
        }
        assertEquals(1, kb.hidden(ws, eve, SearchRequest.of("bank", "related-party credit cap", 5, SearchMode.BM25)));
        assertEquals(18, kb.documents(ws, eve, "bank").size());
        assertEquals(19, kb.documents(ws, ann, "bank").size());

        // Delete, then re-ingest: gone from every mode, then back; an unchanged re-ingest writes nothing.
        Path policy = corpus().resolve("zh-credit-approval-policy.md");
        assertTrue(kb.delete(ws, admin, "bank", policy.toString()));
        for (SearchMode mode : SearchMode.values()) {
            assertTrue(kb.search(ws, eve, SearchRequest.of("bank", "支行行长的单户授信审批权限", 10, mode)).stream()
                    .noneMatch(h -> h.source().endsWith("zh-credit-approval-policy.md")), mode.name());
        }
        assertEquals(17, kb.documents(ws, eve, "bank").size());
        r = kb.ingest(ws, admin, "bank", List.of(corpus()), List.of("engineer", "auditor", "admin"), true, Progress.silent());
        assertEquals(1, r.added(), r.toString());
        assertEquals(17, r.unchanged(), r.toString());
        assertTrue(kb.search(ws, eve, SearchRequest.of("bank", "支行行长的单户授信审批权限", 5, SearchMode.HYBRID)).stream()
                .anyMatch(h -> h.source().endsWith("zh-credit-approval-policy.md")));
        String text = kb.text(ws, eve, "bank", kb.documents(ws, eve, "bank").stream()
                .filter(d -> d.source().endsWith("zh-credit-approval-policy.md")).findFirst().orElseThrow().docId())
                .orElseThrow();
        assertTrue(text.contains("300万元"), text.substring(0, Math.min(200, text.length())));
        lap("delete, re-ingest");

        // One node stopped: every shard still has a replica; searches answer the same, nothing committed is lost.
        Map<SearchMode, List<String>> before = new TreeMap<>();
        for (SearchMode mode : SearchMode.values()) {
            before.put(mode, kb.search(ws, eve, SearchRequest.of("bank", "抵押物评估 collateral valuation", 5, mode))
                    .stream().map(SearchHit::chunkId).toList());
        }
        Map<SearchMode, Double> running = new TreeMap<>();
        for (SearchMode mode : SearchMode.values()) {
            running.put(mode, recall(data, "bank", mode));
        }
        List<String> docsBefore = kb.documents(ws, ann, "bank").stream().map(IndexedDocument::docId).toList();
        int chunksBefore = kb.chunks(ws, ann, "bank").size();
        // SIGKILL, as a crash: no clean shutdown, ZooKeeper still lists the node until its session expires.
        run(root.resolve("releng/solrcloud/solrcloud.sh").toString(), "stop-node", cluster.toString(), "2", "--kill");
        for (SearchMode mode : SearchMode.values()) {
            List<String> after = kb.search(ws, eve, SearchRequest.of("bank", "抵押物评估 collateral valuation", 5, mode))
                    .stream().map(SearchHit::chunkId).toList();
            assertEquals(before.get(mode), after, mode + " with node 2 stopped");
        }
        assertEquals(docsBefore, kb.documents(ws, ann, "bank").stream().map(IndexedDocument::docId).toList());
        assertEquals(chunksBefore, kb.chunks(ws, ann, "bank").size());
        // The same recall on the same documents as just before the crash: measured before anything more is written,
        // since a new document changes its shard's BM25 statistics, and which shard it lands in follows its
        // (temporary, random) path.
        Map<SearchMode, Double> stopped = new TreeMap<>();
        for (SearchMode mode : SearchMode.values()) {
            stopped.put(mode, recall(data, "bank", mode));
        }
        System.out.println("bank recall@5 SolrCloud with node 2 stopped " + stopped);
        assertEquals(running, stopped, "the same recall with one node stopped");
        lap("stop-node, searches, recall");
        // Writing goes on once the shards led by the crashed node have elected a leader among their other replicas.
        Path late = Files.writeString(Files.createTempDirectory(cluster, "late").resolve("late-notice.txt"),
                "晶圆厂停电应急预案：备用发电机须在十五秒内启动。Fab power-loss plan: the standby generator starts within 15 seconds.",
                StandardCharsets.UTF_8);
        assertEquals(1, kb.ingest(ws, admin, "bank", List.of(late), List.of("engineer", "auditor", "admin"), true,
                Progress.silent()).added());
        assertTrue(kb.search(ws, eve, SearchRequest.of("bank", "standby generator power-loss", 3, SearchMode.HYBRID))
                .stream().anyMatch(h -> h.source().endsWith("late-notice.txt")));
        assertEquals(docsBefore.size() + 1, kb.documents(ws, ann, "bank").size());
        lap("ingest with node 2 stopped");
    }

    @Test
    void unreachableZooKeeperIsNamed() throws Exception {
        Path data = Files.createTempDirectory(cluster, "ws2");
        Workspace ws = Support.workspaceWithUsers(data);
        Subject admin = Support.login(ws, null);
        KnowledgeBase kb = Support.service(KnowledgeBase.class);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String bad = "127.0.0.1:" + port;
        EnclaveException e = assertThrows(EnclaveException.class,
                () -> kb.create(ws, admin, "nowhere", List.of(), true, new SolrCloudTarget(bad, 1, 1)));
        assertTrue(e.getMessage().contains(bad), e.getMessage());
        assertFalse(kb.collections(ws).contains("nowhere"), "a collection that SolrCloud lacks is not recorded");
        assertThrows(EnclaveException.class, () -> new SolrCloudTarget("not an address", 1, 1));

        // The command line: the exact option names, and clear messages for what is missing or wrong.
        Support.Run r = Support.cli(data, "collections", "create", "viacli", "--backend", "solrcloud");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--zk HOST:PORT"), r.err());
        r = Support.cli(data, "collections", "create", "viacli", "--backend", "elastic", "--zk", bad);
        assertTrue(r.err().contains("Unknown --backend 'elastic'"), r.err());
        r = Support.cli(data, "collections", "create", "viacli", "--backend", "solrcloud", "--zk", bad, "--shards", "1",
                "--replicas", "1");
        assertTrue(r.code() != 0 && r.err().contains(bad) && !r.err().contains("\tat "), r.err());
        r = Support.cli(data, "collections", "create", "viacli", "--backend", "solrcloud", "--zk", zk, "--shards", "2",
                "--replicas", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("viacli", r.json().get("collection").getAsString());
        assertTrue(Files.readString(data.resolve("knowledge/collections/viacli/collection.json"))
                .contains("\"backend\":\"solrcloud\""));
    }
}
