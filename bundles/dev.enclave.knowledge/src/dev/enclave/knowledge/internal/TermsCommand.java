package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.GlossaryEntry;
import dev.enclave.knowledge.QueryTranslation;
import dev.enclave.knowledge.TranslatedTerm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code enclave terms add|list|remove|lookup}: the workspace's term list that query translation
 * trusts most, and what a word translates to (term list, pack glossaries, CC-CEDICT).
 */
@Component(service = CommandContribution.class)
public final class TermsCommand implements CommandContribution {
    @Reference
    private QueryTranslation translation;

    @Override
    public Object createCommand(CliContext context) {
        return new Terms(context, translation);
    }

    @Command(name = "terms", mixinStandardHelpOptions = true, description = {
            "The workspace's bilingual term list used to translate searches and questions between Chinese and "
                    + "English (with the packs' glossaries and CC-CEDICT).",
            "工作区的中英术语表，用于在中英文之间翻译检索和提问（并结合扩展包词汇表与 CC-CEDICT）。" })
    static final class Terms {
        private final CliContext ctx;
        private final QueryTranslation translation;

        Terms(CliContext ctx, QueryTranslation translation) {
            this.ctx = ctx;
            this.translation = translation;
        }

        @Command(name = "add", description = { "Add an entry (or merge it into the entry that has one of its terms).",
                "添加术语条目（或并入已含其中某个术语的条目）。" })
        void add(@Parameters(index = "0", paramLabel = "ENGLISH", description = {
                "English term; synonyms separated by '|'.", "英文术语；同义词用“|”分隔。" }) String english,
                @Parameters(index = "1", paramLabel = "CHINESE", description = {
                        "Chinese term; synonyms separated by '|'.", "中文术语；同义词用“|”分隔。" }) String chinese) {
            GlossaryEntry e;
            try {
                e = new GlossaryEntry(List.of(english.split("\\|")), List.of(chinese.split("\\|")));
            } catch (IllegalArgumentException x) {
                throw EnclaveException.badInput("'" + english + "' = '" + chinese + "' is not a term entry: give an "
                        + "English and a Chinese term (without '=').");
            }
            if (e.english().stream().anyMatch(t -> t.codePoints().anyMatch(Analysis::isCjk))
                    || e.chinese().stream().noneMatch(t -> t.codePoints().anyMatch(Analysis::isCjk))) {
                throw EnclaveException.badInput("'" + english + "' = '" + chinese + "': the first argument is the "
                        + "English term, the second the Chinese one.");
            }
            GlossaryEntry stored = translation.addTerm(ctx.workspace(), ctx.subject(), e);
            if (ctx.json()) {
                ctx.out().println(KnowledgeCommands.JSON.toJson(Map.of("entry", entry(stored))));
            } else {
                ctx.out().println(stored.line());
            }
        }

        @Command(name = "list", description = { "The workspace's term list and the glossaries packs contribute.",
                "列出工作区术语表及扩展包提供的词汇表。" })
        void list() {
            List<GlossaryEntry> terms = translation.terms(ctx.workspace());
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("terms", terms.stream().map(TermsCommand::entry).toList());
                m.put("glossaries", translation.glossaries());
                m.put("dictionary_headwords", translation.dictionarySize());
                ctx.out().println(KnowledgeCommands.JSON.toJson(m));
                return;
            }
            if (terms.isEmpty()) {
                ctx.out().println("No workspace terms.");
            }
            terms.forEach(t -> ctx.out().println(t.line()));
            ctx.out().printf("Glossaries: %s; CC-CEDICT: %d headwords%n",
                    translation.glossaries().isEmpty() ? "none" : String.join(", ", translation.glossaries()),
                    translation.dictionarySize());
        }

        @Command(name = "remove", description = { "Remove the entries that have this term.", "删除含此术语的条目。" })
        void remove(@Parameters(paramLabel = "TERM", description = { "An English or Chinese term.", "英文或中文术语。" })
        String term) {
            int n = translation.removeTerm(ctx.workspace(), ctx.subject(), term);
            if (n == 0) {
                throw EnclaveException.badInput("No workspace term entry has '" + term + "' (see 'enclave terms list').");
            }
            if (ctx.json()) {
                ctx.out().println(KnowledgeCommands.JSON.toJson(Map.of("term", term, "removed", n)));
            } else {
                ctx.out().println(n + (n == 1 ? " entry" : " entries") + " removed.");
            }
        }

        @Command(name = "lookup", description = { "What a word or question translates to, and from which source.",
                "显示词语或问题的译词及其来源。" })
        void lookup(@Parameters(paramLabel = "TEXT", arity = "1..*", description = { "Words or a question.",
                "词语或问题。" }) List<String> text) {
            String t = String.join(" ", text);
            List<TranslatedTerm> found = translation.lookup(ctx.workspace(), t);
            if (ctx.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (TranslatedTerm x : found) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("from", x.from());
                    m.put("term", x.term());
                    m.put("language", x.chinese() ? "zh" : "en");
                    m.put("weight", x.weight());
                    m.put("source", x.source());
                    rows.add(m);
                }
                ctx.out().println(KnowledgeCommands.JSON.toJson(Map.of("text", t, "translations", rows)));
            } else if (found.isEmpty()) {
                ctx.out().println("No translation.");
            } else {
                found.forEach(x -> ctx.out().printf("%s → %s  (%s, weight %.2f)%n", x.from(), x.term(), x.source(),
                        x.weight()));
            }
        }
    }

    static Map<String, Object> entry(GlossaryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("english", e.english());
        m.put("chinese", e.chinese());
        return m;
    }
}
