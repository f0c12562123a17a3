package dev.enclave.assistant.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.AskRequest;
import dev.enclave.assistant.Assistant;
import dev.enclave.assistant.Citation;
import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.knowledge.SearchMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave ask}. */
@Component(service = CommandContribution.class)
public final class AskCommandContribution implements CommandContribution {
    @Reference
    private Assistant assistant;

    @Override
    public Object createCommand(CliContext context) {
        return new Ask(context, assistant);
    }

    @Command(name = "ask", mixinStandardHelpOptions = true, description = {
            "Answer a question from a knowledge collection, with citations.", "根据知识库集合回答问题，并给出引用。" })
    static final class Ask implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        private final Assistant assistant;

        @Option(names = "--collection", required = true, paramLabel = "NAME", description = { "The collection.", "集合名称。" })
        String collection;

        @Option(names = "--top", defaultValue = "5", paramLabel = "K",
                description = { "Passages retrieved as sources.", "检索作为来源的段落数。" })
        int top;

        @Option(names = "--mode", defaultValue = "hybrid", paramLabel = "bm25|vector|hybrid",
                description = { "Retrieval mode.", "检索方式。" })
        String mode;

        @Parameters(paramLabel = "QUESTION", arity = "1..*", description = { "The question.", "问题。" })
        List<String> question;

        Ask(CliContext ctx, Assistant assistant) {
            this.ctx = ctx;
            this.assistant = assistant;
        }

        @Override
        public Integer call() {
            boolean json = ctx.json();
            Answer a = assistant.ask(ctx.workspace(), ctx.subject(),
                    new AskRequest(collection, String.join(" ", question), top, SearchMode.parse(mode), null),
                    json ? null : text -> {
                        ctx.out().print(text);
                        ctx.out().flush();
                    }, ctx.progress());
            if (json) {
                Map<String, Object> m = a.toJsonMap();
                ctx.out().println(new GsonBuilder().disableHtmlEscaping().create().toJson(m));
            } else {
                ctx.out().println();
                for (Citation c : a.citations()) {
                    ctx.out().printf("[%d] %s [%d, %d)%n", c.number(), c.source(), c.start(), c.end());
                }
                // Said after an answer; an answer that there is none says it itself.
                String notice = Answer.hiddenNotice(a.hidden(), chinese(String.join(" ", question)));
                if (!notice.isEmpty() && !a.answer().contains(notice)) {
                    ctx.out().println(notice);
                }
            }
            return 0;
        }

        private static boolean chinese(String text) {
            return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        }
    }
}
