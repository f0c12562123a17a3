/*
 * Builds a labelled dataset with planted personal data and planted near-duplicates, runs
 * 'enclave data mask' and 'enclave data dedup' on it, and prints recall / precision.
 *
 *   java tests/benchmarks/DataEval.java [ENCLAVE_SCRIPT] [RECORDS]     (default ./enclave, 2000)
 */
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

public class DataEval {
    static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
    static final String[] GIVEN = { "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞" };
    static final String[] EN_FIRST = { "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda" };
    static final String[] EN_LAST = { "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis" };
    static final String[] ZH_TEMPLATES = {
        "借款人%s申请流动资金贷款%d万元，联系人%s先生，手机%s。",
        "法定代表人：%s，身份证号%s，请于%d日内补充材料。",
        "还款账户%s，开户人%s，座机%s，邮箱%s。",
        "晶圆批次L%d良率下降，责任工程师%s，联系电话%s。",
        "合同编号%s，金额%d元，经办人：%s。",
    };

    static String idCard(Random r) {
        String first = String.format("%06d%04d%02d%02d%03d", 110101 + r.nextInt(500000), 1950 + r.nextInt(50),
                1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(1000));
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first.charAt(i) - '0') * w[i];
        }
        return first + "10X98765432".charAt(sum % 11);
    }

    static boolean luhn(String d) {
        int sum = 0;
        boolean dbl = false;
        for (int i = d.length() - 1; i >= 0; i--) {
            int x = d.charAt(i) - '0';
            if (dbl) {
                x *= 2;
                if (x > 9) {
                    x -= 9;
                }
            }
            sum += x;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static String card(Random r) {
        StringBuilder b = new StringBuilder("6222");
        while (b.length() < 18) {
            b.append(r.nextInt(10));
        }
        for (char c = '0'; c <= '9'; c++) {
            if (luhn(b.toString() + c)) {
                return b.toString() + c;
            }
        }
        throw new IllegalStateException();
    }

    static String mobile(Random r) {
        String n = "1" + (3 + r.nextInt(7)) + String.format("%09d", r.nextInt(1_000_000_000));
        return switch (r.nextInt(3)) {
        case 0 -> n;
        case 1 -> n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
        default -> n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
        };
    }

    static String name(Random r) {
        return SURNAMES[r.nextInt(SURNAMES.length)] + GIVEN[r.nextInt(GIVEN.length)];
    }

    public static void main(String[] args) throws Exception {
        String enclave = args.length > 0 ? args[0] : "./enclave";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Random r = new Random(7);
        Path dir = Files.createTempDirectory("enclave-data-eval");
        List<String> lines = new ArrayList<>();
        List<String> originals = new ArrayList<>();
        List<List<String[]>> originalValues = new ArrayList<>();
        Map<String, List<String[]>> planted = new LinkedHashMap<>();
        int plantedDuplicates = 0;
        for (int i = 0; i < n; i++) {
            String text;
            if (i > 10 && r.nextInt(10) == 0) {
                // A near duplicate of an earlier record: width, spacing and one character changed.
                int pick = r.nextInt(originals.size());
                String src = originals.get(pick);
                text = src.replace("，", ",").replace("万元", " 万元 ");
                plantedDuplicates++;
                planted.put("d" + i, originalValues.get(pick));
                lines.add("{\"id\":\"d" + i + "\",\"text\":" + json(text) + ",\"dup_of\":true}");
                continue;
            }
            int t = r.nextInt(ZH_TEMPLATES.length + 1);
            List<String[]> values = new ArrayList<>();
            if (t == ZH_TEMPLATES.length) {
                String who = EN_FIRST[r.nextInt(8)] + " " + EN_LAST[r.nextInt(8)];
                String mail = who.toLowerCase().replace(' ', '.') + i + "@example.com";
                text = "Contact: " + who + ", " + mail + ", lot W" + (10 + r.nextInt(89)) + " yield "
                        + (80 + r.nextInt(19)) + "% on run " + (1000 + i) + ".";
                values.add(new String[] { "name", who });
                values.add(new String[] { "email", mail });
            } else {
                String person = name(r);
                String phone = mobile(r);
                String id = idCard(r);
                String account = card(r);
                String landline = "0" + (21 + r.nextInt(70)) + "-" + (60000000 + r.nextInt(30000000));
                String mail = "user" + i + "@bank.example.cn";
                text = switch (t) {
                case 0 -> String.format(ZH_TEMPLATES[0], "江南示例电子有限公司", 100 + r.nextInt(900), person, phone);
                case 1 -> String.format(ZH_TEMPLATES[1], person, id, 5 + r.nextInt(25));
                case 2 -> String.format(ZH_TEMPLATES[2], account, person, landline, mail);
                case 3 -> String.format(ZH_TEMPLATES[3], 1000 + i, person, phone);
                default -> String.format(ZH_TEMPLATES[4], String.format("%018d", (long) (r.nextDouble() * 1e17)),
                        10000 + r.nextInt(90000), person);
                };
                values.add(new String[] { "name", person });
                switch (t) {
                case 0, 3 -> values.add(new String[] { "mobile", phone });
                case 1 -> values.add(new String[] { "id_card", id });
                case 2 -> {
                    values.add(new String[] { "bank_card", account });
                    values.add(new String[] { "phone", landline });
                    values.add(new String[] { "email", mail });
                }
                default -> {
                }
                }
            }
            planted.put("o" + i, values);
            originalValues.add(values);
            originals.add(text);
            lines.add("{\"id\":\"o" + i + "\",\"text\":" + json(text) + "}");
        }
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines, StandardCharsets.UTF_8);
        String mask = run(enclave, "--data", dir.resolve("ws").toString(), "data", "mask", "--json", in.toString(),
                dir.resolve("masked.jsonl").toString());
        System.out.println("enclave data mask: " + mask);
        // Recall per kind: a planted value is masked when it no longer appears in its record.
        Map<String, String> maskedById = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("masked.jsonl"), StandardCharsets.UTF_8)) {
            var m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(line);
            if (m.find()) {
                maskedById.put(m.group(1), line);
            }
        }
        Map<String, int[]> perKind = new LinkedHashMap<>();
        planted.forEach((id, vals) -> {
            for (String[] v : vals) {
                int[] c = perKind.computeIfAbsent(v[0], k -> new int[2]);
                c[0]++;
                if (!maskedById.get(id).contains(v[1])) {
                    c[1]++;
                }
            }
        });
        var counts = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(mask.substring(mask.indexOf("masked")));
        Map<String, Integer> reported = new HashMap<>();
        while (counts.find()) {
            reported.put(counts.group(1), Integer.parseInt(counts.group(2)));
        }
        perKind.forEach((k, c) -> System.out.printf("%-10s planted %5d, masked %5d: recall %.3f; reported %5d "
                + "(precision at most %.3f)%n", k, c[0], c[1], c[1] / (double) c[0], reported.get(k),
                Math.min(1.0, c[1] / (double) Math.max(1, reported.get(k)))));
        String dedup = run(enclave, "--data", dir.resolve("ws").toString(), "data", "dedup", "--json", in.toString(),
                dir.resolve("dedup.jsonl").toString());
        int clustered = 0;
        var matcher = Pattern.compile("\"d\\d+\"").matcher(dedup);
        while (matcher.find()) {
            clustered++;
        }
        System.out.println("planted near duplicates: " + plantedDuplicates + ", found in clusters: " + clustered
                + "; " + dedup.replaceAll(",\"clusters\":.*", "}"));
    }

    static int count(Pattern p, String s) {
        var m = p.matcher(s);
        int c = 0;
        while (m.find()) {
            c++;
        }
        return c;
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
        return out;
    }
}
