package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.SmallFloat;

/**
 * A searcher whose ranking statistics come only from the documents a set of roles may read, so
 * that a score says nothing about documents the reader may not see (BM25's document frequencies,
 * document count and average length are otherwise collection-wide: a probe document's own score
 * would tell whether a word occurs in a hidden document).
 *
 * <p>Document frequencies and term frequencies are counted in the postings of the readable
 * documents; a field's document count and total length come from the readable documents' norms
 * (the lengths BM25 itself scores with). Which documents are readable is computed once per
 * (reader, role set) and cached; the reader is not owned.
 */
final class ReadableStatsSearcher extends IndexSearcher {
    private static final int CACHE = 32;
    private static final Map<List<Object>, Readable> READABLE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Readable> eldest) {
            return size() > CACHE;
        }
    };

    /** The readable documents of one reader for one role set, per leaf, and the field statistics over them. */
    private static final class Readable {
        final FixedBitSet[] bits;
        final int count;
        final Map<String, CollectionStatistics> fields = new ConcurrentHashMap<>();

        Readable(FixedBitSet[] bits, int count) {
            this.bits = bits;
            this.count = count;
        }
    }

    private final Readable readable;

    ReadableStatsSearcher(DirectoryReader reader, Set<String> roles) throws IOException {
        super(reader);
        this.readable = readable(reader, roles);
    }

    private static Readable readable(DirectoryReader reader, Set<String> roles) throws IOException {
        List<Object> key = List.of(reader.getReaderCacheHelper().getKey(), List.copyOf(new TreeSet<>(roles)));
        synchronized (READABLE) {
            Readable r = READABLE.get(key);
            if (r != null) {
                return r;
            }
        }
        Query acl = CollectionIndex.filter(roles, Set.of(), null, null);
        IndexSearcher plain = new IndexSearcher(reader);
        plain.setQueryCache(null);
        Weight w = plain.createWeight(plain.rewrite(acl), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<LeafReaderContext> leaves = reader.leaves();
        FixedBitSet[] bits = new FixedBitSet[leaves.size()];
        int count = 0;
        for (LeafReaderContext leaf : leaves) {
            Scorer s = w.scorer(leaf);
            if (s == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            FixedBitSet b = new FixedBitSet(leaf.reader().maxDoc());
            DocIdSetIterator it = s.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                if (live == null || live.get(d)) {
                    b.set(d);
                    count++;
                }
            }
            bits[leaf.ord] = b;
        }
        Readable r = new Readable(bits, count);
        synchronized (READABLE) {
            READABLE.put(key, r);
        }
        return r;
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        long df = 0;
        long ttf = 0;
        for (LeafReaderContext leaf : getIndexReader().leaves()) {
            FixedBitSet b = readable.bits[leaf.ord];
            if (b == null) {
                continue;
            }
            Terms terms = leaf.reader().terms(term.field());
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (!te.seekExact(term.bytes())) {
                continue;
            }
            PostingsEnum pe = te.postings(null, PostingsEnum.FREQS);
            for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
                if (b.get(d)) {
                    df++;
                    ttf += pe.freq();
                }
            }
        }
        if (df == 0) {
            // No readable document holds the term, so it scores none of them; Lucene still needs statistics
            // to build the term's scorer, and these must not depend on hidden documents.
            return new TermStatistics(term.bytes(), 1, 1);
        }
        return new TermStatistics(term.bytes(), df, Math.max(df, ttf));
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
        CollectionStatistics cached = readable.fields.get(field);
        if (cached != null) {
            return cached;
        }
        long docCount = 0;
        long length = 0;
        for (LeafReaderContext leaf : getIndexReader().leaves()) {
            FixedBitSet b = readable.bits[leaf.ord];
            NumericDocValues norms = b == null ? null : leaf.reader().getNormValues(field);
            if (norms == null) {
                continue;
            }
            for (int d = norms.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = norms.nextDoc()) {
                if (b.get(d)) {
                    docCount++;
                    length += SmallFloat.byte4ToInt((byte) norms.longValue());
                }
            }
        }
        CollectionStatistics stats = docCount == 0 ? new CollectionStatistics(field, 1, 1, 1, 1)
                : new CollectionStatistics(field, Math.max(readable.count, docCount), docCount, Math.max(length,
                        docCount), docCount);
        readable.fields.put(field, stats);
        return stats;
    }

    /** For tests and diagnostics: how many documents (chunks) the roles may read in this reader. */
    int readableCount() {
        return readable.count;
    }

}
