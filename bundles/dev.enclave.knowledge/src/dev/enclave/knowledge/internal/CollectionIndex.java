package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.SearchHit;
import dev.enclave.knowledge.TextRegion;

/**
 * One collection's Lucene index ({@code index/}). Needs only Lucene and the core's {@code FileIO}
 * (private files), so a separate JVM can drive it (the crash test does).
 *
 * <p>Each chunk stores its text; the first chunk of a document also stores the document's whole
 * extracted text. Everything of a document is written in one {@code updateDocuments} call and
 * made durable by the next commit, so a crash never leaves half a document or a chunk without
 * its text.
 */
public final class CollectionIndex implements AutoCloseable, ChunkStore {
    public static final String F_DOC = "doc_id";
    public static final String F_CHUNK = "chunk_id";
    public static final String F_SOURCE = "source";
    public static final String F_TYPE = "type";
    public static final String F_ACL = "acl";
    public static final String F_HASH = "hash";
    public static final String F_MODIFIED = "modified";
    public static final String F_FIRST = "first";
    public static final String F_VECTOR = "vec";
    public static final String F_TEXT = "doc_text";
    /** Where the lines of a text read by OCR are printed on their pages ({@link #encodeRegions}). */
    public static final String F_REGIONS = "doc_regions";
    /** The user who ingested the document (provenance shown with every hit and citation). */
    public static final String F_BY = "ingested_by";

    private final Path folder;
    private final Analysis analysis;
    private final Directory directory;
    private IndexWriter writer;
    private DirectoryReader reader;
    /** Held by one writing operation (ingest, delete) of this process at a time; readers never take it. */
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock(true);

    /** A chunk to write. */
    public record ChunkInput(int start, int end, String heading, String text, float[] vector) {
    }

    /** A document to write with its chunks. */
    public record DocInput(String docId, String source, String type, long size, List<String> acl, Instant modified,
            String hash, String text, List<ChunkInput> chunks, String ingestedBy, List<TextRegion> regions) {
    }

    /** What the index holds of a document: its content hash, its readers' roles and who ingested it. */
    public record Existing(String hash, List<String> acl, String ingestedBy) {
    }

    public CollectionIndex(Path folder, Analysis analysis) throws IOException {
        this.folder = folder;
        this.analysis = analysis;
        // Private folders (0700): Lucene writes its files with the process's umask, so they are made 0600 after
        // each commit as well (see privateFiles()).
        dev.enclave.core.FileIO.createPrivateDirectories(folder.resolve("index"));
        this.directory = FSDirectory.open(folder.resolve("index"));
    }

    public Path folder() {
        return folder;
    }

    /** The lock a writing operation of this process holds (in-process writers wait for each other). */
    public java.util.concurrent.locks.ReentrantLock writeLock() {
        return writeLock;
    }

    private synchronized IndexWriter writer() throws IOException {
        if (writer == null) {
            IndexWriterConfig cfg = new IndexWriterConfig(analysis.indexAnalyzer());
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setRAMBufferSizeMB(64);
            writer = new IndexWriter(directory, cfg);
        }
        return writer;
    }

