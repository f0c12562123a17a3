package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;
import org.apache.solr.common.cloud.SolrZkClient;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.SearchHit;

/**
 * One collection's index in SolrCloud (issue 18): the same documents, fields and analysis as {@link CollectionIndex}
 * (the configset {@code releng/solrcloud/configset}, carried in this bundle as {@code solr-configset/}), one Solr
 * document per chunk with id {@code doc_id!n} so that a document's chunks share a shard.
 *
 * <p>ZooKeeper is read with SolrJ's ZooKeeper client (live nodes, the configset upload); requests go to a live node
 * over HTTP with Solr's JSON API, and move to another live node when one does not answer. Writes become visible at
 * {@link #commit()} (the configset has no soft commits), as with the embedded index; the update log and the
 * replicas make what was committed survive a node crash. Thread-safe for searches; one writer at a time (the caller's
 * lock).
 */
public final class SolrCloudIndex implements AutoCloseable, ChunkStore {
    /** The configset's name in ZooKeeper, uploaded by the first {@code collections create} that misses it. */
    public static final String CONFIGSET = "enclave-knowledge";
    /** The configset's files, in this bundle under {@code solr-configset/}. */
    static final List<String> CONFIG_FILES = List.of("schema.xml", "solrconfig.xml", "lang/cjk_types.txt",
            "lang/stopwords_smartcn.txt");
    private static final Gson GSON = new Gson();
    /** How long a commit is retried while the cluster fails over (a leader election takes ZooKeeper's session timeout). */
    static final Duration COMMIT_RETRY = Duration.ofSeconds(90);

    private final String zk;
    private final String collection;
    private final HttpClient http;
    private ZkClientClusterStateProvider cluster;
    private final List<JsonObject> pending = new ArrayList<>();
    private final List<String> pendingDeletes = new ArrayList<>();

