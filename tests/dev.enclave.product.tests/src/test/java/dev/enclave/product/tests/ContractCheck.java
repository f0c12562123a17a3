package dev.enclave.product.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Drives the product's command line through every interface of {@code docs/contracts.md} that
 * it offers, on small inputs written here, and checks exit codes and JSON shapes. A command the
 * product does not offer (its {@code --help} fails: a pack that is not installed) is recorded as
 * not offered, not as a failure; a command that is offered and breaks its contract fails.
 *
 * <p>One workspace per run, created under the given scratch folder.
 */
final class ContractCheck {

    /** One check: {@code ok} is null when the command is not offered. */
    record Check(String name, Boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok == null ? "not offered " : ok ? "ok          " : "FAILED      ") + name
                    + (detail.isEmpty() ? "" : " — " + detail);
        }
    }

    private final Enclave enclave;
    private final Path fixtures;
    private final Path scratch;
    private final Path data;
    private final List<Check> checks = new ArrayList<>();

    ContractCheck(Enclave enclave, Path fixtures, Path scratch) {
        this.enclave = enclave;
        this.fixtures = fixtures;
        this.scratch = scratch;
        this.data = scratch.resolve("workspace");
    }

    /** Runs every check; the result lists them in order. */
    List<Check> run() throws IOException, InterruptedException {
        basics();
        models();
        knowledge();
        creditAudit();
        wafers();
        studio();
        return List.copyOf(checks);
    }

    /** The names of the checks that passed. */
    static List<String> passed(List<Check> checks) {
        return checks.stream().filter(c -> Boolean.TRUE.equals(c.ok())).map(Check::name).toList();
    }

    /** Every check, one line each, for assertion messages. */
    static String report(List<Check> checks) {
        return checks.stream().map(Check::toString).collect(Collectors.joining("\n"));
    }

    private void basics() throws IOException, InterruptedException {
        Enclave.Result version = cli("--version");
        record("enclave --version", version.code() == 0 && version.out().contains("Enclave"), version);
        Enclave.Result unknown = cli("no-such-command");
        record("unknown command exits 2 with a message", unknown.code() == 2 && !unknown.err().isBlank(), unknown);
        JsonObject users = object("users list", cli("users", "list", "--json"));
        if (users != null) {
            record("users list shape", has(users, "users") && users.getAsJsonArray("users").asList().stream()
                    .allMatch(u -> has(u.getAsJsonObject(), "name", "roles")), users.toString());
        }
        Enclave.Result tail = cli("audit-log", "tail", "-n", "5", "--json");
        List<JsonObject> lines = lines("audit-log tail", tail);
        if (lines != null) {
            record("audit-log tail entries", !lines.isEmpty() && lines.stream()
                    .allMatch(e -> has(e, "time", "user", "action", "object", "outcome")), tail);
        }
        Enclave.Result verify = cli("audit-log", "verify");
        record("audit-log verify exits 0 on an intact log", verify.code() == 0, verify);
    }

    private void models() throws IOException, InterruptedException {
        if (!offered("model", "check")) {
            return;
        }
        try (Stream<Path> folders = Files.list(fixtures.resolve("models"))) {
            for (Path model : folders.filter(p -> Files.exists(p.resolve("reference.json"))).sorted().toList()) {
                String name = "model check " + model.getFileName();
                JsonObject o = object(name, cli("model", "check", model.toString(), "--json"));
                if (o != null) {
                    boolean shape = has(o, "model", "architecture", "cases", "greedy_tokens_compared",
                            "greedy_tokens_matched", "ok")
                            && (o.has("max_abs_logit_diff") || o.has("max_abs_embedding_diff"));
                    record(name, shape && o.get("ok").getAsBoolean(), o.toString());
                }
            }
        }
        Path corrupt = Files.createDirectories(scratch.resolve("corrupt-model"));
        Files.copy(fixtures.resolve("models/qwen2-tiny/config.json"), corrupt.resolve("config.json"));
        // A safetensors header that announces 16 bytes of JSON and ends after five.
        Files.write(corrupt.resolve("model.safetensors"),
                new byte[] { 16, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'a', '"', ':' });
        Enclave.Result bad = cli("model", "check", corrupt.toString(), "--json");
        record("model check on a corrupt folder exits 2 with a message", bad.code() == 2 && !bad.err().isBlank(), bad);
        if (offered("model", "embed")) {
            JsonObject o = object("model embed", cli("model", "embed", "--model",
                    fixtures.resolve("models/bert-tiny").toString(), "--json", "晶圆良率", "yield"));
            if (o != null) {
                JsonArray vectors = o.getAsJsonArray("vectors");
                boolean normalised = vectors != null && vectors.size() == 2 && vectors.asList().stream().allMatch(v -> {
                    double sum = 0;
                    for (JsonElement x : v.getAsJsonArray()) {
                        sum += x.getAsDouble() * x.getAsDouble();
                    }
                    return Math.abs(sum - 1) < 1e-3 && v.getAsJsonArray().size() == o.get("dim").getAsInt();
                });
                record("model embed", has(o, "model", "dim", "vectors") && normalised, o.toString());
            }
        }
    }

    private void knowledge() throws IOException, InterruptedException {
        if (!offered("ingest")) {
            return;
        }
        Path corpus = Files.createDirectories(scratch.resolve("corpus"));
        Files.writeString(corpus.resolve("etch.md"), """
                # 刻蚀腔体保养

                腔体湿法清洗每 800 RF 小时一次，清洗后做 5 片陪片季化。

                The etch chamber is wet-cleaned every 800 RF hours and seasoned with five dummy wafers.
                """, StandardCharsets.UTF_8);
        Files.write(corpus.resolve("damaged.pdf"), "%PDF-1.7\nnot really a PDF".getBytes(StandardCharsets.US_ASCII));
        JsonObject ingest = object("ingest", cli("ingest", "--collection", "contracts", "--json", corpus.toString()));
        if (ingest != null) {
            record("ingest shape", has(ingest, "collection", "added", "updated", "unchanged", "failed", "chunks"),
                    ingest.toString());
            JsonArray failed = ingest.getAsJsonArray("failed");
            record("ingest reports the damaged file and goes on", failed != null && failed.size() == 1
                    && has(failed.get(0).getAsJsonObject(), "path", "error") && ingest.get("added").getAsInt() == 1,
                    ingest.toString());
        }
        JsonObject search = object("search", cli("search", "--collection", "contracts", "--top", "3", "--json", "湿法清洗"));
        if (search != null) {
            JsonArray hits = search.getAsJsonArray("hits");
            boolean shape = hits != null && !hits.isEmpty() && hits.asList().stream().allMatch(h -> has(
                    h.getAsJsonObject(), "source", "doc_id", "chunk_id", "start", "end", "score", "text"));
            record("search hit shape", shape, search.toString());
            if (shape) {
                JsonObject h = hits.get(0).getAsJsonObject();
                record("search hit text is its [start, end) span",
                        h.get("text").getAsString().length() == h.get("end").getAsInt() - h.get("start").getAsInt(),
                        h.toString());
            }
        }
        if (offered("ask")) {
            JsonObject ask = object("ask", cli("ask", "--collection", "contracts", "--json", "腔体多久湿法清洗一次？"));
            if (ask != null) {
                record("ask shape", has(ask, "answer", "answerable", "citations", "model")
                        && ask.get("answerable").getAsJsonPrimitive().isBoolean() && ask.get("citations").isJsonArray(),
                        ask.toString());
            }
        }
    }

    private void creditAudit() throws IOException, InterruptedException {
        if (!offered("audit", "extract")) {
            return;
        }
        Path reports = Files.createDirectories(scratch.resolve("reports"));
        Path report = Files.writeString(reports.resolve("report.txt"), """
                授信调查报告
                借款人：海西示例光电有限公司
                统一社会信用代码：91350200MA2EXAMP3K
                法定代表人：陈示例
                申请品种：流动资金贷款
                申请金额：人民币叁佰万元整
                期限：24个月
                担保方式：由海东示例材料有限公司提供连带责任保证。
                2023年末资产总额12,000万元，负债总额7,800万元，资产负债率65%。
                """, StandardCharsets.UTF_8);
        JsonObject extract = object("audit extract", cli("audit", "extract", "--json", report.toString()));
        if (extract != null) {
            record("audit extract shape", has(extract, "borrower", "facility", "financials", "guarantees",
                    "collateral", "related_parties", "suppliers", "customers", "risks_stated", "risks_implied",
                    "evidence"), extract.toString());
            JsonElement facility = extract.get("facility");
            boolean amount = facility != null && facility.isJsonObject()
                    && facility.getAsJsonObject().has("amount_yuan")
                    && facility.getAsJsonObject().get("amount_yuan").getAsLong() == 3_000_000L;
            record("audit extract amount in yuan", amount, String.valueOf(facility));
        }
        JsonObject portfolio = object("audit portfolio", cli("audit", "portfolio", "--json", reports.toString()));
        if (portfolio != null) {
            record("audit portfolio shape", has(portfolio, "reports", "guarantee_edges", "circles", "mutual_pairs",
                    "findings"), portfolio.toString());
        }
    }

    private void wafers() throws IOException, InterruptedException {
        if (!offered("wafer", "classify")) {
            return;
        }
        StringBuilder csv = new StringBuilder("id,label,rows,cols,data\n");
        int[][] shapes = { { 24, 30 }, { 36, 36 }, { 50, 42 } };
        for (int m = 0; m < shapes.length; m++) {
            int rows = shapes[m][0];
            int cols = shapes[m][1];
            StringBuilder cells = new StringBuilder();
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    double r = Math.hypot((y + 0.5 - rows / 2.0) / (rows / 2.0), (x + 0.5 - cols / 2.0) / (cols / 2.0));
                    cells.append(r > 1 ? '0' : (x * 5 + y * 11 + m) % 29 == 0 ? '2' : '1');
                }
            }
            csv.append("w").append(m).append(",,").append(rows).append(',').append(cols).append(',').append(cells)
                    .append('\n');
        }
        Path file = Files.writeString(scratch.resolve("maps.csv"), csv, StandardCharsets.UTF_8);
        Enclave.Result r = cli("wafer", "classify", "--json", file.toString());
        List<JsonObject> lines = lines("wafer classify", r);
        if (lines != null) {
            record("wafer classify shape", lines.stream().allMatch(l -> has(l, "id", "label", "confidence")), r);
            record("wafer classify one line per map, in input order",
                    lines.stream().map(l -> l.get("id").getAsString()).toList().equals(List.of("w0", "w1", "w2")), r);
        }
    }

    private void studio() throws IOException, InterruptedException {
        if (!offered("data", "mask")) {
            return;
        }
        Path in = Files.writeString(scratch.resolve("records.jsonl"), String.join("\n",
                "{\"instruction\":\"请联系客户经理\",\"input\":\"电话 13812345678，邮箱 li.ming@example.com\",\"output\":\"好的\"}",
                "{\"instruction\":\"请联系客户经理\",\"input\":\"电话 13812345678，邮箱 li.ming@example.com\",\"output\":\"好的\"}",
                "{\"text\":\"Wafer W12 shows an edge ring after the CMP step.\"}") + "\n", StandardCharsets.UTF_8);
        JsonObject mask = object("data mask", cli("data", "mask", "--json", in.toString(),
                scratch.resolve("masked.jsonl").toString()));
        if (mask != null) {
            JsonElement masked = mask.get("masked");
            boolean shape = has(mask, "records", "masked") && masked.isJsonObject()
                    && has(masked.getAsJsonObject(), "id_card", "mobile", "bank_card", "email", "phone", "name");
            record("data mask shape", shape && mask.get("records").getAsInt() == 3
                    && masked.getAsJsonObject().get("mobile").getAsInt() == 2, mask.toString());
        }
        JsonObject dedup = object("data dedup", cli("data", "dedup", "--json", in.toString(),
                scratch.resolve("kept.jsonl").toString()));
        if (dedup != null) {
            record("data dedup shape", has(dedup, "records", "kept", "clusters") && dedup.get("kept").getAsInt() == 2
                    && dedup.getAsJsonArray("clusters").size() == 1, dedup.toString());
        }
    }

    private Enclave.Result cli(String... args) throws IOException, InterruptedException {
        return enclave.cli(data, args);
    }

    /** Whether the product offers the command (its help succeeds); records it as not offered otherwise. */
    private boolean offered(String... command) throws IOException, InterruptedException {
        String[] args = Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new);
        if (cli(args).code() == 0) {
            return true;
        }
        checks.add(new Check(String.join(" ", command), null, ""));
        return false;
    }

    /** The command's stdout as one JSON object, or null after recording why it is not one. */
    private JsonObject object(String name, Enclave.Result r) {
        if (r.code() != 0) {
            record(name, false, r);
            return null;
        }
        try {
            return JsonParser.parseString(r.out()).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            record(name, false, "stdout is not one JSON object: " + e.getMessage() + "\n" + r);
            return null;
        }
    }

    /** The command's stdout as JSON Lines of objects, or null after recording why it is not. */
    private List<JsonObject> lines(String name, Enclave.Result r) {
        if (r.code() != 0) {
            record(name, false, r);
            return null;
        }
        List<JsonObject> out = new ArrayList<>();
        try {
            for (String line : r.out().split("\n")) {
                if (!line.isBlank()) {
                    out.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
            return out;
        } catch (JsonParseException | IllegalStateException e) {
            record(name, false, "stdout is not JSON Lines: " + e.getMessage() + "\n" + r);
            return null;
        }
    }

    private static boolean has(JsonObject o, String... keys) {
        for (String k : keys) {
            if (!o.has(k)) {
                return false;
            }
        }
        return true;
    }

    private void record(String name, boolean ok, Object detail) {
        String d = ok ? "" : String.valueOf(detail);
        checks.add(new Check(name, ok, d.length() > 600 ? d.substring(0, 600) + "…" : d));
    }

    /** For assertion messages and {@code Map}-style lookups in tests. */
    static Map<String, Check> byName(List<Check> checks) {
        return checks.stream().collect(Collectors.toMap(Check::name, c -> c, (a, b) -> b));
    }
}
