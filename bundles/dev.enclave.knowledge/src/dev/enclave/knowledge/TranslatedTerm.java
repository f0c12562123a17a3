package dev.enclave.knowledge;

/**
 * A word of a query in the other language, as {@link QueryTranslation#translate} finds it.
 *
 * @param from    the query's own word (or phrase) that was translated, as written in the query
 * @param term    the translation: Chinese when {@code chinese}, else English
 * @param chinese whether {@code term} is Chinese
 * @param weight  its weight in the keyword query relative to the query's own words (which weigh 1): in (0, 1)
 * @param source  where the translation came from: {@code workspace}, a glossary's {@link Glossary#name()}, or
 *                {@code cc-cedict}
 */
public record TranslatedTerm(String from, String term, boolean chinese, float weight, String source) {
}