    /** A connection to collection {@code collection} of the SolrCloud whose ZooKeeper is {@code zk} (HOST:PORT[/chroot]). */
    public SolrCloudIndex(String zk, String collection) {
        this.zk = zk;
        this.collection = collection;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String zk() {
        return zk;
    }

    private synchronized ZkClientClusterStateProvider cluster() {
        if (cluster == null) {
            int slash = zk.indexOf('/');
            List<String> hosts = List.of((slash < 0 ? zk : zk.substring(0, slash)).split(","));
            String chroot = slash < 0 ? null : zk.substring(slash);
            ZkClientClusterStateProvider p = new ZkClientClusterStateProvider(hosts, chroot);
            p.setZkConnectTimeout(10_000);
            p.setZkClientTimeout(15_000);
            try {
                p.connect();
            } catch (RuntimeException e) {
                closeQuietly(p);
                throw EnclaveException.badInput("Cannot reach ZooKeeper at " + zk + " (" + message(e)
                        + "): start the SolrCloud or check the address given to --zk.");
            }
            cluster = p;
        }
        return cluster;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing after a failure
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The base URLs of the live Solr nodes (http://host:port/solr). */
    private List<String> nodes() {
        ZkClientClusterStateProvider c = cluster();
        List<String> out = new ArrayList<>();
        try {
            for (String node : c.getLiveNodes()) {
                out.add(c.getZkStateReader().getBaseUrlForNodeName(node));
            }
        } catch (RuntimeException e) {
            throw EnclaveException.failure("Cannot read the live Solr nodes from ZooKeeper at " + zk + ": "
                    + message(e), e);
        }
        if (out.isEmpty()) {
            throw EnclaveException.failure("No Solr node is live in the SolrCloud of ZooKeeper " + zk
                    + ": start the Solr nodes.", null);
        }
        java.util.Collections.shuffle(out);
        return out;
    }

    /** Sends a request to a live node, trying the next when one does not answer; the response's JSON. */
    private JsonObject send(String path, String body) throws IOException {
        IOException last = null;
        for (String base : nodes()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
                last = new IOException("Solr node " + base + " does not answer", e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for Solr at " + base, e);
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(r.body()).getAsJsonObject();
            } catch (RuntimeException e) {
                if (r.statusCode() == 503 || r.statusCode() == 502) {
                    last = new IOException("Solr node " + base + " answered " + r.statusCode());
                    continue;
                }
                throw new IOException("Solr at " + base + " answered " + r.statusCode() + ": "
                        + abbreviate(r.body()));
            }
            if (r.statusCode() / 100 != 2) {
                String msg = o.has("error") && o.getAsJsonObject("error").has("msg")
                        ? o.getAsJsonObject("error").get("msg").getAsString()
                        : abbreviate(r.body());
                if (r.statusCode() == 503) {
                    last = new IOException("Solr node " + base + ": " + msg);
                    continue;
                }
                throw new IOException("Solr at " + base + " answered " + r.statusCode() + ": " + msg);
            }
            return o;
        }
        throw last != null ? last : new IOException("No Solr node answered");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Creates the collection in SolrCloud with {@code shards} shards of {@code replicas} replicas each, uploading
     * the configset to ZooKeeper first when it is not there.
     *
     * @throws EnclaveException (bad input) when ZooKeeper or Solr cannot be reached, naming the address
     */
    public void create(int shards, int replicas) {
        try {
            SolrZkClient zkClient = cluster().getZkStateReader().getZkClient();
            if (!zkClient.exists("/configs/" + CONFIGSET, true)) {
                for (String f : CONFIG_FILES) {
                    try (InputStream in = SolrCloudIndex.class.getResourceAsStream("/solr-configset/" + f)) {
                        if (in == null) {
                            throw new IOException("the bundle lacks solr-configset/" + f);
                        }
                        zkClient.makePath("/configs/" + CONFIGSET + "/" + f, in.readAllBytes(), true);
                    }
                }
            }
            if (cluster().getClusterState().hasCollection(collection)) {
                return;
            }
            send("/admin/collections?action=CREATE&wt=json&name=" + enc(collection) + "&numShards=" + shards
                    + "&replicationFactor=" + replicas + "&collection.configName=" + CONFIGSET
                    + "&waitForFinalState=true", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnclaveException.failure("Interrupted while creating '" + collection + "' in SolrCloud", e);
        } catch (EnclaveException e) {
            throw e;
        } catch (IOException | RuntimeException | org.apache.zookeeper.KeeperException e) {
            throw EnclaveException.badInput("Cannot create '" + collection + "' in the SolrCloud of ZooKeeper " + zk
                    + ": " + message(e));
        }
    }

    /** Queues a document's chunks (replacing its older ones) until {@link #commit()}. */
    @Override
    public void put(CollectionIndex.DocInput doc) {
        pendingDeletes.add(doc.docId());
        for (int i = 0; i < doc.chunks().size(); i++) {
            CollectionIndex.ChunkInput c = doc.chunks().get(i);
            JsonObject d = new JsonObject();
            d.addProperty("id", doc.docId() + "!" + i);
            d.addProperty(CollectionIndex.F_DOC, doc.docId());
            d.addProperty(CollectionIndex.F_CHUNK, doc.docId() + "#" + i);
            d.addProperty(CollectionIndex.F_SOURCE, doc.source());
            d.addProperty(CollectionIndex.F_TYPE, doc.type());
            d.addProperty(CollectionIndex.F_HASH, doc.hash());
            d.addProperty(CollectionIndex.F_BY, doc.ingestedBy());
            JsonArray acl = new JsonArray();
            doc.acl().forEach(acl::add);
            d.add(CollectionIndex.F_ACL, acl);
            d.addProperty(CollectionIndex.F_MODIFIED, doc.modified().toEpochMilli());
            d.addProperty("start", c.start());
            d.addProperty("end", c.end());
            d.addProperty("heading", c.heading());
            d.addProperty("text", c.text());
            d.addProperty("size", doc.size());
            String indexed = c.heading().isEmpty() ? c.text() : c.heading() + "\n" + c.text();
            d.addProperty(Analysis.ZH_BIGRAM, indexed);
            d.addProperty(Analysis.ZH_WORDS, indexed);
            d.addProperty(Analysis.EN, indexed);
            if (c.vector() != null) {
                JsonArray v = new JsonArray();
                for (float x : c.vector()) {
                    v.add(x);
                }
                d.add(CollectionIndex.F_VECTOR, v);
            }
            if (i == 0) {
                d.addProperty(CollectionIndex.F_FIRST, "1");
                d.addProperty("chunks", doc.chunks().size());
                d.addProperty(CollectionIndex.F_TEXT, doc.text());
            }
            pending.add(d);
        }
    }

    /** Queues the removal of a document's chunks until {@link #commit()}. */
    public void remove(String docId) {
        pendingDeletes.add(docId);
    }

    /**
     * Sends what was queued and commits it: the older chunks of the documents are deleted and the new ones added,
     * then one hard commit opens a searcher that sees all of it.
     */
    @Override
    public void commit() throws IOException {
        StringBuilder body = new StringBuilder("{");
        boolean first = true;
        for (int i = 0; i < pendingDeletes.size(); i += 200) {
            List<String> ids = pendingDeletes.subList(i, Math.min(pendingDeletes.size(), i + 200));
            StringBuilder q = new StringBuilder(CollectionIndex.F_DOC + ":(");
            for (String id : ids) {
                q.append('"').append(id.replace("\\", "\\\\").replace("\"", "\\\"")).append("\" ");
            }
            q.append(')');
            JsonObject del = new JsonObject();
            del.addProperty("query", q.toString());
            body.append(first ? "" : ",").append("\"delete\":").append(GSON.toJson(del));
            first = false;
        }
        for (JsonObject d : pending) {
            JsonObject add = new JsonObject();
            add.add("doc", d);
            body.append(first ? "" : ",").append("\"add\":").append(GSON.toJson(add));
            first = false;
        }
        body.append(first ? "" : ",").append("\"commit\":{\"waitSearcher\":true}}");
        // Sent again while the cluster fails over (a node gone, its shards electing a new leader): the request is
        // idempotent (the same deletes and the same ids), and nothing is visible before its commit.
        long deadline = System.nanoTime() + COMMIT_RETRY.toNanos();
        while (true) {
            try {
                send("/" + enc(collection) + "/update?wt=json", body.toString());
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        pending.clear();
        pendingDeletes.clear();
    }

    /** Forgets what was queued and not committed. */
    public void discard() {
        pending.clear();
        pendingDeletes.clear();
    }

    /** A search request: the JSON request body of {@code /select}. */
    private JsonObject select(JsonElement query, List<String> filters, int rows, String fields) throws IOException {
        JsonObject req = new JsonObject();
        req.add("query", query);
        JsonArray fq = new JsonArray();
        filters.forEach(fq::add);
        req.add("filter", fq);
        req.addProperty("limit", rows);
        req.addProperty("fields", fields);
        return send("/" + enc(collection) + "/select?wt=json", GSON.toJson(req)).getAsJsonObject("response");
    }

    private static String terms(String field, Set<String> values) {
        // {!terms} with a separator no role or type name holds
        return "{!terms f=" + field + " separator=\"\u0001\"}" + String.join("\u0001", values);
    }

    /** The filter queries that keep what {@code roles} may read, of {@code types}, modified in [from, to). */
    public static List<String> filter(Set<String> roles, Set<String> types, Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        out.add(roles.isEmpty() ? "-*:*" : terms(CollectionIndex.F_ACL, roles));
        if (!types.isEmpty()) {
            out.add(terms(CollectionIndex.F_TYPE, types));
        }
        if (from != null || to != null) {
            out.add(CollectionIndex.F_MODIFIED + ":[" + (from == null ? "*" : Long.toString(from.toEpochMilli()))
                    + " TO " + (to == null ? "*" : Long.toString(to.toEpochMilli() - 1)) + "]");
        }
        return out;
    }

    private static final String HIT_FIELDS = "id,score,source,doc_id,chunk_id,start,end,text,type,heading,ingested_by";

    /** Ranked chunk ids with their scores. */
    public record Ranked(String id, float score) {
    }

    /** The BM25 ranking of up to {@code n} chunks for a keyword query (see {@link SolrQueries}). */
    public List<Ranked> ranked(JsonElement query, List<String> filters, int n) throws IOException {
        if (query == null) {
            return List.of();
        }
        List<Ranked> out = new ArrayList<>();
        for (JsonElement e : select(query, filters, n, "id,score").getAsJsonArray("docs")) {
            JsonObject d = e.getAsJsonObject();
            out.add(new Ranked(d.get("id").getAsString(), d.get("score").getAsFloat()));
        }
        return out;
    }

    /** The nearest-neighbour ranking of up to {@code n} chunks among those the filters keep (pre-filtered knn). */
    public List<Ranked> nearest(float[] vector, List<String> filters, int n) throws IOException {
        StringBuilder v = new StringBuilder("{!knn f=" + CollectionIndex.F_VECTOR + " topK=" + n + "}[");
        for (int i = 0; i < vector.length; i++) {
            v.append(i == 0 ? "" : ",").append(vector[i]);
        }
        v.append(']');
        return ranked(new JsonPrimitive(v.toString()), filters, n);
    }

    /** The hits of {@code ids}, in that order, with the scores given. */
    public List<SearchHit> hits(List<Ranked> ranked) throws IOException {
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<String> ids = ranked.stream().map(Ranked::id).toList();
        JsonArray docs = select(new JsonPrimitive(terms("id", new java.util.LinkedHashSet<>(ids))),
                List.of(), ids.size(), HIT_FIELDS).getAsJsonArray("docs");
        Map<String, JsonObject> byId = new HashMap<>();
        for (JsonElement e : docs) {
            byId.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject());
        }
        List<SearchHit> out = new ArrayList<>();
        for (Ranked r : ranked) {
            JsonObject d = byId.get(r.id());
            if (d != null) {
                out.add(hit(d, r.score()));
            }
        }
        return out;
    }

    private static String str(JsonObject d, String f) {
        JsonElement e = d.get(f);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static SearchHit hit(JsonObject d, float score) {
        return new SearchHit(str(d, CollectionIndex.F_SOURCE), str(d, CollectionIndex.F_DOC),
                str(d, CollectionIndex.F_CHUNK), d.get("start").getAsInt(), d.get("end").getAsInt(), score,
                str(d, "text"), str(d, CollectionIndex.F_TYPE), str(d, "heading"), str(d, CollectionIndex.F_BY));
    }

    private static final int ALL = 1_000_000;

    /** docId → what the collection holds of every document in it (all documents, whoever may read them). */
    @Override
    public Map<String, CollectionIndex.Existing> existing() throws IOException {
        Map<String, CollectionIndex.Existing> out = new HashMap<>();
        for (JsonElement e : select(new JsonPrimitive(CollectionIndex.F_FIRST + ":1"), List.of(), ALL,
                "doc_id,hash,acl,ingested_by").getAsJsonArray("docs")) {
            JsonObject d = e.getAsJsonObject();
            out.put(str(d, CollectionIndex.F_DOC), new CollectionIndex.Existing(str(d, CollectionIndex.F_HASH),
                    list(d, CollectionIndex.F_ACL), str(d, CollectionIndex.F_BY)));
        }
        return out;
    }

    private static List<String> list(JsonObject d, String f) {
        List<String> out = new ArrayList<>();
        if (d.has(f)) {
            d.getAsJsonArray(f).forEach(x -> out.add(x.getAsString()));
        }
        return out;
    }

    /** The documents the filters keep, by source. */
    public List<IndexedDocument> documents(List<String> filters) throws IOException {
        List<IndexedDocument> out = new ArrayList<>();
        for (JsonElement e : select(new JsonPrimitive(CollectionIndex.F_FIRST + ":1"), filters, ALL,
                "doc_id,source,type,size,acl,chunks,modified,hash,ingested_by").getAsJsonArray("docs")) {
            JsonObject d = e.getAsJsonObject();
            out.add(new IndexedDocument(str(d, CollectionIndex.F_DOC), str(d, CollectionIndex.F_SOURCE),
                    str(d, CollectionIndex.F_TYPE), d.get("size").getAsLong(), list(d, CollectionIndex.F_ACL),
                    d.get("chunks").getAsInt(), Instant.ofEpochMilli(d.get(CollectionIndex.F_MODIFIED).getAsLong()),
                    str(d, CollectionIndex.F_HASH), str(d, CollectionIndex.F_BY)));
        }
        out.sort(java.util.Comparator.comparing(IndexedDocument::source));
        return out;
    }

    /** Every chunk the filters keep, by source and position (score 0). */
    public List<SearchHit> chunks(List<String> filters) throws IOException {
        List<SearchHit> out = new ArrayList<>();
        for (JsonElement e : select(new JsonPrimitive("*:*"), filters, ALL, HIT_FIELDS)
                .getAsJsonArray("docs")) {
            out.add(hit(e.getAsJsonObject(), 0f));
        }
        out.sort(java.util.Comparator.comparing(SearchHit::source).thenComparingInt(SearchHit::start));
        return out;
    }

    /** The stored extracted text of a document version (by content hash), or null. */
    public String text(String hash) throws IOException {
        JsonArray docs = select(new JsonPrimitive(terms(CollectionIndex.F_HASH, Set.of(hash))),
                List.of(CollectionIndex.F_FIRST + ":1"), 1, CollectionIndex.F_TEXT).getAsJsonArray("docs");
        return docs.isEmpty() ? null : str(docs.get(0).getAsJsonObject(), CollectionIndex.F_TEXT);
    }

    /** How many documents match {@code query} within the types and dates but are not readable by {@code roles}. */
    public int hiddenDocuments(JsonElement query, Set<String> roles, Set<String> types, Instant from, Instant to,
            int cap) throws IOException {
        if (query == null) {
            return 0;
        }
        List<String> filters = new ArrayList<>(filter(Set.of("any"), types, from, to));
        filters.remove(0);
        if (!roles.isEmpty()) {
            StringBuilder q = new StringBuilder("*:* -" + CollectionIndex.F_ACL + ":(");
            for (String r : roles) {
                q.append(SolrQueries.quote(r)).append(' ');
            }
            filters.add(q.append(')').toString());
        }
        Set<String> docs = new java.util.HashSet<>();
        for (JsonElement e : select(query, filters, cap, "doc_id").getAsJsonArray("docs")) {
            docs.add(str(e.getAsJsonObject(), CollectionIndex.F_DOC));
        }
        return docs.size();
    }

    /** Number of chunks in the collection. */
    public long chunkCount() throws IOException {
        return select(new JsonPrimitive("*:*"), List.of(), 0, "id").get("numFound").getAsLong();
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            closeQuietly(cluster);
            cluster = null;
        }
    }
}
