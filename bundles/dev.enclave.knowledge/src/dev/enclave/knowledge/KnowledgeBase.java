package dev.enclave.knowledge;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.EmbeddingModel;

/**
 * Collections of documents in a workspace, each a Lucene index under
 * {@code <data>/knowledge/collections/<name>}. An OSGi service; thread-safe.
 *
 * <p>Every document carries the roles that may read it. Every read operation
 * filters by the acting subject's roles inside the Lucene query, so a document
 * the subject may not read is never scored, returned, counted or quoted. Every
 * ingest and search is written to the workspace's audit log.
 *
 * <p>Ingest is crash-safe: commits are batched, a Lucene commit is atomic, and
 * a process killed during an ingest leaves the index as of its last commit.
 *
 * <p>Hybrid search fuses its two rankings with the weights of the workspace's
 * {@link RetrievalSettings}, read on every search.
 */
public interface KnowledgeBase {

    /** Workspace setting: target chunk size in characters (default 500; a smaller value than 50 counts as 50). */
    String CHUNK_SIZE_SETTING = "knowledge.chunk.size";

    /**
     * Workspace setting: overlap between consecutive chunks in characters (default 80; at most half the
     * chunk size). Both chunk settings are read by every ingest; a value that is not a whole number is
     * refused naming the setting.
     */
    String CHUNK_OVERLAP_SETTING = "knowledge.chunk.overlap";

    /**
     * Ingests files and folders (recursively) into a collection, creating it when missing.
     * Unchanged files (same SHA-256) are skipped; changed files have their chunks replaced.
     * A file that cannot be read or parsed is reported in {@link IngestReport#failed()} and
     * the batch goes on.
     *
     * @param acl     the roles that may read the documents; empty means the subject's roles
     * @param vectors whether to embed chunks with the workspace's embedding model (only
     *                honoured when the collection is created; an existing collection keeps its choice)
     * @throws dev.enclave.core.EnclaveException (bad input) for an invalid collection name, an unknown role,
     *                                           or a subject with no role and no roles given for the documents
     */
    IngestReport ingest(Workspace workspace, Subject subject, String collection, List<Path> paths, List<String> acl,
            boolean vectors, Progress progress);

    /**
     * Searches a collection among the documents the subject may read.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the collection does not exist, the query is empty,
     *                                           fewer than one hit is asked for, a vector search is asked of a
     *                                           collection without vectors, or a {@link RetrievalSettings} value is
     *                                           out of range
     */
    List<SearchHit> search(Workspace workspace, Subject subject, SearchRequest request);

    /** The workspace's collections, by name. */
    List<String> collections(Workspace workspace);

    /** The documents of a collection the subject may read. */
    List<IndexedDocument> documents(Workspace workspace, Subject subject, String collection);

    /**
     * Every chunk of the collection that {@code subject} may read, by source and position
     * (scores 0), e.g. to turn a collection into training text. Written to the audit log.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when there is no such collection
     */
    List<SearchHit> chunks(Workspace workspace, Subject subject, String collection);

    /** The extracted text of a document, when it exists and the subject may read it. */
    Optional<String> text(Workspace workspace, Subject subject, String collection, String docId);

    /**
     * Deletes a document (by id or by its source path) from a collection. Only a subject
     * that may read the document can delete it.
     *
     * @return whether a document was deleted
     */
    boolean delete(Workspace workspace, Subject subject, String collection, String docIdOrSource);

    /**
     * Whether a collection was ingested with vectors, so that it can be searched with
     * {@link SearchMode#VECTOR} and {@link SearchMode#HYBRID} ranks by both.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when there is no such collection
     */
    boolean hasVectors(Workspace workspace, String collection);

    /**
     * The embedding model of a collection's vectors, or the workspace's embedding model when the
     * collection was ingested without vectors. Loaded once and kept open by the service: the caller
     * must not close it. Callers compare texts in the vector space the collection's passages are in
     * (for example a question with passages in another language).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when there is no such collection or the model
     *                                           cannot be loaded
     */
    EmbeddingModel embedder(Workspace workspace, String collection);

    /**
     * The terms of {@code text} as the knowledge base indexes and searches it in {@code field}, with
     * the span each came from, in order. Pure computation over the text (nothing is read or written,
     * nothing audited); thread-safe.
     */
    List<Token> analyze(AnalyzedField field, String text);

    /** The terms alone of {@link #analyze(AnalyzedField, String)}, in order. */
    default List<String> terms(AnalyzedField field, String text) {
        return analyze(field, text).stream().map(Token::term).toList();
    }
}
