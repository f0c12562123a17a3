/**
 * The knowledge base: collections of documents indexed with Lucene for
 * keyword (BM25), vector and hybrid search, with the readers' roles enforced
 * inside every query.
 *
 * <p>Services: {@link dev.enclave.knowledge.DocumentParsers} turns txt, md,
 * html, pdf, docx and xlsx files into {@link dev.enclave.knowledge.ExtractedDocument}s
 * (plain text with headings and character offsets); {@link dev.enclave.knowledge.KnowledgeBase}
 * ingests them into collections and searches them. Both are OSGi services.
 */
package dev.enclave.knowledge;