    /**
     * Opens the writer now, waiting up to {@code waitMillis} while another process holds the index's
     * write lock.
     *
     * @throws org.apache.lucene.store.LockObtainFailedException when the lock is still held after the wait
     */
    public void openWriter(long waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            try {
                writer();
                return;
            } catch (org.apache.lucene.store.LockObtainFailedException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * A searcher over the current reader whose BM25 statistics count only the documents {@code roles} may read
     * (see {@link ReadableStatsSearcher}), or null when the index is empty. The reader is held until
     * {@link #release(IndexSearcher)}, so a writer closing meanwhile does not close it under the caller.
     */
    public IndexSearcher acquire(Set<String> roles) throws IOException {
        DirectoryReader r;
        synchronized (this) {
            IndexSearcher s = searcher();
            if (s == null) {
                return null;
            }
            r = (DirectoryReader) s.getIndexReader();
            r.incRef();
        }
        try {
            return new ReadableStatsSearcher(r, roles);
        } catch (IOException | RuntimeException e) {
            r.decRef();
            throw e;
        }
    }

    /** Releases a searcher of {@link #acquire(Set)} (null is ignored). */
    public void release(IndexSearcher s) throws IOException {
        if (s != null) {
            s.getIndexReader().decRef();
        }
    }

    /** A searcher over the last commit (or this process's uncommitted changes while it writes). */
    private synchronized IndexSearcher searcher() throws IOException {
        if (writer != null) {
            DirectoryReader r = reader == null ? DirectoryReader.open(writer) : DirectoryReader.openIfChanged(reader, writer);
            if (r != null) {
                if (reader != null) {
                    reader.decRef();
                }
                reader = r;
            }
        } else if (reader == null) {
            if (!DirectoryReader.indexExists(directory)) {
                return null;
            }
            reader = DirectoryReader.open(directory);
        } else {
            DirectoryReader r = DirectoryReader.openIfChanged(reader);
            if (r != null) {
                reader.decRef();
                reader = r;
            }
        }
        return new IndexSearcher(reader);
    }

    /** docId → what the index holds of every document in it (all documents, whoever may read them). */
    @Override
    public Map<String, Existing> existing() throws IOException {
        Map<String, Existing> out = new HashMap<>();
        IndexSearcher s = acquire(Set.of());
        if (s == null) {
            return out;
        }
        try {
            StoredFields sf = s.storedFields();
            TopDocs td = s.search(new TermQuery(new Term(F_FIRST, "1")), Math.max(1, s.getIndexReader().maxDoc()));
            for (ScoreDoc sd : td.scoreDocs) {
                Document d = sf.document(sd.doc, Set.of(F_DOC, F_HASH, F_ACL, F_BY));
                out.put(d.get(F_DOC), new Existing(d.get(F_HASH), List.of(d.getValues(F_ACL)), by(d)));
            }
            return out;
        } finally {
            release(s);
        }
    }

    private static String by(Document d) {
        String by = d.get(F_BY);
        return by == null ? "" : by;
    }

    /** Writes the document's text, then replaces its chunks (not yet committed). */
    @Override
    public void put(DocInput doc) throws IOException {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < doc.chunks().size(); i++) {
            ChunkInput c = doc.chunks().get(i);
            Document d = new Document();
            d.add(new StringField(F_DOC, doc.docId(), Field.Store.YES));
            d.add(new StringField(F_CHUNK, doc.docId() + "#" + i, Field.Store.YES));
            d.add(new StringField(F_SOURCE, doc.source(), Field.Store.YES));
            d.add(new StringField(F_TYPE, doc.type(), Field.Store.YES));
            d.add(new StringField(F_HASH, doc.hash(), Field.Store.YES));
            d.add(new StringField(F_BY, doc.ingestedBy(), Field.Store.YES));
            for (String role : doc.acl()) {
                d.add(new StringField(F_ACL, role, Field.Store.YES));
            }
            d.add(new LongPoint(F_MODIFIED, doc.modified().toEpochMilli()));
            d.add(new StoredField(F_MODIFIED, doc.modified().toEpochMilli()));
            d.add(new StoredField("start", c.start()));
            d.add(new StoredField("end", c.end()));
            d.add(new StoredField("heading", c.heading()));
            d.add(new StoredField("text", c.text()));
            d.add(new StoredField("size", doc.size()));
            String indexed = c.heading().isEmpty() ? c.text() : c.heading() + "\n" + c.text();
            d.add(new TextField(Analysis.ZH_BIGRAM, indexed, Field.Store.NO));
            d.add(new TextField(Analysis.ZH_WORDS, indexed, Field.Store.NO));
            d.add(new TextField(Analysis.EN, indexed, Field.Store.NO));
            if (c.vector() != null) {
                d.add(new KnnFloatVectorField(F_VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
            }
            if (i == 0) {
                d.add(new StringField(F_FIRST, "1", Field.Store.NO));
                d.add(new StoredField("chunks", doc.chunks().size()));
                // The whole extracted text, so a hit can be shown in context; committed atomically with the chunks.
                d.add(new StoredField(F_TEXT, doc.text()));
                if (!doc.regions().isEmpty()) {
                    d.add(new StoredField(F_REGIONS, encodeRegions(doc.regions())));
                }
            }
            docs.add(d);
        }
        writer().updateDocuments(new Term(F_DOC, doc.docId()), docs);
    }

    /** Removes a document's chunks (not yet committed). */
    public void remove(String docId) throws IOException {
        writer().deleteDocuments(new Term(F_DOC, docId));
    }

    /** Commits the changes so far (atomic and durable), then drops texts no document refers to. */
    @Override
    public void commit() throws IOException {
        if (writer == null) {
            return;
        }
        writer.commit();
        privateFiles();
    }

    /** Makes the index's files readable by the owner only (0600), as every workspace file is. */
    private void privateFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder.resolve("index"))) {
            for (Path f : files.toList()) {
                try {
                    if (dev.enclave.core.FileIO.readableByOthers(f)) {
                        dev.enclave.core.FileIO.makePrivate(f);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // merged away meanwhile
                }
            }
        }
    }

    /** The stored extracted text of a document version (by content hash), or null. */
    public String text(String hash) {
        try {
            IndexSearcher s = acquire(Set.of());
            if (s == null) {
                return null;
            }
            try {
                Query q = new BooleanQuery.Builder().add(new TermQuery(new Term(F_HASH, hash)), Occur.FILTER)
                        .add(new TermQuery(new Term(F_FIRST, "1")), Occur.FILTER).build();
                TopDocs td = s.search(q, 1);
                return td.scoreDocs.length == 0 ? null
                        : s.storedFields().document(td.scoreDocs[0].doc, Set.of(F_TEXT)).get(F_TEXT);
            } finally {
                release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the lines of a document version's text read by OCR are printed on its pages (empty for none). */
    public List<TextRegion> regions(String hash) {
        try {
            IndexSearcher s = acquire(Set.of());
            if (s == null) {
                return List.of();
            }
            try {
                Query q = new BooleanQuery.Builder().add(new TermQuery(new Term(F_HASH, hash)), Occur.FILTER)
                        .add(new TermQuery(new Term(F_FIRST, "1")), Occur.FILTER).build();
                TopDocs td = s.search(q, 1);
                String stored = td.scoreDocs.length == 0 ? null
                        : s.storedFields().document(td.scoreDocs[0].doc, Set.of(F_REGIONS)).get(F_REGIONS);
                return stored == null ? List.of() : decodeRegions(stored);
            } finally {
                release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Regions as stored: one {@code start end page x y width height} per region, separated by {@code ;}, the
     * page fractions to five decimals (a tenth of a pixel on a 200 dpi A4 page).
     */
    static String encodeRegions(List<TextRegion> regions) {
        StringBuilder sb = new StringBuilder(regions.size() * 40);
        for (TextRegion r : regions) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(r.start()).append(' ').append(r.end()).append(' ').append(r.page());
            for (double v : new double[] { r.x(), r.y(), r.width(), r.height() }) {
                sb.append(' ').append(Math.round(v * 100_000) / 100_000.0);
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #encodeRegions}. */
    static List<TextRegion> decodeRegions(String stored) {
        List<TextRegion> out = new ArrayList<>();
        for (String one : stored.split(";")) {
            String[] f = one.trim().split(" ");
            if (f.length == 7) {
                out.add(new TextRegion(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            }
        }
        return out;
    }

    /** The filter that keeps what {@code roles} may read, of {@code types}, modified in [from, to). */
    public static Query filter(Set<String> roles, Set<String> types, Instant from, Instant to) {
        if (roles.isEmpty()) {
            return new MatchNoDocsQuery("the subject has no role");
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermInSetQuery(F_ACL, roles.stream().map(BytesRef::new).toList()), Occur.FILTER);
        if (!types.isEmpty()) {
            b.add(new TermInSetQuery(F_TYPE, types.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
        if (from != null || to != null) {
            b.add(LongPoint.newRangeQuery(F_MODIFIED, from == null ? Long.MIN_VALUE : from.toEpochMilli(),
                    to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1), Occur.FILTER);
        }
        return b.build();
    }

    /**
     * BM25 search inside {@code filter}, with statistics from what {@code roles} may read; empty when the query has
     * no term.
     */
    public List<SearchHit> keyword(String query, Set<String> roles, Query filter, int n) throws IOException {
        IndexSearcher s = acquire(roles);
        try {
            return s == null ? List.of() : hits(s, keywordDocs(s, query, filter, n));
        } finally {
            release(s);
        }
    }

    /**
     * How many documents match the keyword query within the types and dates asked for but are not readable by
     * {@code roles}: a count only, so a reader can be told that something was withheld, never what. At most
     * {@code cap} matching chunks are looked at.
     */
    public int hiddenDocuments(String query, Set<String> roles, Set<String> types, Instant from, Instant to, int cap)
            throws IOException {
        Query q = analysis.keywordQuery(query);
        IndexSearcher s = q == null ? null : acquire(Set.of());
        if (s == null) {
            return 0;
        }
        try {
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(q, Occur.MUST);
            if (!roles.isEmpty()) {
                b.add(new TermInSetQuery(F_ACL, roles.stream().map(BytesRef::new).toList()), Occur.MUST_NOT);
            }
            if (!types.isEmpty()) {
                b.add(new TermInSetQuery(F_TYPE, types.stream().map(BytesRef::new).toList()), Occur.FILTER);
            }
            if (from != null || to != null) {
                b.add(LongPoint.newRangeQuery(F_MODIFIED, from == null ? Long.MIN_VALUE : from.toEpochMilli(),
                        to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1), Occur.FILTER);
            }
            StoredFields sf = s.storedFields();
            Set<String> docs = new java.util.HashSet<>();
            for (ScoreDoc sd : s.search(b.build(), cap).scoreDocs) {
                docs.add(sf.document(sd.doc, Set.of(F_DOC)).get(F_DOC));
            }
            return docs.size();
        } finally {
            release(s);
        }
    }

    /** Nearest chunks to {@code vector} among those {@code filter} keeps (filtered inside HNSW). */
    public List<SearchHit> nearest(float[] vector, Set<String> roles, Query filter, int n) throws IOException {
        IndexSearcher s = acquire(roles);
        try {
            return s == null ? List.of() : hits(s, nearestDocs(s, vector, filter, n));
        } finally {
            release(s);
        }
    }

    /** The BM25 ranking of up to {@code n} chunks inside {@code filter}, stored fields unread. */
    public ScoreDoc[] keywordDocs(IndexSearcher s, String query, Query filter, int n) throws IOException {
        return keywordDocs(s, query, filter, n, 1f);
    }

    /**
     * The BM25 ranking of up to {@code n} chunks inside {@code filter}, the query's translated words weighing
     * {@code translationScale} times their usual weight (0: the query's own words alone); stored fields unread.
     */
    public ScoreDoc[] keywordDocs(IndexSearcher s, String query, Query filter, int n, float translationScale)
            throws IOException {
        Query q = analysis.keywordQuery(query, translationScale);
        if (q == null) {
            return new ScoreDoc[0];
        }
        return s.search(new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build(), n).scoreDocs;
    }

    /**
     * The BM25 ranking of up to {@code n} chunks for the query in the other language alone
     * ({@link Analysis#translatedQuery}); empty when nothing of the query translates.
     */
    public ScoreDoc[] translatedDocs(IndexSearcher s, String query, Query filter, int n) throws IOException {
        Query q = analysis.translatedQuery(query);
        if (q == null) {
            return new ScoreDoc[0];
        }
        return s.search(new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build(), n).scoreDocs;
    }

    /** The nearest-neighbour ranking of up to {@code n} chunks inside {@code filter}, stored fields unread. */
    public ScoreDoc[] nearestDocs(IndexSearcher s, float[] vector, Query filter, int n) throws IOException {
        return s.search(new KnnFloatVectorQuery(F_VECTOR, vector, n, filter), n).scoreDocs;
    }

    /** The chunks {@code docs} of {@code s}'s reader, in order, scored as given. */
    public List<SearchHit> hits(IndexSearcher s, ScoreDoc[] docs) throws IOException {
        return hits(s, new TopDocs(null, docs));
    }

    private List<SearchHit> hits(IndexSearcher s, TopDocs td) throws IOException {
        StoredFields sf = s.storedFields();
        List<SearchHit> out = new ArrayList<>();
        Set<String> fields = Set.of(F_SOURCE, F_DOC, F_CHUNK, "start", "end", "text", F_TYPE, "heading", F_BY);
        for (ScoreDoc sd : td.scoreDocs) {
            Document d = sf.document(sd.doc, fields);
            int start = d.getField("start").numericValue().intValue();
            int end = d.getField("end").numericValue().intValue();
            String chunk = d.get("text");
            out.add(new SearchHit(d.get(F_SOURCE), d.get(F_DOC), d.get(F_CHUNK), start, end, sd.score, chunk,
                    d.get(F_TYPE), d.get("heading"), by(d)));
        }
        return out;
    }

    /** The documents {@code filter} keeps. */
    public List<IndexedDocument> documents(Query filter) throws IOException {
        IndexSearcher s = acquire(Set.of());
        if (s == null) {
            return List.of();
        }
        try {
            return documents(s, filter);
        } finally {
            release(s);
        }
    }

    private List<IndexedDocument> documents(IndexSearcher s, Query filter) throws IOException {
        Query q = new BooleanQuery.Builder().add(new TermQuery(new Term(F_FIRST, "1")), Occur.MUST)
                .add(filter, Occur.FILTER).build();
        StoredFields sf = s.storedFields();
        List<IndexedDocument> out = new ArrayList<>();
        Set<String> fields = Set.of(F_DOC, F_SOURCE, F_TYPE, "size", F_ACL, "chunks", F_MODIFIED, F_HASH, F_BY);
        for (ScoreDoc sd : s.search(q, Math.max(1, s.getIndexReader().maxDoc())).scoreDocs) {
            Document d = sf.document(sd.doc, fields);
            out.add(new IndexedDocument(d.get(F_DOC), d.get(F_SOURCE), d.get(F_TYPE),
                    d.getField("size").numericValue().longValue(), List.of(d.getValues(F_ACL)),
                    d.getField("chunks").numericValue().intValue(),
                    Instant.ofEpochMilli(d.getField(F_MODIFIED).numericValue().longValue()), d.get(F_HASH), by(d)));
        }
        out.sort(java.util.Comparator.comparing(IndexedDocument::source));
        return out;
    }

    /** Every chunk {@code filter} keeps, by source and position (score 0). */
    public List<SearchHit> chunks(Query filter) throws IOException {
        IndexSearcher s = acquire(Set.of());
        if (s == null) {
            return List.of();
        }
        List<SearchHit> out;
        try {
            out = new ArrayList<>(hits(s, s.search(filter, Math.max(1, s.getIndexReader().maxDoc()))));
        } finally {
            release(s);
        }
        out.replaceAll(h -> new SearchHit(h.source(), h.docId(), h.chunkId(), h.start(), h.end(), 0f, h.text(),
                h.type(), h.heading(), h.ingestedBy()));
        out.sort(java.util.Comparator.comparing(SearchHit::source).thenComparingInt(SearchHit::start));
        return out;
    }

    /** Number of chunks in the index. */
    public int chunkCount() throws IOException {
        IndexSearcher s = acquire(Set.of());
        try {
            return s == null ? 0 : s.count(new MatchAllDocsQuery());
        } finally {
            release(s);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (reader != null) {
            reader.decRef();
            reader = null;
        }
        if (writer != null) {
            writer.close();
            writer = null;
        }
        directory.close();
    }

    /** Commits and closes the writer, keeping the index open for reading. */
    public synchronized void closeWriter() throws IOException {
        if (writer != null) {
            if (reader != null) {
                reader.decRef();
                reader = null;
            }
            writer.close();
            writer = null;
        }
    }
}
