package dev.enclave.semi.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

import dev.enclave.core.EnclaveException;
import dev.enclave.semi.DefectImages;

/**
 * The defect-image library's Lucene index: one document per stored image, keyed by the hash of its
 * bytes, with its classes and its embedding both as a {@link KnnFloatVectorField} (HNSW, dot product
 * of unit vectors) and stored, so that a relabel can rewrite the document. Writers are serialised.
 */
final class DefectLibrary {
    private static final String ID = "id", PATH = "path", SOURCE = "source", LOT = "lot", PREDICTED = "predicted",
            CONFIDENCE = "confidence", LABEL = "label", VECTOR = "embedding", STORED_VECTOR = "embedding_bytes";

    private DefectLibrary() {
    }

    /** One row to store. */
    record Entry(DefectImages.StoredImage image, float[] embedding) {
    }

    static synchronized int add(Path indexDir, List<Entry> entries) {
        try {
            Files.createDirectories(indexDir);
            try (Directory dir = FSDirectory.open(indexDir);
                    IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (Entry e : entries) {
                    w.updateDocument(new Term(ID, e.image().id()), document(e));
                }
                w.commit();
                return w.getDocStats().numDocs;
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot write the defect-image library in " + indexDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static Document document(Entry e) {
        DefectImages.StoredImage s = e.image();
        Document d = new Document();
        d.add(new StringField(ID, s.id(), Field.Store.YES));
        d.add(new StoredField(PATH, s.path().toString()));
        d.add(new StoredField(SOURCE, s.source()));
        if (s.lot() != null) {
            d.add(new StringField(LOT, s.lot(), Field.Store.YES));
        }
        d.add(new StoredField(PREDICTED, s.predicted()));
        d.add(new StoredField(CONFIDENCE, s.confidence()));
        if (s.label() != null) {
            d.add(new StoredField(LABEL, s.label()));
        }
        d.add(new KnnFloatVectorField(VECTOR, e.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
        ByteBuffer b = ByteBuffer.allocate(e.embedding().length * 4);
        b.asFloatBuffer().put(e.embedding());
        d.add(new StoredField(STORED_VECTOR, b.array()));
        return d;
    }

    private static Entry entry(Document d) {
        DefectImages.StoredImage s = new DefectImages.StoredImage(d.get(ID), Path.of(d.get(PATH)), d.get(SOURCE),
                d.get(LOT), d.get(PREDICTED), d.getField(CONFIDENCE).numericValue().floatValue(), d.get(LABEL));
        byte[] bytes = d.getBinaryValue(STORED_VECTOR).bytes;
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
        return new Entry(s, v);
    }

    static List<DefectImages.Similar> similar(Path indexDir, float[] embedding, int k) {
        List<DefectImages.Similar> out = new ArrayList<>();
        if (k <= 0 || !exists(indexDir)) {
            return out;
        }
        try (Directory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, embedding, k), k);
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Entry e = entry(fields.document(sd.doc));
                // Lucene scores the dot product of unit vectors as (1 + cos) / 2.
                out.add(new DefectImages.Similar(e.image().id(), e.image().path(), e.image().lot(),
                        e.image().effectiveLabel(), 2 * sd.score - 1));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw EnclaveException.failure("Cannot search the defect-image library in " + indexDir + ": "
                    + e.getMessage(), e);
        }
    }

    static List<Entry> list(Path indexDir, String lot) {
        List<Entry> out = new ArrayList<>();
        if (!exists(indexDir)) {
            return out;
        }
        try (Directory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Query q = lot == null ? new MatchAllDocsQuery() : new TermQuery(new Term(LOT, lot));
            StoredFields fields = searcher.storedFields();
            for (ScoreDoc sd : searcher.search(q, Math.max(1, reader.numDocs())).scoreDocs) {
                out.add(entry(fields.document(sd.doc)));
            }
        } catch (IOException e) {
            throw EnclaveException.failure("Cannot read the defect-image library in " + indexDir + ": "
                    + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Entry e) -> e.image().lot() == null ? "" : e.image().lot())
                .thenComparing(e -> e.image().source()));
        return out;
    }

    static synchronized DefectImages.StoredImage relabel(Path indexDir, String id, String label) {
        for (Entry e : list(indexDir, null)) {
            if (e.image().id().equals(id)) {
                DefectImages.StoredImage s = e.image();
                DefectImages.StoredImage n = new DefectImages.StoredImage(s.id(), s.path(), s.source(), s.lot(),
                        s.predicted(), s.confidence(), label);
                add(indexDir, List.of(new Entry(n, e.embedding())));
                return n;
            }
        }
        throw EnclaveException.badInput("No stored defect image has the id " + id + ".");
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
