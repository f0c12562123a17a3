package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.LockObtainFailedException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import dev.enclave.core.AccessPolicy;
import dev.enclave.core.AuditEntry;
import dev.enclave.core.AuditRecord;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.knowledge.AnalyzedField;
import dev.enclave.knowledge.DocumentParsers;
import dev.enclave.knowledge.ExtractedDocument;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.IngestReport;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.RetrievalSettings;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.SearchMode;
import dev.enclave.knowledge.SearchRequest;
import dev.enclave.knowledge.TextRegion;
import dev.enclave.runtime.EmbeddingModel;
import dev.enclave.runtime.ModelRegistry;

/** The knowledge base on Lucene: one index per collection under {@code <data>/knowledge/collections}. */
@Component(service = KnowledgeBase.class)
public final class LuceneKnowledgeBase implements KnowledgeBase {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_.\\-\\p{IsHan}]{0,63}");
    /** Commit after this many documents or chunks, whichever comes first. */
    static final int COMMIT_DOCS = 50;
    static final int COMMIT_CHUNKS = 2000;

    private final Analysis analysis = new Analysis();
    private final Map<Path, CollectionIndex> indexes = new ConcurrentHashMap<>();
    /** The SolrCloud collections' connections, by collection folder. */
    private final Map<Path, SolrCloudIndex> solrIndexes = new ConcurrentHashMap<>();
    /** The {@code backend} of a collection whose index lives in SolrCloud. */
    static final String SOLRCLOUD = "solrcloud";
    private final Map<String, EmbeddingModel> embedders = new ConcurrentHashMap<>();
    private final Reranking reranking = new Reranking(() -> this.models);
    @Reference
    private DocumentParsers parsers;
    @Reference
    private ModelRegistry models;
    @Reference
    private dev.enclave.knowledge.QueryTranslation translation;

    @Deactivate
    void deactivate() {
        for (CollectionIndex idx : indexes.values()) {
            try {
                idx.close();
            } catch (IOException e) {
                // closing on shutdown: nothing more to do
            }
        }
        indexes.clear();
        solrIndexes.values().forEach(SolrCloudIndex::close);
        solrIndexes.clear();
        embedders.values().forEach(EmbeddingModel::close);
        embedders.clear();
        reranking.close();
    }

    @Override
    public List<dev.enclave.knowledge.Token> analyze(AnalyzedField field, String text) {
        return analysis.tokens(Analysis.fieldName(field), text).stream()
                .map(t -> new dev.enclave.knowledge.Token(t.term(), t.start(), t.end())).toList();
    }

    private static Path collectionsRoot(Workspace ws) {
        return ws.serviceFolder("knowledge").resolve("collections");
    }

    private static String checkName(String collection) {
        if (collection == null || !NAME.matcher(collection).matches()) {
            throw EnclaveException.badInput("Invalid collection name '" + collection
                    + "': use letters, digits, '-', '_' or '.', up to 64 characters.");
        }
        return collection;
    }

    private CollectionIndex open(Workspace ws, String collection, boolean create) {
        Path folder = collectionsRoot(ws).resolve(checkName(collection));
        if (!create && !Files.isDirectory(folder)) {
            throw EnclaveException.badInput("No collection '" + collection + "' in " + ws.root()
                    + ". Existing: " + (collections(ws).isEmpty() ? "none" : String.join(", ", collections(ws)))
                    + ". Import documents into '" + collection + "' to create it.");
        }
        return indexes.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> {
            try {
                // Keyword queries also hold their words in the other language (issue 16), from this workspace's terms.
                return new CollectionIndex(f, analysis.withTranslation(text -> translation.translate(ws, text)));
            } catch (IOException e) {
                throw EnclaveException.failure("Cannot open collection " + collection + ": " + e.getMessage(), e);
            }
        });
    }

    /** The SolrCloud connection of a collection that lives there. */
    private SolrCloudIndex solr(CollectionIndex idx, Meta meta, String collection) {
        return solrIndexes.computeIfAbsent(idx.folder().toAbsolutePath().normalize(),
                f -> new SolrCloudIndex(meta.zk(), collection));
    }

    /** A failure talking to SolrCloud as a message naming the collection and the cluster (never a stack trace). */
    private static EnclaveException solrFailure(String what, String collection, Meta meta, Exception e) {
        if (e instanceof EnclaveException ee) {
            return ee;
        }
        return EnclaveException.failure(what + " '" + collection + "' (SolrCloud, ZooKeeper " + meta.zk() + ") failed: "
                + e.getMessage(), e);
    }

    /**
     * The collection's settings ({@code collection.json}): whether it has vectors and from which model
     * ({@code vectors} null until the first ingest decides), who owns it and which roles may write into it.
     */
    record Meta(Boolean vectors, String embedder, int dimension, String owner, List<String> writeRoles,
            String created, String backend, String zk) {
        Meta {
            writeRoles = writeRoles == null ? List.of() : List.copyOf(writeRoles);
        }

        Meta(Boolean vectors, String embedder, int dimension, String owner, List<String> writeRoles, String created) {
            this(vectors, embedder, dimension, owner, writeRoles, created, null, null);
        }

        /** This meta with another vector choice, keeping where the collection lives. */
        Meta withVectors(Boolean vectors, String embedder, int dimension) {
            return new Meta(vectors, embedder, dimension, owner, writeRoles, created, backend, zk);
        }

        /** Whether the collection lives in SolrCloud ({@code "backend": "solrcloud"}). */
        boolean solrCloud() {
            return SOLRCLOUD.equals(backend);
        }

        boolean hasVectors() {
            return Boolean.TRUE.equals(vectors);
        }

        AccessPolicy.WriteRights rights(String collection) {
            return new AccessPolicy.WriteRights(collection, owner, writeRoles);
        }
    }

    private static Meta meta(CollectionIndex idx) {
        Path f = idx.folder().resolve("collection.json");
        if (!Files.exists(f)) {
            return null;
        }
        try {
            JsonObject o = new Gson().fromJson(Files.readString(f, StandardCharsets.UTF_8), JsonObject.class);
            List<String> write = new ArrayList<>();
            if (o.has("write_roles")) {
                o.getAsJsonArray("write_roles").forEach(e -> write.add(e.getAsString()));
            }
            return new Meta(o.has("vectors") && !o.get("vectors").isJsonNull() ? o.get("vectors").getAsBoolean() : null,
                    o.has("embedder") ? o.get("embedder").getAsString() : null,
                    o.has("dimension") ? o.get("dimension").getAsInt() : 0,
                    o.has("owner") ? o.get("owner").getAsString() : null, write,
                    o.has("created") ? o.get("created").getAsString() : null,
                    o.has("backend") ? o.get("backend").getAsString() : null,
                    o.has("zk") ? o.get("zk").getAsString() : null);
        } catch (IOException | RuntimeException e) {
            throw EnclaveException.failure("Cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static void writeMeta(CollectionIndex idx, Meta m) throws IOException {
        JsonObject o = new JsonObject();
        if (m.vectors() != null) {
            o.addProperty("vectors", m.vectors());
        }
        if (m.embedder() != null) {
            o.addProperty("embedder", m.embedder());
            o.addProperty("dimension", m.dimension());
        }
        o.addProperty("created", m.created() != null ? m.created() : Instant.now().toString());
        if (m.owner() != null) {
            o.addProperty("owner", m.owner());
        }
        if (m.backend() != null) {
            o.addProperty("backend", m.backend());
            o.addProperty("zk", m.zk());
        }
        com.google.gson.JsonArray write = new com.google.gson.JsonArray();
        m.writeRoles().forEach(write::add);
        o.add("write_roles", write);
        // Atomic, and private (0600) like every workspace file.
        dev.enclave.core.FileIO.writeAtomically(idx.folder().resolve("collection.json"), new Gson().toJson(o));
    }

    private EmbeddingModel model(Workspace ws, String name) {
        String resolved = name != null ? name
                : ws.settings().get(ModelRegistry.EMBEDDING_MODEL_SETTING, ModelRegistry.BUILT_IN_EMBEDDER);
        // The built-in model is the same in every workspace; a models-folder name is per workspace.
        String key = resolved.equals(ModelRegistry.BUILT_IN_EMBEDDER) ? resolved : ws.root().toAbsolutePath() + "|" + resolved;
        return embedders.computeIfAbsent(key, k -> models.openEmbedder(ws, resolved, null, Progress.silent()));
    }

    @Override
    public boolean hasVectors(Workspace ws, String collection) {
        Meta meta = meta(open(ws, collection, false));
        return meta != null && meta.hasVectors();
    }

    @Override
    public EmbeddingModel embedder(Workspace ws, String collection) {
        Meta meta = meta(open(ws, collection, false));
        return model(ws, meta != null && meta.hasVectors() ? meta.embedder() : null);
    }

    @Override
    public IngestReport ingest(Workspace ws, Subject subject, String collection, List<Path> paths, List<String> acl,
            boolean vectors, boolean followLinks, Progress progress) {
        List<String> roles = acl == null || acl.isEmpty() ? List.copyOf(subject.roles()) : List.copyOf(acl);
        if (roles.isEmpty()) {
            throw EnclaveException.badInput("No role given for the documents, and user '" + subject.name()
                    + "' has none, so nobody could read them: name the roles that may read them.");
        }
        List<String> known = ws.security().roles().stream().map(r -> r.name()).toList();
        for (String r : roles) {
            if (!known.contains(r)) {
                throw EnclaveException.badInput("Unknown role '" + r + "' for the documents. Known roles: "
                        + String.join(", ", known) + ".");
            }
        }
        checkName(collection);
        AccessPolicy policy = ws.accessPolicy();
        // Nobody plants documents for readers they do not belong to (administrators excepted).
        policy.checkLabel(subject, roles, collection, "knowledge.ingest");
        IngestLimits limits = IngestLimits.of(ws);
        CollectionIndex idx = open(ws, collection, true);
        lockForWriting(idx, collection, limits.writeWaitMillis());
        try {
            Meta meta = meta(idx);
            if (meta != null) {
                policy.checkWrite(subject, meta.rights(collection), "knowledge.ingest");
            }
            if (meta != null && meta.solrCloud()) {
                SolrCloudIndex solr = solr(idx, meta, collection);
                try {
                    return ingestLocked(ws, subject, collection, idx, solr, paths, roles, vectors, followLinks, limits,
                            progress);
                } finally {
                    solr.discard();
                }
            }
            idx.openWriter(limits.writeWaitMillis());
            return ingestLocked(ws, subject, collection, idx, idx, paths, roles, vectors, followLinks, limits,
                    progress);
        } catch (LockObtainFailedException e) {
            throw busy(collection);
        } catch (IOException e) {
            throw EnclaveException.failure("Ingest into '" + collection + "' failed: " + e.getMessage(), e);
        } finally {
            idx.writeLock().unlock();
        }
    }

    private static EnclaveException busy(String collection) {
        return EnclaveException.badInput("Collection '" + collection + "' is busy: another ingest or delete is "
                + "writing it; try again when it has finished (setting " + IngestLimits.WRITE_WAIT_SECONDS
                + " sets how long to wait).");
    }

    /** Takes the collection's in-process write lock, waiting up to {@code millis}; busy when it stays taken. */
    private static void lockForWriting(CollectionIndex idx, String collection, long millis) {
        try {
            if (!idx.writeLock().tryLock(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw busy(collection);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(collection);
        }
    }

    private IngestReport ingestLocked(Workspace ws, Subject subject, String collection, CollectionIndex idx,
            ChunkStore store, List<Path> paths, List<String> roles, boolean vectors, boolean followLinks, IngestLimits limits,
            Progress progress) throws IOException {
        AccessPolicy policy = ws.accessPolicy();
        Meta meta = meta(idx);
        EmbeddingModel embedder = null;
        if (meta == null || meta.vectors() == null) {
            Meta base = meta != null ? meta
                    : new Meta(null, null, 0, subject.name(), roles, null);
            if (vectors) {
                embedder = model(ws, null);
                meta = base.withVectors(true, embedder.name(), embedder.dimension());
            } else {
                meta = base.withVectors(false, null, 0);
            }
            writeMeta(idx, meta);
        } else if (meta.hasVectors()) {
            embedder = model(ws, meta.embedder());
        }
        AccessPolicy.WriteRights rights = meta.rights(collection);
        List<IngestReport.Failure> failed = new ArrayList<>();
        List<Path> files = IngestFiles.collect(paths, followLinks, f -> parsers.typeOf(f) != null, failed);
        int size = intSetting(ws, CHUNK_SIZE_SETTING, 500);
        int overlap = intSetting(ws, CHUNK_OVERLAP_SETTING, 80);
        Chunker chunker = new Chunker(size, overlap);
        Map<String, CollectionIndex.Existing> existing = store.existing();
        int unchanged = 0;
        int pendingChunks = 0;
        List<Parsed> pending = new ArrayList<>();
        final Counts counts = new Counts(ws.auditLog(), subject, collection, roles);
        progress.begin("Ingesting into " + collection, files.size());
        Pipeline pipeline = new Pipeline(embedder, batch -> counts.write(store, batch.parsed(), batch.vectors()));
        try {
            for (Path file : files) {
                progress.checkCanceled();
                progress.subTask(file.getFileName().toString());
                String docId = docId(file);
                try {
                    long bytesOnDisk;
                    try {
                        bytesOnDisk = Files.size(file);
                    } catch (IOException e) {
                        throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
                    }
                    // Checked on the file's size before anything is read (a sparse 2.5 GB file costs nothing).
                    if (bytesOnDisk > limits.maxFileBytes()) {
                        throw EnclaveException.badInput(file + " is larger than " + mb(limits.maxFileBytes())
                                + " (" + mb(bytesOnDisk) + "); split it first.");
                    }
                    CollectionIndex.Existing old = existing.get(docId);
                    if (old != null && !policy.mayReplace(subject, old.acl(), rights)) {
                        // Never a silent relabel: the document of this path is someone else's to replace.
                        policy.checkReplace(subject, old.acl(), rights, file.toString(), "knowledge.ingest");
                    }
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(file);
                    } catch (IOException e) {
                        throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
                    }
                    String hash = sha256(bytes);
                    if (old != null && hash.equals(old.hash())) {
                        unchanged++;
                        continue;
                    }
                    String name = file.getFileName().toString();
                    Parsed parsed = FileBudget.run(file.toString(), limits.parseMillis(), IngestLimits.FILE_SECONDS,
                            () -> read(ws, progress, file, name, bytes, docId, hash, old, chunker, limits));
                    pending.add(parsed);
                    existing.put(docId, new CollectionIndex.Existing(hash, roles, subject.name()));
                    pendingChunks += parsed.chunks().size();
                } catch (EnclaveException e) {
                    if (e instanceof Progress.CanceledException) {
                        throw e;
                    }
                    failed.add(new IngestReport.Failure(file.toString(), e.getMessage()));
                } catch (RuntimeException e) {
                    // Index write failures are IOExceptions and end the ingest; what was committed stays.
                    failed.add(new IngestReport.Failure(file.toString(), file + " cannot be ingested: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
                } finally {
                    progress.worked(1);
                }
                // Outside the per-file handling: a failure to embed or write ends the ingest.
                if (pendingChunks >= EMBED_BATCH) {
                    pipeline.submit(pending);
                    pending = new ArrayList<>();
                    pendingChunks = 0;
                }
            }
            if (!pending.isEmpty()) {
                pipeline.submit(pending);
            }
            pipeline.finish();
        } finally {
            pipeline.close();
            try {
                counts.commit(store);
            } finally {
                if (store == idx) {
                    idx.closeWriter();
                }
                List<AuditRecord> audit = new ArrayList<>();
                for (IngestReport.Failure f : failed) {
                    audit.add(new AuditRecord(subject.name(), "knowledge.ingest", collection + ":" + f.path(),
                            AuditEntry.FAILURE, f.error()));
                }
                if (!audit.isEmpty()) {
                    ws.auditLog().appendAll(audit);
                }
                progress.done();
            }
        }
        List<IngestReport.Warning> warnings = new ArrayList<>();
        // Checked after the ingest, with the roles the user holds now: administrators may label documents for
        // roles they do not hold, and then do not see them (issue 16: say so instead of leaving them silently absent).
        if (counts.added + counts.updated > 0 && !ws.accessPolicy().mayRead(subject, roles)) {
            warnings.add(new IngestReport.Warning(IngestReport.Warning.UNREADABLE, "You may not read what you ingested"
                    + " into '" + collection + "': it is open to " + String.join(", ", roles) + " only, and user '"
                    + subject.name() + "' holds " + (subject.roles().isEmpty() ? "no role"
                            : String.join(", ", new java.util.TreeSet<>(subject.roles())))
                    + ", so it will not appear in your own searches, answers or document lists."));
        }
        return new IngestReport(collection, counts.added, counts.updated, unchanged, failed, counts.chunks, warnings);
    }

    /** Parses and chunks one file inside its budgets (runs on the file's reading thread). */
    private Parsed read(Workspace ws, Progress progress, Path file, String name, byte[] bytes, String docId,
            String hash, CollectionIndex.Existing old, Chunker chunker, IngestLimits limits) {
        ExtractedDocument doc;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            // Scans are read by OCR page by page under the ingest's progress (cancel stops between pages), and
            // cached in the workspace by content: the same scan ingested again is not read by OCR again.
            doc = parsers.parse(ws, name, in, progress);
        } catch (IOException e) {
            throw EnclaveException.badInput(file + " cannot be read: " + e.getMessage());
        }
        if (doc.text().length() > limits.maxChars()) {
            throw EnclaveException.badInput(file + " yields " + doc.text().length() + " characters of text, more than "
                    + "the limit of " + limits.maxChars() + " (setting " + IngestLimits.MAX_CHARS + "); split it first.");
        }
        List<Chunker.Chunk> chunks = chunker.chunk(doc);
        if (chunks.size() > limits.maxChunks()) {
            throw EnclaveException.badInput(file + " makes " + chunks.size() + " chunks, more than the limit of "
                    + limits.maxChunks() + " (setting " + IngestLimits.MAX_CHUNKS + "); split it first.");
        }
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = Instant.now();
        }
        return new Parsed(file, docId, bytes.length, hash, old == null ? null : old.hash(), doc, chunks, modified);
    }

    private static String mb(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB"
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    /** Chunks handed to the embedder at once (it groups them by token length into model batches). */
    static final int EMBED_BATCH = 256;

    /** A batch of parsed files with the vectors of their chunks (in order; null without an embedder). */
    private record Embedded(List<Parsed> parsed, float[][] vectors) {
    }

    /** Writes an embedded batch to the index. */
    @FunctionalInterface
    private interface BatchWriter {
        void write(Embedded batch) throws IOException;
    }

    /**
     * Embedding on its own thread, one batch ahead: while the embedder works on batch n, this
     * thread writes batch n-1 to the index and parses the files of batch n+1. Batches are written
     * (and committed) in order by the ingesting thread, as without the pipeline, so a crash leaves
     * the index as of its last commit.
     */
    private static final class Pipeline implements AutoCloseable {
        private final EmbeddingCache embedder;
        private final BatchWriter writer;
        private final java.util.concurrent.ExecutorService thread;
        private java.util.concurrent.Future<Embedded> inFlight;

        Pipeline(EmbeddingModel embedder, BatchWriter writer) {
            this.embedder = embedder == null ? null : new EmbeddingCache(embedder);
            this.writer = writer;
            this.thread = embedder == null ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "enclave-ingest-embedding");
                t.setDaemon(true);
                return t;
            });
        }

        /** Starts embedding a batch, then writes the batch before it. */
        void submit(List<Parsed> batch) throws IOException {
            if (thread == null) {
                writer.write(new Embedded(batch, null));
                return;
            }
            java.util.concurrent.Future<Embedded> next = thread.submit(() -> new Embedded(batch, embed(embedder, batch)));
            writePrevious();
            inFlight = next;
        }

        /** Writes the last batch. */
        void finish() throws IOException {
            writePrevious();
        }

        private void writePrevious() throws IOException {
            if (inFlight == null) {
                return;
            }
            Embedded done;
            try {
                done = await(inFlight, "embedding");
            } finally {
                inFlight = null;
            }
            writer.write(done);
        }

        /** Stops the embedding thread, waiting for a batch it is still embedding (the model is shared). */
        @Override
        public void close() {
            if (thread != null) {
                thread.shutdownNow();
                try {
                    thread.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The vectors of a batch's chunks in order (the embedder groups texts of similar token
     * length into its model batches; a text already embedded in this ingest is not embedded again).
     */
    static float[][] embed(EmbeddingCache embedder, List<Parsed> batch) {
        List<String> texts = new ArrayList<>();
        for (Parsed p : batch) {
            for (Chunker.Chunk c : p.chunks()) {
                String t = p.doc().text().substring(c.start(), c.end());
                texts.add(c.heading().isEmpty() ? t : c.heading() + "\n" + t);
            }
        }
        return embedder.embed(texts);
    }

    /** A parsed file waiting for its embeddings. */
    private record Parsed(Path file, String docId, long size, String hash, String old, ExtractedDocument doc,
            List<Chunker.Chunk> chunks, Instant modified) {
    }

    /**
     * What an ingest wrote, and the batched writing. Audit before effect: a batch's audit entries are
     * appended (durably) before its documents are handed to the index writer, so neither a reader of
     * this process nor a commit can see a document without its entry; each commit's outcome is
     * audited after it.
     */
    private static final class Counts {
        private final dev.enclave.core.AuditLog log;
        private final Subject subject;
        private final String collection;
        private final List<String> roles;
        int added;
        int updated;
        int chunks;
        int docsSinceCommit;
        int chunksSinceCommit;

        Counts(dev.enclave.core.AuditLog log, Subject subject, String collection, List<String> roles) {
            this.log = log;
            this.subject = subject;
            this.collection = collection;
            this.roles = roles;
        }

        void write(ChunkStore idx, List<Parsed> batch, float[][] vectors) throws IOException {
            List<AuditRecord> audit = new ArrayList<>();
            for (Parsed p : batch) {
                audit.add(new AuditRecord(subject.name(), "knowledge.ingest", collection + ":" + p.file(),
                        AuditEntry.SUCCESS, (p.old() == null ? "added" : "updated") + ", " + p.chunks().size()
                                + " chunks, acl " + String.join(",", roles) + ", sha256 " + p.hash()));
            }
            if (!audit.isEmpty()) {
                log.appendAll(audit);
            }
            int v = 0;
            for (Parsed p : batch) {
                List<CollectionIndex.ChunkInput> inputs = new ArrayList<>();
                for (Chunker.Chunk c : p.chunks()) {
                    inputs.add(new CollectionIndex.ChunkInput(c.start(), c.end(), c.heading(),
                            p.doc().text().substring(c.start(), c.end()), vectors == null ? null : vectors[v++]));
                }
                idx.put(new CollectionIndex.DocInput(p.docId(), p.file().toString(), p.doc().type(), p.size(), roles,
                        p.modified(), p.hash(), p.doc().text(), inputs, subject.name(), p.doc().regions()));
                if (p.old() == null) {
                    added++;
                } else {
                    updated++;
                }
                chunks += inputs.size();
                docsSinceCommit++;
                chunksSinceCommit += inputs.size();
                if (docsSinceCommit >= COMMIT_DOCS || chunksSinceCommit >= COMMIT_CHUNKS) {
                    commit(idx);
                }
            }
        }

        /** Commits what was written since the last commit and audits the outcome. */
        void commit(ChunkStore idx) throws IOException {
            if (docsSinceCommit == 0) {
                return;
            }
            try {
                idx.commit();
            } catch (IOException | RuntimeException e) {
                log.append(subject.name(), "knowledge.commit", collection, AuditEntry.FAILURE,
                        docsSinceCommit + " documents not committed: " + e.getMessage());
                throw e;
            }
            log.append(subject.name(), "knowledge.commit", collection, AuditEntry.SUCCESS,
                    docsSinceCommit + " documents, " + chunksSinceCommit + " chunks committed");
            docsSinceCommit = 0;
            chunksSinceCommit = 0;
        }
    }

    private static int intSetting(Workspace ws, String key, int fallback) {
        String v = ws.settings().get(key, Integer.toString(fallback));
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw EnclaveException.badInput("The setting " + key + " must be a whole number, not '" + v + "'.");
        }
    }

    /** A document's id: the first 16 hex digits of the SHA-256 of its absolute, normalised path. */
    static String docId(Path file) {
        return sha256(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    static String sha256(byte[] bytes) {
        return dev.enclave.core.Hashes.sha256Hex(bytes);
    }

    @Override
    public List<SearchHit> search(Workspace ws, Subject subject, SearchRequest req) {
        return search(ws, subject, req, true);
    }

    /**
     * Searches; {@code audit} false is for callers that write one audit entry for a whole run of
     * searches themselves (the retrieval evaluation).
     */
    public List<SearchHit> search(Workspace ws, Subject subject, SearchRequest req, boolean audit) {
        if (req.query() == null || req.query().isBlank()) {
            throw EnclaveException.badInput("The query is empty.");
        }
        if (req.top() < 1) {
            throw EnclaveException.badInput("A search must ask for at least one hit, not " + req.top() + ".");
        }
        CollectionIndex idx = open(ws, req.collection(), false);
        Meta meta = meta(idx);
        List<SearchHit> hits;
        Reranking.Plan rerank = Reranking.plan(ws);
        SearchRequest asked = req;
        if (rerank.on() && rerank.candidates() > req.top()) {
            // The reranker reads more candidates than are shown, then keeps the best.
            req = new SearchRequest(req.collection(), req.query(), rerank.candidates(), req.mode(), req.types(),
                    req.from(), req.to());
        }
        if (meta != null && meta.solrCloud()) {
            hits = searchSolr(ws, subject.roles(), idx, meta, req);
        } else try {
            Query filter = CollectionIndex.filter(subject.roles(), req.types(), req.from(), req.to());
            SearchMode mode = req.mode();
            boolean hasVectors = meta != null && meta.hasVectors();
            if (mode == SearchMode.VECTOR && !hasVectors) {
                throw EnclaveException.badInput("Collection '" + req.collection()
                        + "' was ingested without vectors: search it by keywords (bm25).");
            }
            if (mode == SearchMode.BM25 || (mode == SearchMode.HYBRID && !hasVectors)) {
                hits = idx.keyword(req.query(), subject.roles(), filter, req.top());
            } else if (mode == SearchMode.VECTOR) {
                hits = idx.nearest(model(ws, meta.embedder()).embed(List.of(req.query()))[0], subject.roles(), filter,
                        req.top());
            } else {
                hits = hybrid(ws, idx, meta, req, subject.roles(), filter, RetrievalSettings.of(ws));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Search in '" + req.collection() + "' failed: " + e.getMessage(), e);
        }
        hits = reranking.rerank(ws, rerank, req.query(), hits, asked.top());
        if (audit) {
            ws.auditLog().append(subject.name(), "knowledge.search", req.collection(), AuditEntry.SUCCESS,
                req.mode().name().toLowerCase(java.util.Locale.ROOT) + ", top " + asked.top() + ", " + hits.size()
                        + " hits, query hmac-sha256 " + dev.enclave.core.Hashes.keyed(ws, req.query())
                        + (rerank.on() ? ", reranked by " + rerank.model() : ""));
        }
        return hits;
    }

    /** An analysis whose keyword queries hold the query's words in the other language, from the workspace's terms. */
    private Analysis translating(Workspace ws) {
        return analysis.withTranslation(text -> translation.translate(ws, text));
    }

    /**
     * Search in a SolrCloud collection: the same queries, modes and fusion as the embedded index, the ACL and the
     * other filters as Solr filter queries.
     */
    private List<SearchHit> searchSolr(Workspace ws, Set<String> roles, CollectionIndex idx, Meta meta,
            SearchRequest req) {
        SolrCloudIndex solr = solr(idx, meta, req.collection());
        Analysis a = translating(ws);
        List<String> filters = SolrCloudIndex.filter(roles, req.types(), req.from(), req.to());
        SearchMode mode = req.mode();
        if (mode == SearchMode.VECTOR && !meta.hasVectors()) {
            throw EnclaveException.badInput("Collection '" + req.collection()
                    + "' was ingested without vectors: search it by keywords (bm25).");
        }
        try {
            if (mode == SearchMode.BM25 || !meta.hasVectors()) {
                return solr.hits(solr.ranked(SolrQueries.toJson(a.keywordQuery(req.query())), filters, req.top()));
            }
            float[] vector = model(ws, meta.embedder()).embed(List.of(req.query()))[0];
            if (mode == SearchMode.VECTOR) {
                return solr.hits(solr.nearest(vector, filters, req.top()));
            }
            RetrievalSettings settings = RetrievalSettings.of(ws);
            int n = Math.max(50, req.top() * 4);
            List<SolrCloudIndex.Ranked> keyword = solr.ranked(SolrQueries.toJson(
                    a.keywordQuery(req.query(), (float) settings.translationWeight())), filters, n);
            List<SolrCloudIndex.Ranked> nearest = solr.nearest(vector, filters, n);
            return HybridFusion.fuse(req.top(), req.query(), solr.hits(keyword), solr.hits(nearest),
                    settings.keywordWeight(), settings.vectorWeight());
        } catch (IOException | RuntimeException e) {
            throw solrFailure("Search in", req.collection(), meta, e);
        }
    }

    @Override
    public int hidden(Workspace ws, Subject subject, SearchRequest req) {
        if (req.query() == null || req.query().isBlank()) {
            return 0;
        }
        CollectionIndex hidx = open(ws, req.collection(), false);
        Meta hmeta = meta(hidx);
        if (hmeta != null && hmeta.solrCloud()) {
            try {
                return solr(hidx, hmeta, req.collection()).hiddenDocuments(
                        SolrQueries.toJson(translating(ws).keywordQuery(req.query())), subject.roles(), req.types(),
                        req.from(), req.to(), 10_000);
            } catch (IOException | RuntimeException e) {
                throw solrFailure("Search in", req.collection(), hmeta, e);
            }
        }
        try {
            return hidx.hiddenDocuments(req.query(), subject.roles(), req.types(),
                    req.from(), req.to(), 10_000);
        } catch (IOException e) {
            throw EnclaveException.failure("Search in '" + req.collection() + "' failed: " + e.getMessage(), e);
        }
    }

    /** Runs the BM25 half of hybrid searches while the query is embedded. */
    private static final java.util.concurrent.ExecutorService KEYWORD = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "enclave-keyword-search");
                t.setDaemon(true);
                return t;
            });

    /**
     * Hybrid search: the BM25 ranking (on another thread) and the query's embedding and
     * nearest-neighbour ranking at the same time, both from one reader, fused; only the fused
     * top is read from the index.
     */
    private List<SearchHit> hybrid(Workspace ws, CollectionIndex idx, Meta meta, SearchRequest req, Set<String> roles,
            Query filter, RetrievalSettings settings) throws IOException {
        org.apache.lucene.search.IndexSearcher s = idx.acquire(roles);
        if (s == null) {
            return List.of();
        }
        try {
            return hybrid(ws, idx, s, meta, req, filter, settings);
        } finally {
            idx.release(s);
        }
    }

    private List<SearchHit> hybrid(Workspace ws, CollectionIndex idx, org.apache.lucene.search.IndexSearcher s,
            Meta meta, SearchRequest req, Query filter, RetrievalSettings settings) throws IOException {
        int n = Math.max(50, req.top() * 4);
        // The keyword ranking is bm25 mode's: the query's own words with its translated words (their weight scaled
        // by the translation setting), so a document in the other language is ranked as bm25 ranks it.
        float translationScale = (float) settings.translationWeight();
        java.util.concurrent.Future<ScoreDoc[]> keyword = KEYWORD.submit(
                () -> idx.keywordDocs(s, req.query(), filter, n, translationScale));
        ScoreDoc[] vector;
        try {
            vector = idx.nearestDocs(s, model(ws, meta.embedder()).embed(List.of(req.query()))[0], filter, n);
        } catch (RuntimeException | IOException e) {
            keyword.cancel(true);
            throw e;
        }
        ScoreDoc[] lexical = await(keyword, "searching");
        return HybridFusion.fuse(req.top(), req.query(), idx.hits(s, lexical), idx.hits(s, vector),
                settings.keywordWeight(), settings.vectorWeight());
    }

    /** The result of a task on another thread; its failure rethrown as it was (I/O or unchecked). */
    private static <T> T await(java.util.concurrent.Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while " + what, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public List<String> collections(Workspace ws) {
        Path root = collectionsRoot(ws);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<IndexedDocument> documents(Workspace ws, Subject subject, String collection) {
        CollectionIndex idx = open(ws, collection, false);
        Meta meta = meta(idx);
        if (meta != null && meta.solrCloud()) {
            try {
                return solr(idx, meta, collection).documents(SolrCloudIndex.filter(subject.roles(), Set.of(), null, null));
            } catch (IOException | RuntimeException e) {
                throw solrFailure("Listing", collection, meta, e);
            }
        }
        try {
            return idx.documents(CollectionIndex.filter(subject.roles(), Set.of(), null, null));
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot list '" + collection + "': " + e.getMessage(), e);
        }
    }

    @Override
    public List<SearchHit> chunks(Workspace ws, Subject subject, String collection) {
        CollectionIndex idx = open(ws, collection, false);
        Meta meta = meta(idx);
        try {
            List<SearchHit> out = meta != null && meta.solrCloud()
                    ? solr(idx, meta, collection).chunks(SolrCloudIndex.filter(subject.roles(), Set.of(), null, null))
                    : idx.chunks(CollectionIndex.filter(subject.roles(), Set.of(), null, null));
            ws.auditLog().append(subject.name(), "knowledge.export", collection, AuditEntry.SUCCESS,
                    out.size() + " chunks");
            return out;
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot read '" + collection + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> text(Workspace ws, Subject subject, String collection, String docId) {
        CollectionIndex idx = open(ws, collection, false);
        for (IndexedDocument d : documents(ws, subject, collection)) {
            if (d.docId().equals(docId)) {
                ws.auditLog().append(subject.name(), "knowledge.read", collection + ":" + d.source(),
                        AuditEntry.SUCCESS, "extracted text");
                Meta meta = meta(idx);
                if (meta != null && meta.solrCloud()) {
                    try {
                        return Optional.ofNullable(solr(idx, meta, collection).text(d.hash()));
                    } catch (IOException | RuntimeException e) {
                        throw solrFailure("Reading", collection, meta, e);
                    }
                }
                return Optional.ofNullable(idx.text(d.hash()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<TextRegion> regions(Workspace ws, Subject subject, String collection, String docId) {
        CollectionIndex idx = open(ws, collection, false);
        for (IndexedDocument d : documents(ws, subject, collection)) {
            if (d.docId().equals(docId)) {
                Meta meta = meta(idx);
                // SolrCloud collections keep the text alone; the page places live in embedded indexes.
                return meta != null && meta.solrCloud() ? List.of() : idx.regions(d.hash());
            }
        }
        return List.of();
    }

    @Override
    public boolean delete(Workspace ws, Subject subject, String collection, String docIdOrSource) {
        CollectionIndex idx = open(ws, collection, false);
        IngestLimits limits = IngestLimits.of(ws);
        lockForWriting(idx, collection, limits.writeWaitMillis());
        try {
            IndexedDocument d = null;
            Meta stored = meta(idx);
            SolrCloudIndex solr = stored != null && stored.solrCloud() ? solr(idx, stored, collection) : null;
            try {
                for (IndexedDocument any : solr != null ? solr.documents(List.of())
                        : idx.documents(new org.apache.lucene.search.MatchAllDocsQuery())) {
                    if (any.docId().equals(docIdOrSource) || any.source().equals(docIdOrSource)
                            || any.docId().equals(docIdOf(docIdOrSource))) {
                        d = any;
                        break;
                    }
                }
            } catch (IOException e) {
                throw EnclaveException.failure("Cannot list '" + collection + "': " + e.getMessage(), e);
            }
            if (d == null) {
                return false;
            }
            AccessPolicy policy = ws.accessPolicy();
            Meta meta = meta(idx);
            AccessPolicy.WriteRights rights = meta == null ? new AccessPolicy.WriteRights(collection, null, List.of())
                    : meta.rights(collection);
            if (!policy.mayRead(subject, d.acl())) {
                // Audited, but answered as "no such document": its existence is not the caller's to learn.
                ws.auditLog().append(subject.name(), "knowledge.delete", collection + ":" + docIdOrSource,
                        AuditEntry.DENIED, "may not read the document");
                return false;
            }
            policy.checkReplace(subject, d.acl(), rights, d.source(), "knowledge.delete");
            // Audit before effect: the entry is durable before the document disappears.
            ws.auditLog().append(subject.name(), "knowledge.delete", collection + ":" + d.source(),
                    AuditEntry.SUCCESS, d.docId());
            if (solr != null) {
                try {
                    solr.remove(d.docId());
                    solr.commit();
                } catch (IOException | RuntimeException e) {
                    solr.discard();
                    throw solrFailure("Deleting " + d.source() + " from", collection, stored, e);
                }
                return true;
            }
            try {
                idx.openWriter(limits.writeWaitMillis());
                idx.remove(d.docId());
                idx.commit();
                idx.closeWriter();
            } catch (LockObtainFailedException e) {
                throw busy(collection);
            } catch (IOException e) {
                throw EnclaveException.failure("Cannot delete " + d.source() + ": " + e.getMessage(), e);
            }
            return true;
        } finally {
            idx.writeLock().unlock();
        }
    }

    private static String docIdOf(String source) {
        try {
            return docId(Path.of(source));
        } catch (java.nio.file.InvalidPathException e) {
            return "";
        }
    }

    @Override
    public AccessPolicy.WriteRights writeRights(Workspace ws, String collection) {
        Meta meta = meta(open(ws, collection, false));
        return meta == null ? new AccessPolicy.WriteRights(collection, null, List.of()) : meta.rights(collection);
    }

    @Override
    public AccessPolicy.WriteRights create(Workspace ws, Subject subject, String collection, List<String> writeRoles,
            boolean vectors) {
        return create(ws, subject, collection, writeRoles, vectors, null);
    }

    @Override
    public AccessPolicy.WriteRights create(Workspace ws, Subject subject, String collection, List<String> writeRoles,
            boolean vectors, dev.enclave.knowledge.SolrCloudTarget solrCloud) {
        checkName(collection);
        List<String> roles = checkRoles(ws, writeRoles);
        if (collections(ws).contains(collection)) {
            ws.auditLog().append(subject.name(), "knowledge.collection.create", collection, AuditEntry.FAILURE,
                    "exists");
            throw EnclaveException.badInput("Collection '" + collection + "' already exists; its owner or an "
                    + "administrator can grant write roles with 'enclave collections grant'.");
        }
        if (subject.roles().isEmpty()) {
            ws.auditLog().append(subject.name(), "knowledge.collection.create", collection, AuditEntry.DENIED,
                    "user has no role");
            throw new dev.enclave.core.AccessDeniedException("User '" + subject.name() + "' has no role and may not "
                    + "create collections.");
        }
        if (solrCloud != null) {
            // Created in SolrCloud first: a collection recorded here always exists there.
            SolrCloudIndex probe = new SolrCloudIndex(solrCloud.zk(), collection);
            try {
                probe.create(solrCloud.shards(), solrCloud.replicas());
            } catch (EnclaveException e) {
                ws.auditLog().append(subject.name(), "knowledge.collection.create", collection, AuditEntry.FAILURE,
                        "solrcloud " + solrCloud.zk() + ": " + e.getMessage());
                throw e;
            } finally {
                probe.close();
            }
        }
        CollectionIndex idx = open(ws, collection, true);
        Meta meta;
        try {
            meta = new Meta(vectors ? null : Boolean.FALSE, null, 0, subject.name(), roles, null,
                    solrCloud == null ? null : SOLRCLOUD, solrCloud == null ? null : solrCloud.zk());
            writeMeta(idx, meta);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot create '" + collection + "': " + e.getMessage(), e);
        }
        ws.auditLog().append(subject.name(), "knowledge.collection.create", collection, AuditEntry.SUCCESS,
                "owner " + subject.name() + ", write roles " + roles + (solrCloud == null ? ""
                        : ", solrcloud " + solrCloud.zk() + " shards " + solrCloud.shards() + " replicas "
                                + solrCloud.replicas()));
        return meta.rights(collection);
    }

    @Override
    public AccessPolicy.WriteRights grant(Workspace ws, Subject subject, String collection, List<String> writeRoles) {
        List<String> roles = checkRoles(ws, writeRoles);
        if (roles.isEmpty()) {
            throw EnclaveException.badInput("Name the roles to grant write rights to.");
        }
        CollectionIndex idx = open(ws, collection, false);
        IngestLimits limits = IngestLimits.of(ws);
        lockForWriting(idx, collection, limits.writeWaitMillis());
        try {
            Meta meta = meta(idx);
            if (meta == null) {
                meta = new Meta(null, null, 0, null, List.of(), null);
            }
            boolean owner = meta.owner() != null && meta.owner().equals(subject.name());
            if (!owner && !subject.isAdmin()) {
                ws.auditLog().append(subject.name(), "knowledge.collection.grant", collection, AuditEntry.DENIED,
                        "not owner (" + meta.owner() + ") or administrator; asked for " + roles);
                throw new dev.enclave.core.AccessDeniedException("User '" + subject.name() + "' may not grant write "
                        + "roles on '" + collection + "': only its owner ("
                        + (meta.owner() == null ? "unknown" : meta.owner()) + ") or an administrator may.");
            }
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(meta.writeRoles());
            all.addAll(roles);
            Meta updated = new Meta(meta.vectors(), meta.embedder(), meta.dimension(), meta.owner(), List.copyOf(all),
                    meta.created(), meta.backend(), meta.zk());
            try {
                writeMeta(idx, updated);
            } catch (IOException e) {
                throw EnclaveException.failure("Cannot update '" + collection + "': " + e.getMessage(), e);
            }
            ws.auditLog().append(subject.name(), "knowledge.collection.grant", collection, AuditEntry.SUCCESS,
                    "write roles " + updated.writeRoles());
            return updated.rights(collection);
        } finally {
            idx.writeLock().unlock();
        }
    }

    private static List<String> checkRoles(Workspace ws, List<String> roles) {
        List<String> known = ws.security().roles().stream().map(r -> r.name()).toList();
        List<String> out = new ArrayList<>();
        for (String r : roles == null ? List.<String>of() : roles) {
            String t = r.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!known.contains(t)) {
                throw EnclaveException.badInput("Unknown role '" + t + "'. Known roles: " + String.join(", ", known)
                        + ".");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
