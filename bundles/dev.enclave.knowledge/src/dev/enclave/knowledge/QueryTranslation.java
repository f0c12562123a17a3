package dev.enclave.knowledge;

import java.util.List;

import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;

/**
 * Translates queries between Chinese and English so that keyword search finds documents in the
 * other language: a Chinese question finds an English SOP, an English one a Chinese 8D report.
 *
 * <p>Three sources are merged, most trusted first: the workspace's term list (a file users edit,
 * {@code enclave terms add|list|remove}), the glossaries packs register as {@link Glossary}
 * services, and the general dictionary CC-CEDICT (CC BY-SA 4.0, embedded in this bundle at build
 * time; nothing is downloaded at run time). Chinese words of a query come from the smartcn word
 * segmentation, English words from the stemmed English analysis; codes, numbers and units (words
 * with digits, such as {@code CMP-03}, {@code 350}, {@code 5nm}) are never translated: they read
 * the same in both languages and stay in the query as written.
 *
 * <p>The knowledge base applies the translations in every keyword and hybrid search ({@code search},
 * {@code ask}, the Library, the Assistant) with weights below the query's own words, so that
 * same-language results rank as before. Thread-safe.
 */
public interface QueryTranslation {

    /** {@link TranslatedTerm#source()} of a translation from the workspace's term list. */
    String WORKSPACE = "workspace";

    /** {@link TranslatedTerm#source()} of a translation from the general dictionary CC-CEDICT. */
    String DICTIONARY = "cc-cedict";

    /** The workspace term list's file name inside the knowledge service folder. */
    String TERMS_FILE = "terms.txt";

    /**
     * The other-language terms for a query's words, each at most once, the best translations of a
     * word first. Empty when the query has nothing to translate.
     *
     * @param workspace whose term list applies
     * @param text      the query as the user typed it
     */
    List<TranslatedTerm> translate(Workspace workspace, String text);

    /**
     * The translations of one word or phrase (either language), best first, as {@link #translate}
     * would use them; empty when no source knows it.
     */
    List<TranslatedTerm> lookup(Workspace workspace, String term);

    /** The workspace's term list, in file order. */
    List<GlossaryEntry> terms(Workspace workspace);

    /**
     * Adds an entry to the workspace's term list, or merges it into the entry that already has one
     * of its terms. Audited.
     *
     * @return the entry as stored
     * @throws dev.enclave.core.EnclaveException (bad input) when a side has no term
     */
    GlossaryEntry addTerm(Workspace workspace, Subject subject, GlossaryEntry entry);

    /**
     * Removes the workspace entries that have {@code term} (either language, English case-insensitive). Audited.
     *
     * @return how many entries were removed
     */
    int removeTerm(Workspace workspace, Subject subject, String term);

    /** The glossaries packs contributed, by name. */
    List<String> glossaries();

    /** How many headwords the embedded general dictionary has (0 when this build does not carry it). */
    int dictionarySize();
}
