/*
 * Times the credit-audit guarantee analysis on dense portfolios (issue 22): N companies that all
 * guarantee each other (the case that ran out of memory at 12 when every simple cycle was
 * listed), and 1,000 companies each guaranteeing K others at random (seeded). Prints the time, the
 * heap in use after the analysis, and what was found; the promise is 12 complete < 1 s and 1,000
 * dense < 10 s with bounded memory.
 *
 *   java -Xmx1g -cp "$(tests/benchmarks/audit-classpath.sh)" tests/benchmarks/GuaranteeBench.java [K]
 */
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.enclave.audit.CreditReport;
import dev.enclave.audit.CreditReport.Borrower;
import dev.enclave.audit.CreditReport.Facility;
import dev.enclave.audit.CreditReport.Guarantee;
import dev.enclave.audit.Portfolio;
import dev.enclave.audit.internal.DefaultPortfolioAnalyzer;

public class GuaranteeBench {
    static String name(int i) {
        return "测试" + i + "号实业有限公司";
    }

    static CreditReport report(int i, List<Integer> guaranteed) {
        List<Guarantee> gs = new ArrayList<>();
        for (int j : guaranteed) {
            gs.add(new Guarantee(name(i), "company", name(j), "连带责任保证", 10_000_000L));
        }
        return new CreditReport("r" + i + ".txt", new Borrower(name(i), null, null, null, null, null, null, null),
                new Facility("流动资金贷款", 10_000_000L, 12, null, null, null), List.of(), gs, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());
    }

    static void run(String label, List<CreditReport> reports) {
        System.gc();
        long t0 = System.nanoTime();
        Portfolio p = new DefaultPortfolioAnalyzer().analyze(reports);
        double s = (System.nanoTime() - t0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        long mb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("%-34s %7.3f s  heap %5d MB  edges %7d  circles %3d  mutual pairs %4d  findings %5d%n", label, s,
                mb, p.guaranteeEdges().size(), p.circles().size(), p.mutualPairs().size(), p.findings().size());
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        for (int n : new int[] { 10, 11, 12, 40 }) {
            List<CreditReport> rs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Integer> to = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        to.add(j);
                    }
                }
                rs.add(report(i, to));
            }
            run(n + " complete", rs);
        }
        Random rnd = new Random(20261207L);
        List<CreditReport> rs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            List<Integer> to = new ArrayList<>();
            while (to.size() < k) {
                int j = rnd.nextInt(1000);
                if (j != i && !to.contains(j)) {
                    to.add(j);
                }
            }
            rs.add(report(i, to));
        }
        run("1000 dense (" + k + " each)", rs);
        run("1000 dense again (warm JIT)", rs);
    }
}
