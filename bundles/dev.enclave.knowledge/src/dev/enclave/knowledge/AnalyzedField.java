package dev.enclave.knowledge;

/**
 * A text field of the knowledge base's index, each with its own analysis. Every chunk is indexed
 * in all three; a query's CJK runs are searched in the two Chinese fields and its other runs in
 * the English one.
 *
 * @see KnowledgeBase#analyze(AnalyzedField, String)
 */
public enum AnalyzedField {
    /** CJK character bigrams, Latin words kept whole and lower-cased. */
    CHINESE_BIGRAMS,
    /** Chinese word segmentation (Lucene smartcn); Latin words lower-cased. */
    CHINESE_WORDS,
    /** English: lower-cased, stop words removed, Porter-stemmed; CJK characters dropped. */
    ENGLISH
}
