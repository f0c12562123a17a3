package dev.enclave.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.server.EnclaveServer;
import dev.enclave.server.RunningServer;
import dev.enclave.server.ServeOptions;
import dev.enclave.server.ServeTokens;
import dev.enclave.server.TokenInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code enclave serve} and {@code enclave serve token …} to the command line. */
@Component(service = CommandContribution.class)
public final class ServeCommandContribution implements CommandContribution {
    /** The environment variable that may hold the TLS key store's passphrase. */
    static final String PASSPHRASE_ENV = "ENCLAVE_TLS_PASSPHRASE";

    @Reference
    private EnclaveServer server;
    @Reference
    private ServeTokens tokens;

    @Override
    public Object createCommand(CliContext context) {
        return new Serve(context, server, tokens);
    }

    /** {@code enclave serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true, subcommands = Token.class,
            description = { "Serve the workspace's models on the OpenAI API (/v1) and search/ask (/enclave), until"
                    + " stopped; every request needs a bearer token.",
                    "以 OpenAI API（/v1）和检索/问答（/enclave）提供工作区模型，直到停止；每个请求都需要令牌。" })
    static final class Serve implements Callable<Integer> {
        final CliContext ctx;
        final EnclaveServer server;
        final ServeTokens tokens;

        @Option(names = "--host", defaultValue = ServeOptions.DEFAULT_HOST, description = {
                "Address to bind; other than loopback needs --tls-keystore.", "绑定地址；非回环地址需要 --tls-keystore。" })
        String host;
        @Option(names = "--port", defaultValue = "8080", description = { "TCP port.", "TCP 端口。" })
        int port;
        @Option(names = "--tls-keystore", paramLabel = "FILE.p12", description = {
                "PKCS#12 key store with the server's key and certificate (HTTPS).", "含服务器密钥与证书的 PKCS#12 文件（HTTPS）。" })
        Path keystore;
        @Option(names = "--tls-passphrase-file", paramLabel = "FILE", description = {
                "File holding the key store's passphrase (else the environment variable " + PASSPHRASE_ENV + ").",
                "存放密钥库口令的文件（否则读取环境变量 " + PASSPHRASE_ENV + "）。" })
        Path passphraseFile;
        @Option(names = "--max-body-bytes", defaultValue = "4194304", description = {
                "Largest request body accepted (HTTP 413 above).", "允许的最大请求体（超过返回 HTTP 413）。" })
        long maxBody;
        @Option(names = "--queue", defaultValue = "8", description = {
                "Requests that may wait per model (HTTP 429 beyond).", "每个模型可排队的请求数（超过返回 HTTP 429）。" })
        int queue;

        Serve(CliContext ctx, EnclaveServer server, ServeTokens tokens) {
            this.ctx = ctx;
            this.server = server;
            this.tokens = tokens;
        }

        @Override
        public Integer call() throws InterruptedException {
            char[] passphrase = null;
            if (keystore != null) {
                passphrase = passphrase();
            }
            RunningServer running = server.start(ctx.workspace(), ctx.subject(),
                    new ServeOptions(host, port, keystore, passphrase, maxBody, queue));
            Thread hook = new Thread(running::close, "enclave-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (ctx.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", running.uri() + "/v1");
                    m.put("token_file", running.tokenFile().toString());
                    ctx.out().println(FileIO.COMPACT.toJson(m));
                } else {
                    ctx.out().println("Serving / 服务地址: " + running.uri() + "/v1");
                    ctx.out().println("Administrator's token / 管理员令牌: " + running.tokenFile());
                    ctx.out().println("Stop with Ctrl-C. / 按 Ctrl-C 停止。");
                }
                ctx.out().flush();
                while (!ctx.progress().isCanceled()) {
                    Thread.sleep(250);
                }
                return 0;
            } finally {
                running.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down; the hook closes the server a second time, harmlessly.
                }
            }
        }

        private char[] passphrase() {
            if (passphraseFile != null) {
                try {
                    return Files.readString(passphraseFile, StandardCharsets.UTF_8).strip().toCharArray();
                } catch (IOException e) {
                    throw EnclaveException.badInput("--tls-passphrase-file " + passphraseFile + ": cannot read it ("
                            + e.getMessage() + ").");
                }
            }
            String env = System.getenv(PASSPHRASE_ENV);
            if (env == null) {
                throw EnclaveException.badInput("--tls-keystore " + keystore + " needs its passphrase: give"
                        + " --tls-passphrase-file FILE or set " + PASSPHRASE_ENV + ".");
            }
            return env.toCharArray();
        }
    }

    /** {@code enclave serve token}. */
    @Command(name = "token", mixinStandardHelpOptions = true, description = {
            "Bearer tokens of the server: one per workspace user (administrators).", "服务器令牌：每个工作区用户一个（管理员）。" })
    static final class Token {
        @picocli.CommandLine.ParentCommand
        Serve parent;

        // The user is a parameter, not --user: --user is the global acting-user option, which every
        // subcommand inherits, and here the acting user must stay the administrator.
        @Command(name = "create", description = { "Make a token acting as workspace user NAME; it is shown once.",
                "创建代表工作区用户 NAME 的令牌；只显示一次。" })
        void create(@Parameters(paramLabel = "NAME") String user) {
            String token = parent.tokens.create(parent.ctx.workspace(), parent.ctx.subject(), user);
            if (parent.ctx.json()) {
                parent.ctx.out().println(FileIO.COMPACT.toJson(Map.of("user", user, "token", token)));
            } else {
                parent.ctx.out().println(token);
                parent.ctx.err().println("Token for " + user + ", shown once; give it to the user. / " + user
                        + " 的令牌，仅显示一次，请交给该用户。");
            }
        }

        @Command(name = "revoke", description = { "Revoke a token by id, or every token of a user.",
                "按编号撤销令牌，或撤销某用户的全部令牌。" })
        void revoke(@Parameters(paramLabel = "ID|USER") String idOrUser) {
            int n = parent.tokens.revoke(parent.ctx.workspace(), parent.ctx.subject(), idOrUser);
            if (parent.ctx.json()) {
                parent.ctx.out().println(FileIO.COMPACT.toJson(Map.of("revoked", n)));
            } else {
                parent.ctx.out().println("Revoked " + n + " token(s). / 已撤销 " + n + " 个令牌。");
            }
        }

        @Command(name = "list", description = { "List the tokens (ids and users, never the secrets).",
                "列出令牌（编号与用户，不含密钥）。" })
        void list() {
            List<TokenInfo> all = parent.tokens.list(parent.ctx.workspace(), parent.ctx.subject());
            if (parent.ctx.json()) {
                parent.ctx.out().println(FileIO.COMPACT.toJson(Map.of("tokens", all.stream().map(t -> Map.of("id",
                        t.id(), "user", t.user(), "created", t.created())).toList())));
            } else {
                for (TokenInfo t : all) {
                    parent.ctx.out().printf("%-14s %-20s %s%n", t.id(), t.user(), t.created());
                }
            }
        }
    }
}
