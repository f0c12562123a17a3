package dev.enclave.semi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.enclave.assistant.Answer;
import dev.enclave.assistant.Citation;
import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.semi.FabQa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave fab ask} and {@code enclave fab glossary} to the command line. */
@Component(service = CommandContribution.class)
public final class FabCommandContribution implements CommandContribution {
    @Reference
    private FabQa qa;

    @Override
    public Object createCommand(CliContext context) {
        return new FabCommand(context, qa);
    }

    /** {@code enclave fab}. */
    @Command(name = "fab", mixinStandardHelpOptions = true,
            description = { "Fab expert Q&A over a fab knowledge collection, with a bilingual fab glossary.",
                    "晶圆厂专家问答：基于晶圆厂知识库集合，使用中英双语术语表。" })
    static final class FabCommand {
        private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
        private final CliContext ctx;
        private final FabQa qa;

        FabCommand(CliContext ctx, FabQa qa) {
            this.ctx = ctx;
            this.qa = qa;
        }

        @Command(name = "ask", description = {
                "Answer a fab question from the collection, with citations (fab terms are translated both ways through the glossary).",
                "根据集合回答晶圆厂问题并给出引用（问题会用术语表中另一种语言的术语扩展）。" })
        int ask(@Option(names = "--collection", defaultValue = FabQa.DEFAULT_COLLECTION, paramLabel = "NAME",
                description = { "The collection (default: fab).", "集合名称（默认：fab）。" }) String collection,
                @Option(names = "--image", paramLabel = "FILE", description = { "An inspection image the question is about: its defect class and similar cases join the question.",
                        "问题所涉及的检测图像：其缺陷类别和相似案例会加入问题。" }) java.nio.file.Path image,
                @Parameters(paramLabel = "QUESTION", arity = "1..*", description = { "The question.", "问题。" })
                List<String> question) {
            boolean json = ctx.json();
            java.util.function.Consumer<String> live = json ? null : text -> {
                ctx.out().print(text);
                ctx.out().flush();
            };
            FabQa.ImageAnswer withImage = image == null ? null
                    : qa.askAboutImage(ctx.workspace(), ctx.subject(), collection, String.join(" ", question), image,
                            live, ctx.progress());
            Answer a = withImage != null ? withImage.answer()
                    : qa.ask(ctx.workspace(), ctx.subject(), collection, String.join(" ", question), live,
                            ctx.progress());
            if (json) {
                Map<String, Object> m = a.toJsonMap();
                m.put("expansion", qa.expand(withImage != null ? withImage.question() : String.join(" ", question)));
                if (withImage != null) {
                    Map<String, Object> img = new java.util.LinkedHashMap<>();
                    img.put("path", image.toString());
                    img.put("label", withImage.image().label());
                    img.put("confidence", Math.round(withImage.image().confidence() * 1e6) / 1e6);
                    img.put("similar_lots", withImage.similar().stream().map(s -> s.lot()).toList());
                    m.put("image", img);
                }
                ctx.out().println(GSON.toJson(m));
            } else {
                ctx.out().println();
                for (Citation c : a.citations()) {
                    ctx.out().printf("[%d] %s [%d, %d)%n", c.number(), c.source(), c.start(), c.end());
                }
                // As 'ask' says it: after an answer; an answer that there is none says it itself.
                String notice = Answer.hiddenNotice(a.hidden(), DefaultFabQa.chinese(String.join(" ", question)));
                if (!notice.isEmpty() && !a.answer().contains(notice)) {
                    ctx.out().println(notice);
                }
            }
            return 0;
        }

        @Command(name = "glossary", description = { "List the fab glossary, or the entries matching TERM (English or Chinese).",
                "列出晶圆厂术语表，或与 TERM（英文或中文）匹配的条目。" })
        int glossary(@Parameters(paramLabel = "TERM", arity = "0..1", description = { "A term to look up.", "要查找的术语。" })
        String term) {
            Map<String, List<String>> entries = term == null ? qa.glossary() : qa.lookup(term);
            if (term != null && entries.isEmpty()) {
                throw EnclaveException.badInput("The fab glossary has no entry for \"" + term + "\".");
            }
            if (ctx.json()) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : entries.entrySet()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("term", e.getKey());
                    m.put("english", english(e.getKey(), e.getValue()));
                    m.put("chinese", e.getValue().stream().filter(DefaultFabQa::chinese).toList());
                    list.add(m);
                }
                ctx.out().println(GSON.toJson(Map.of("entries", list)));
            } else {
                for (Map.Entry<String, List<String>> e : entries.entrySet()) {
                    ctx.out().println(String.join(" | ", english(e.getKey(), e.getValue())) + "  =  "
                            + String.join(" | ", e.getValue().stream().filter(DefaultFabQa::chinese).toList()));
                }
            }
            return 0;
        }

        private static List<String> english(String name, List<String> others) {
            List<String> out = new ArrayList<>();
            out.add(name);
            others.stream().filter(t -> !DefaultFabQa.chinese(t)).forEach(out::add);
            return out;
        }
    }
}
