package dev.enclave.cli.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code enclave} command line: global options, the built-in subcommands and
 * those contributed by packs through {@link CommandContribution} services.
 * Exit codes: 0 success, 2 bad input, 1 other failure.
 */
public final class EnclaveCli {
    private final ServiceLookup services;

    public EnclaveCli(ServiceLookup services) {
        this.services = services;
    }

    /** The root command; its options are inherited by every subcommand. */
    @Command(name = "enclave", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = { "Enclave Workbench: a private AI workbench that runs entirely on this machine.",
                    "Enclave 工作台：完全在本机运行的私有 AI 工作台。" },
            subcommandsRepeatable = false)
    static final class Root implements Runnable {
        private final RunContext ctx;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Root(RunContext ctx) {
            this.ctx = ctx;
        }

        // Before the command only: 'train sft --data TRAIN.jsonl' gives --data its own meaning there.
        @Option(names = "--data", paramLabel = "DIR",
                description = "Workspace (data folder), given before the command; default ~/.enclave. / 工作区（数据目录）")
        void data(Path data) {
            ctx.data = data;
        }

        @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Act as this workspace user (administrators only). / 以该用户身份执行（仅管理员）")
        void user(String user) {
            ctx.user = user;
        }

        @Option(names = "--json", scope = ScopeType.INHERIT,
                description = "Print the documented JSON instead of text. / 输出 JSON")
        void json(boolean json) {
            ctx.json = json;
        }

