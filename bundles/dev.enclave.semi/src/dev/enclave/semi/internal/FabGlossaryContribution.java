package dev.enclave.semi.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.enclave.knowledge.Glossary;
import dev.enclave.knowledge.GlossaryEntry;

/**
 * The fab glossary ({@value FabGlossary#RESOURCE}) as a contribution to the knowledge base's query
 * translation, so that every search and question (not only {@code fab ask}) finds fab documents in
 * the other language by their terms.
 */
@Component(service = Glossary.class)
public final class FabGlossaryContribution implements Glossary {
    private final List<GlossaryEntry> entries = read();

    private static List<GlossaryEntry> read() {
        try (InputStream in = FabGlossary.class.getResourceAsStream(FabGlossary.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The fab glossary " + FabGlossary.RESOURCE + " is missing from the bundle.");
            }
            return List.copyOf(GlossaryEntry.parseAll(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()));
        } catch (IOException e) {
            throw new IllegalStateException("The fab glossary cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "fab";
    }

    @Override
    public List<GlossaryEntry> entries() {
        return entries;
    }
}
