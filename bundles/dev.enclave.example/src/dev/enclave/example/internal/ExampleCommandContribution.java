package dev.enclave.example.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.example.TextStatistics;
import dev.enclave.example.TextStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Adds {@code enclave example stats FILE…} to the command line. The command only parses its
 * arguments, calls the {@link TextStatistics} service (which reads, counts and audits) and
 * prints; the part in {@code dev.enclave.example.ui} calls the same service.
 */
@Component(service = CommandContribution.class)
public final class ExampleCommandContribution implements CommandContribution {
    @Reference
    private TextStatistics statistics;

    @Override
    public Object createCommand(CliContext context) {
        return new ExampleCommand(context, statistics);
    }

    /** {@code enclave example}. */
    @Command(name = "example", mixinStandardHelpOptions = true,
            description = { "Example pack: text statistics.", "示例包：文本统计。" })
    static final class ExampleCommand {
        private final CliContext ctx;
        private final TextStatistics statistics;

        ExampleCommand(CliContext ctx, TextStatistics statistics) {
            this.ctx = ctx;
            this.statistics = statistics;
        }

        @Command(name = "stats", description = { "Count characters, Chinese characters, words, lines and sentences.",
                "统计字符、汉字、单词、行与句子数。" })
        void stats(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Path file : files) {
                TextStats s = statistics.of(ctx.workspace(), ctx.subject(), file);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", file.toString());
                m.put("charset", s.charset());
                m.put("characters", s.characters());
                m.put("cjk_characters", s.cjkCharacters());
                m.put("words", s.words());
                m.put("lines", s.lines());
                m.put("paragraphs", s.paragraphs());
                m.put("sentences", s.sentences());
                rows.add(m);
                if (!ctx.json()) {
                    ctx.out().printf("%s (%s): %d characters, %d Chinese characters, %d words, %d lines, "
                            + "%d paragraphs, %d sentences%n", file, s.charset(), s.characters(), s.cjkCharacters(),
                            s.words(), s.lines(), s.paragraphs(), s.sentences());
                }
            }
            if (ctx.json()) {
                ctx.out().println(new GsonBuilder().disableHtmlEscaping().create().toJson(Map.of("files", rows)));
            }
        }
    }
}
