package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.osgi.service.component.annotations.Component;

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.WaferLibrary;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferPrediction;

/** {@link WaferLibrary} in a Lucene index with a {@link KnnFloatVectorField} (HNSW, dot product of unit vectors). */
@Component(service = WaferLibrary.class)
public final class LuceneWaferLibrary implements WaferLibrary {
    /** Keeps Lucene's start-up note on vectorisation off the command line's error stream. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger
            .getLogger("org.apache.lucene.internal.vectorization");

    static {
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private static final String KEY = "key", ID = "id", LOT = "lot", WAFER = "wafer", TIME = "time", LABEL = "label",
            PREDICTED = "predicted", CONFIDENCE = "confidence", ROWS = "rows", COLS = "cols", DATA = "data",
            VECTOR = "embedding";

    @Override
    public int add(Path indexDir, List<WaferMap> maps, List<WaferPrediction> predictions) {
        if (maps.size() != predictions.size()) {
            throw new IllegalArgumentException("one prediction per map");
        }
        try {
            Files.createDirectories(indexDir);
            try (Directory dir = FSDirectory.open(indexDir);
                    IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int i = 0; i < maps.size(); i++) {
                    WaferMap m = maps.get(i);
                    WaferPrediction p = predictions.get(i);
                    String key = (m.lot() == null ? "" : m.lot()) + "\u0000" + m.id();
                    Document d = new Document();
                    d.add(new StringField(KEY, key, Field.Store.NO));
                    d.add(new StringField(ID, m.id(), Field.Store.YES));
                    if (m.lot() != null) {
                        d.add(new StringField(LOT, m.lot(), Field.Store.YES));
                    }
                    if (m.waferId() != null) {
                        d.add(new StoredField(WAFER, m.waferId()));
                    }
                    if (m.time() != null) {
                        d.add(new StoredField(TIME, m.time().toString()));
                    }
                    if (m.label() != null) {
                        d.add(new StoredField(LABEL, m.label()));
                    }
                    d.add(new StoredField(PREDICTED, p.label()));
                    d.add(new StoredField(CONFIDENCE, p.confidence()));
                    d.add(new StoredField(ROWS, m.rows()));
                    d.add(new StoredField(COLS, m.cols()));
                    d.add(new StoredField(DATA, m.cells()));
                    d.add(new KnnFloatVectorField(VECTOR, p.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
                    w.updateDocument(new Term(KEY, key), d);
                }
                w.commit();
                return w.getDocStats().numDocs;
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the wafer map library in " + indexDir + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<Similar> similar(Path indexDir, float[] embedding, int k) {
        List<Similar> out = new ArrayList<>();
        if (k <= 0 || !exists(indexDir)) {
            return out;
        }
        try (Directory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, embedding, k), k);
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = fields.document(sd.doc);
                // Lucene scores dot product of unit vectors as (1 + cos) / 2.
                out.add(new Similar(d.get(ID), d.get(LOT), d.get(WAFER), d.get(LABEL), d.get(PREDICTED),
                        2 * sd.score - 1));
            }
            return out;
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot search the wafer map library in " + indexDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredMap> list(Path indexDir, String lot) {
        List<StoredMap> out = new ArrayList<>();
        if (!exists(indexDir)) {
            return out;
        }
        try (Directory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Query q = lot == null ? new MatchAllDocsQuery() : new TermQuery(new Term(LOT, lot));
            int n = Math.max(1, reader.numDocs());
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(q, n).scoreDocs) {
                Document d = fields.document(sd.doc);
                String time = d.get(TIME);
                WaferMap m = new WaferMap(d.get(ID), d.get(LABEL), d.getField(ROWS).numericValue().intValue(),
                        d.getField(COLS).numericValue().intValue(), d.getBinaryValue(DATA).bytes.clone(), d.get(LOT),
                        d.get(WAFER), time == null ? null : Instant.parse(time));
                out.add(new StoredMap(m, d.get(PREDICTED), d.getField(CONFIDENCE).numericValue().floatValue()));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot read the wafer map library in " + indexDir + ": " + e.getMessage(),
                    e);
        }
        out.sort(Comparator.comparing((StoredMap s) -> s.map().time() == null ? Instant.MIN : s.map().time())
                .thenComparing(s -> s.map().lot() == null ? "" : s.map().lot()).thenComparing(s -> s.map().id()));
        return out;
    }

    private static boolean exists(Path indexDir) {
        if (!Files.isDirectory(indexDir)) {
            return false;
        }
        try (Directory d = FSDirectory.open(indexDir)) {
            return DirectoryReader.indexExists(d);
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot open " + indexDir + ": " + e.getMessage(), e);
        }
    }
}
