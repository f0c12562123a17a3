package dev.enclave.product.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the README that are marked as runnable: each fenced {@code bash} block
 * right after a line {@code <!-- runnable -->}. Every non-blank line of such a block is one
 * command as a user types it from a clone ({@code ./enclave …}), with an optional comment.
 */
final class ReadmeCommands {
    static final String MARK = "<!-- runnable -->";

    /** One runnable block: the heading it stands under and its command lines. */
    record Block(String heading, List<String> commands) {
    }

    private ReadmeCommands() {
    }

    static List<Block> read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String heading = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            }
            if (!line.strip().equals(MARK)) {
                continue;
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            if (open >= lines.size() || !lines.get(open).strip().equals("```bash")) {
                throw new IllegalStateException("README line " + (i + 1) + ": " + MARK + " is not followed by a ```bash block");
            }
            List<String> commands = new ArrayList<>();
            int j = open + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                String command = lines.get(j).strip();
                if (!command.isEmpty() && !command.startsWith("#")) {
                    if (command.endsWith("\\")) {
                        throw new IllegalStateException("README line " + (j + 1) + ": a runnable command is one line");
                    }
                    commands.add(command);
                }
            }
            blocks.add(new Block(heading, commands));
            i = j;
        }
        return blocks;
    }
}
