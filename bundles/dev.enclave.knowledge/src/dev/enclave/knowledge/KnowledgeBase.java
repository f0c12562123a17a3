package dev.enclave.knowledge;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.enclave.core.AccessPolicy;
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
 * <p>Scores are computed over what the subject may read: BM25's document
 * frequencies and collection statistics count only the documents the subject's
 * roles may read, so a score says nothing about documents it may not see.
 *
 * <p>Writing follows the workspace's {@link AccessPolicy}: a collection has an
 * owner (who created it) and write roles; only they and administrators ingest
 * into it or delete from it; a document is given only roles its ingesting user
 * holds (administrators excepted); a document is replaced (a re-ingest of its
 * path) or deleted only by a user who may read it. Every denial is audited.
 *
 * <p>Ingest is crash-safe and audited before effect: a document's audit entry is
 * appended before the document is written, commits are batched, a Lucene commit
 * is atomic, and a process killed during an ingest leaves the index as of its
 * last commit. Ingests and deletes of one collection are serialised (across
 * processes by the index's write lock); one that waits longer than the setting
 * {@code knowledge.ingest.writeWaitSeconds} is refused as busy. Readers never wait.
 *
 * <p>Ingest reads each file inside budgets (workspace settings, checked when set):
 * {@code knowledge.ingest.maxFileMb} (200, the documented limit; checked on the
 * file's size before reading), {@code knowledge.ingest.fileSeconds} (120 s to
 * read, parse and chunk one file), {@code knowledge.ingest.maxChars} (5,000,000
 * characters of text) and {@code knowledge.ingest.maxChunks} (20,000). A file
 * over a budget, nested too deeply or otherwise hostile is reported as
 * "FILE: what is wrong" and the batch goes on.
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
    default IngestReport ingest(Workspace workspace, Subject subject, String collection, List<Path> paths,
            List<String> acl, boolean vectors, Progress progress) {
        return ingest(workspace, subject, collection, paths, acl, vectors, false, progress);
    }

    /**
     * Ingests as {@link #ingest(Workspace, Subject, String, List, List, boolean, Progress)} does. Inside a folder
     * given, a symbolic link that leads out of the folder is not followed (it is reported in
     * {@link IngestReport#failed()}) unless {@code followLinks} is set; a file or folder named in {@code paths} is
     * always read.
     *
     * @throws dev.enclave.core.AccessDeniedException (audited) when the subject may not write into the collection or
     *                                                give documents the roles {@code acl}
     * @throws dev.enclave.core.EnclaveException      (bad input) as the other form, or when the collection stays busy
     *                                                with another writer longer than the wait setting
     */
    IngestReport ingest(Workspace workspace, Subject subject, String collection, List<Path> paths, List<String> acl,
            boolean vectors, boolean followLinks, Progress progress);

    /**
     * Creates an empty collection owned by {@code subject}, into which its owner, administrators and holders of
     * {@code writeRoles} may ingest. (A collection created by a first ingest is owned by its ingesting user and
     * writable by the roles that ingest gave its documents.) Audited.
     *
     * @param vectors whether its documents get embeddings (decided by the first ingest when true)
     * @throws dev.enclave.core.EnclaveException (bad input) for an invalid or existing name or an unknown role
     */
    AccessPolicy.WriteRights create(Workspace workspace, Subject subject, String collection, List<String> writeRoles,
            boolean vectors);

    /**
     * Creates an empty collection as {@link #create(Workspace, Subject, String, List, boolean)} does, whose index
     * lives in SolrCloud: the collection is created there (the configset uploaded to ZooKeeper when missing) and
     * recorded with the workspace's collection, so that ingest, search, ask and delete use it through this same API.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) as the other form, or when ZooKeeper or Solr cannot be
     *                                           reached (the message names the address)
     */
    default AccessPolicy.WriteRights create(Workspace workspace, Subject subject, String collection,
            List<String> writeRoles, boolean vectors, SolrCloudTarget solrCloud) {
        if (solrCloud == null) {
            return create(workspace, subject, collection, writeRoles, vectors);
        }
        throw dev.enclave.core.EnclaveException.badInput("This knowledge base cannot keep collections in SolrCloud.");
    }

    /**
     * Adds write roles to a collection; only its owner or an administrator may. Audited (denials too).
     *
     * @return the collection's write rights after the grant
     * @throws dev.enclave.core.AccessDeniedException when the subject is neither owner nor administrator
     * @throws dev.enclave.core.EnclaveException      (bad input) when there is no such collection, no role is named
     *                                                or a role is unknown
     */
    AccessPolicy.WriteRights grant(Workspace workspace, Subject subject, String collection, List<String> writeRoles);

    /**
     * Who may write into a collection (owner {@code null} and no roles for a collection from before owners).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when there is no such collection
     */
    AccessPolicy.WriteRights writeRights(Workspace workspace, String collection);

    /**
     * Searches a collection among the documents the subject may read.
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the collection does not exist, the query is empty,
     *                                           fewer than one hit is asked for, a vector search is asked of a
     *                                           collection without vectors, or a {@link RetrievalSettings} value is
     *                                           out of range
     */
    List<SearchHit> search(Workspace workspace, Subject subject, SearchRequest request);

    /**
     * How many documents of the collection match the request's words (within its types and dates) but may not be
     * read by {@code subject}: a count, never what they are, so that a reader can be told something was withheld
     * (and ask for the role). Not audited (the search it accompanies is).
     *
     * @throws dev.enclave.core.EnclaveException (bad input) when the collection does not exist
     */
    int hidden(Workspace workspace, Subject subject, SearchRequest request);

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
     * Where the lines of a document's text are printed on its pages, when OCR read it (a scanned PDF, an image),
     * in text order: offsets into {@link #text}, so that a citation's span can be shown on the page image
     * ({@link DocumentParsers#renderPage}). Empty for a document whose file held its text, one the subject may
     * not read, or one in a SolrCloud collection.
     */
    default List<TextRegion> regions(Workspace workspace, Subject subject, String collection, String docId) {
        return List.of();
    }

    /**
     * Deletes a document (by id or by its source path) from a collection. Only a subject
     * that may read the document and write the collection can delete it; a document the
     * subject may not read is answered as not found (and the attempt audited).
     *
     * @return whether a document was deleted
     * @throws dev.enclave.core.AccessDeniedException (audited) when the subject may read the document but not write
     *                                                the collection
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
