package dev.enclave.product.tests;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural check of a Windows batch script, for a build machine without cmd.exe. It finds
 * what makes cmd scripts fail on a user's machine: LF-only lines (labels and {@code goto} then
 * misbehave), a {@code goto} or {@code call} to a label that is not defined, unbalanced
 * parentheses, delayed-expansion syntax without delayed expansion, and a path variable expanded
 * outside quotes (a space or a parenthesis in {@code C:\Program Files (x86)} would split it).
 */
final class CmdCheck {
    /** Variables that hold paths and must be expanded inside double quotes. */
    private static final List<String> PATHS = List.of("%ENCLAVE_HERE%", "%JAVA_HOME%", "%ENCLAVE_JAVA%",
            "%ENCLAVE_JAVAW%", "%ENCLAVE_LAUNCHER%", "%ENCLAVE_LOGS%", "%LOCALAPPDATA%", "%USERPROFILE%");
    private static final Pattern JUMP = Pattern.compile("(?i)\\b(goto|call)\\s+:?([A-Za-z_][A-Za-z0-9_]*)");

    private CmdCheck() {
    }

    static List<String> problems(String script) {
        List<String> problems = new ArrayList<>();
        if (script.replace("\r\n", "").contains("\n")) {
            problems.add("a line ends in LF alone: cmd.exe needs CRLF");
        }
        String[] lines = script.split("\r?\n", -1);
        Set<String> labels = new HashSet<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith(":") && !l.startsWith("::")) {
                labels.add(l.substring(1).split("\\s")[0].toLowerCase(Locale.ROOT));
            }
        }
        if (!lines[0].strip().equalsIgnoreCase("@echo off")) {
            problems.add("line 1: starts with something other than @echo off");
        }
        boolean delayed = script.toLowerCase(Locale.ROOT).contains("enabledelayedexpansion");
        int depth = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int n = i + 1;
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("rem ") || line.startsWith("::")
                    || line.startsWith(":")) {
                continue;
            }
            Matcher jump = JUMP.matcher(line);
            while (jump.find()) {
                String label = jump.group(2).toLowerCase(Locale.ROOT);
                // 'call :label' jumps inside the script; 'call other.cmd' does not.
                boolean toLabel = jump.group(1).equalsIgnoreCase("goto") || jump.group().contains(":");
                if (toLabel && !label.equals("eof") && !labels.contains(label)) {
                    problems.add("line " + n + ": " + jump.group() + " jumps to a label that is not defined");
                }
            }
            if (!delayed && line.matches(".*![A-Za-z_][A-Za-z0-9_]*!.*")) {
                problems.add("line " + n + ": !VAR! without EnableDelayedExpansion");
            }
            boolean quoted = false;
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch == '"') {
                    quoted = !quoted;
                } else if (!quoted && ch == '^') {
                    c++;
                } else if (!quoted && ch == '(') {
                    depth++;
                } else if (!quoted && ch == ')') {
                    depth--;
                    if (depth < 0) {
                        problems.add("line " + n + ": ')' closes nothing");
                        depth = 0;
                    }
                }
                if (!quoted && !line.toLowerCase(Locale.ROOT).startsWith("echo ")
                        && !line.toLowerCase(Locale.ROOT).startsWith("set \"")) {
                    for (String variable : PATHS) {
                        if (line.startsWith(variable, c)) {
                            problems.add("line " + n + ": " + variable + " expanded outside quotes");
                        }
                    }
                }
            }
            if (quoted) {
                problems.add("line " + n + ": a double quote is not closed");
            }
        }
        if (depth != 0) {
            problems.add("parentheses unbalanced at the end (" + depth + " open)");
        }
        return problems;
    }
}