        @Option(names = "--local", scope = ScopeType.INHERIT,
                description = "Run here even when 'enclave serve' runs for this workspace (also: "
                        + ServeForwarding.LOCAL_ENV + "=1). / 即使本工作区的 enclave serve 正在运行，也在本进程执行")
        void local(boolean local) {
            ctx.local = local;
        }

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'enclave --help'.");
        }
    }

    /** Reports the CLI bundle's version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Bundle bundle = FrameworkUtil.getBundle(EnclaveCli.class);
            String v = bundle == null ? "development" : bundle.getVersion().toString();
            return new String[] { "Enclave Workbench " + v, "Java " + System.getProperty("java.version") };
        }
    }

    /** A group command such as {@code eval}: only its subcommands do something. */
    static final class Group implements Runnable {
        @Override
        public void run() {
            throw EnclaveException.badInput("Missing subcommand: see the group's --help.");
        }
    }

    private static String[] groupDescription(String group) {
        if (group.equals("eval")) {
            return new String[] { "Evaluate retrieval, extraction and models on labelled sets.",
                    "在标注数据上评估检索、抽取与模型。" };
        }
        return new String[] { "Commands of the group '" + group + "'.", "'" + group + "' 命令组。" };
    }

    /** Builds the command tree for one run (also used by tests to inspect it). */
    CommandLine build(RunContext ctx) {
        CommandLine cl = new CommandLine(new Root(ctx));
        cl.addSubcommand(new UsersCommand(ctx));
        cl.addSubcommand(new AuditLogCommand(ctx));
        cl.addSubcommand(new PacksCommand(ctx));
        cl.addSubcommand(new DocumentsCommand(ctx));
        cl.addSubcommand(new SettingsCommand(ctx));
        cl.addSubcommand(new DoctorCommand(ctx));
        Set<String> taken = new HashSet<>(cl.getSubcommands().keySet());
        for (CommandContribution contribution : services.all(CommandContribution.class)) {
            Object command;
            try {
                command = contribution.createCommand(ctx);
                CommandLine sub = new CommandLine(command);
                String parent = contribution.parent();
                if (parent != null) {
                    CommandLine group = cl.getSubcommands().get(parent);
                    if (group == null) {
                        group = new CommandLine(CommandLine.Model.CommandSpec.wrapWithoutInspection(new Group())
                                .name(parent));
                        group.getCommandSpec().usageMessage().description(groupDescription(parent));
                        cl.addSubcommand(parent, group);
                        taken.add(parent);
                    }
                    if (group.getSubcommands().containsKey(sub.getCommandName())) {
                        ctx.err().println("enclave: ignoring a second command named '" + parent + " "
                                + sub.getCommandName() + "' contributed by " + contribution.getClass().getName());
                        continue;
                    }
                    group.addSubcommand(sub.getCommandName(), sub);
                    continue;
                }
                if (!taken.add(sub.getCommandName())) {
                    ctx.err().println("enclave: ignoring a second command named '" + sub.getCommandName()
                            + "' contributed by " + contribution.getClass().getName());
                    continue;
                }
                cl.addSubcommand(sub.getCommandName(), sub);
            } catch (RuntimeException e) {
                ctx.err().println("enclave: a pack's command could not be loaded (" + contribution.getClass().getName()
                        + "): " + e.getMessage());
            }
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, ctx));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !failed.getSubcommands().isEmpty()
                    && !unmatched.getUnmatched().isEmpty()) {
                ctx.err().println("enclave: unknown command '" + unmatched.getUnmatched().get(0) + "'. Commands: "
                        + String.join(", ", failed.getSubcommands().keySet()) + ".");
            } else {
                ctx.err().println("enclave: " + named(ex.getMessage(), failed));
            }
            String name = qualifiedName(failed);
            ctx.err().println("Usage: see 'enclave " + (name.isEmpty() ? "" : name + " ") + "--help'.");
            return 2;
        });
        nameParameters(cl);
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        return cl;
    }

    /**
     * Names the placeholder of every option after the option: picocli calls the value of an option
     * declared on a method parameter {@code <arg3>}, and on a field after the field ({@code <maxLen>}),
     * unless the command set {@code paramLabel}; help and errors then read {@code --lot=LOT} and
     * {@code --max-len=MAX-LEN} instead. Applied to the whole
     * tree, so packs' commands get it too. (The options themselves stay as declared: rebuilding
     * them would unbind a method command's parameters.)
     */
    static void nameParameters(CommandLine cl) {
        cl.setHelpFactory((spec, scheme) -> new CommandLine.Help(spec, scheme) {
            @Override
            public CommandLine.Help.IParamLabelRenderer parameterLabelRenderer() {
                CommandLine.Help.IParamLabelRenderer plain = super.parameterLabelRenderer();
                return new CommandLine.Help.IParamLabelRenderer() {
                    @Override
                    public CommandLine.Help.Ansi.Text renderParameterLabel(CommandLine.Model.ArgSpec arg,
                            CommandLine.Help.Ansi ansi, List<CommandLine.Help.Ansi.IStyle> styles) {
                        CommandLine.Help.Ansi.Text text = plain.renderParameterLabel(arg, ansi, styles);
                        String label = label(arg);
                        return label == null ? text
                                : ansi.new Text(text.plainString().replace(arg.paramLabel(), label), scheme);
                    }

                    @Override
                    public String separator() {
                        return plain.separator();
                    }
                };
            }
        });
    }

    /** The placeholder to show for an option picocli left unnamed, or null when it has a name. */
    static String label(CommandLine.Model.ArgSpec arg) {
        if (arg instanceof CommandLine.Model.OptionSpec option && option.paramLabel().matches("<\\w+>")) {
            return option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT);
        }
        return null;
    }

    /** A parse error's message with the unnamed placeholders of its command named as in its help. */
    static String named(String message, CommandLine failed) {
        String out = message;
        for (CommandLine.Model.OptionSpec option : failed.getCommandSpec().options()) {
            String label = label(option);
            if (label != null) {
                out = out.replace(option.paramLabel(), label);
            }
        }
        return out;
    }

    /**
     * The command that {@code --help} / {@code -h} asks about, or null when help is not asked for.
     * Handled here so every subcommand, built in or contributed (including picocli method
     * commands, which cannot take the help mixin), answers it with exit code 0.
     */
    private static CommandLine helpTarget(CommandLine root, String[] args) {
        boolean asked = false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                asked = true;
            }
        }
        if (!asked) {
            return null;
        }
        CommandLine current = root;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") || a.equals("--user")) {
                i++;
            } else if (!a.startsWith("-")) {
                CommandLine sub = current.getSubcommands().get(a);
                if (sub == null) {
                    break;
                }
                current = sub;
            }
        }
        return current;
    }

    private static String qualifiedName(CommandLine cl) {
        String full = cl.getCommandSpec().qualifiedName(" ");
        return full.startsWith("enclave ") ? full.substring(8) : "";
    }

    private static int handle(Exception ex, RunContext ctx) {
        if (ex instanceof Progress.CanceledException) {
            ctx.err().println("enclave: cancelled.");
            return 1;
        }
        if (ex instanceof EnclaveException ee) {
            ctx.err().println("enclave: " + ee.getMessage());
            return ee.isBadInput() ? 2 : 1;
        }
        ctx.err().println("enclave: unexpected failure: " + ex);
        for (StackTraceElement e : ex.getStackTrace()) {
            ctx.err().println("    at " + e);
        }
        return 1;
    }

    /** The first argument in command position when it names no command, else null. */
    private static String unknownCommand(CommandLine cl, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") || a.equals("--user")) {
                i++;
                continue;
            }
            if (a.startsWith("-")) {
                continue;
            }
            return cl.getSubcommands().containsKey(a) ? null : a;
        }
        return null;
    }

    /**
     * Runs the command line.
     *
     * @return the exit code: 0 success, 2 bad input, 1 other failure
     */
    public int run(String[] args, PrintStream stdout, PrintStream stderr) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        RunContext ctx = new RunContext(services, out, err, System.console() != null);
        try {
            // ask, search, model generate and model embed go through the workspace's running server, if any.
            Integer forwarded = ServeForwarding.tryForward(args, ctx);
            if (forwarded != null) {
                return forwarded;
            }
            CommandLine cl = build(ctx);
            String unknown = unknownCommand(cl, args);
            if (unknown != null) {
                // Checked before picocli: with --help present it would print the root help and succeed.
                err.println("enclave: unknown command '" + unknown + "'. Commands: "
                        + String.join(", ", cl.getSubcommands().keySet()) + ".");
                err.println("Usage: see 'enclave --help'.");
                return 2;
            }
            CommandLine help = helpTarget(cl, args);
            if (help != null) {
                help.usage(out);
                return 0;
            }
            return cl.execute(args);
        } catch (EnclaveException e) {
            // Thrown while building, e.g. an unreadable workspace opened by a contribution.
            err.println("enclave: " + e.getMessage());
            return e.isBadInput() ? 2 : 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
