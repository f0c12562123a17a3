package dev.enclave.audit.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.TarjanSimpleCycles;
import org.jgrapht.graph.DefaultEdge;

/**
 * The cycles of a guarantee graph, found in bounded time and memory however dense the graph is.
 * Listing every simple cycle is exponential (12 companies that all guarantee each other have
 * about 10^8 of them), so the graph is first split into strongly connected components (JGraphT):
 * every cycle lies inside one. A small component keeps the exact answer (every simple cycle,
 * enumerated while their number stays under {@link #EXACT_LIMIT}); a larger or denser one is
 * reported as one component: its members, its mutual pairs (up to {@link #MAX_PAIRS}) and up to
 * {@link #MAX_EXAMPLES} example circles of three or more parties, shortest first, found by
 * breadth-first search.
 */
final class GuaranteeCycles {
    /** Components of at most this many parties are enumerated exactly. */
    static final int EXACT_SIZE = 10;
    /** An exact enumeration stops (and the component is reported as a whole) past this many cycles. */
    static final int EXACT_LIMIT = 200;
    /** Example circles reported per component. */
    static final int MAX_EXAMPLES = 10;
    /** Mutual pairs reported per component. */
    static final int MAX_PAIRS = 200;

    /**
     * One strongly connected component with what it holds.
     *
     * @param members  its parties, sorted
     * @param circles  cycles of three or more parties (all of them when {@code exact}, else examples)
     * @param mutual   pairs that guarantee each other (all when {@code mutualCount} equals its size)
     * @param exact    whether {@code circles} lists every simple cycle
     * @param mutualCount how many mutual pairs the component holds
     * @param onCircle the members that lie on a circle of three or more parties
     */
    record Component(List<String> members, List<List<String>> circles, List<List<String>> mutual, boolean exact,
            int mutualCount, Set<String> onCircle) {
    }

    /** Edge visits all searches for example circles of one analysis may make, bounding the time. */
    static final long SEARCH_BUDGET = 20_000_000L;

    private GuaranteeCycles() {
    }

    /** The components of two or more parties, largest first. */
    static List<Component> of(Graph<String, DefaultEdge> g) {
        List<Component> out = new ArrayList<>();
        long[] budget = { SEARCH_BUDGET };
        for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
            if (scc.size() >= 2) {
                out.add(component(g, scc, budget));
            }
        }
        out.sort(Comparator.comparingInt((Component c) -> -c.members().size()).thenComparing(c -> c.members().get(0)));
        return out;
    }

    private static Component component(Graph<String, DefaultEdge> g, Set<String> scc, long[] budget) {
        List<String> members = new ArrayList<>(scc);
        members.sort(null);
        List<List<String>> mutual = new ArrayList<>();
        int mutualCount = 0;
        for (String a : members) {
            for (DefaultEdge e : g.outgoingEdgesOf(a)) {
                String b = g.getEdgeTarget(e);
                if (scc.contains(b) && a.compareTo(b) < 0 && g.containsEdge(b, a)) {
                    mutualCount++;
                    if (mutual.size() < MAX_PAIRS) {
                        mutual.add(List.of(a, b));
                    }
                }
            }
        }
        if (scc.size() <= EXACT_SIZE) {
            List<List<String>> all = exact(g, scc);
            if (all != null) {
                Set<String> on = new HashSet<>();
                all.forEach(on::addAll);
                return new Component(members, all, mutual, true, mutualCount, on);
            }
        }
        Set<String> on = new HashSet<>();
        List<List<String>> examples = examples(g, scc, members, on, budget);
        return new Component(members, examples, mutual, false, mutualCount, on);
    }

    /** Every simple cycle of three or more parties, rotated to start at its least key; null past the limit. */
    private static List<List<String>> exact(Graph<String, DefaultEdge> g, Set<String> scc) {
        Graph<String, DefaultEdge> sub = new org.jgrapht.graph.DefaultDirectedGraph<>(DefaultEdge.class);
        scc.forEach(sub::addVertex);
        for (String a : scc) {
            for (DefaultEdge e : g.outgoingEdgesOf(a)) {
                if (scc.contains(g.getEdgeTarget(e))) {
                    sub.addEdge(a, g.getEdgeTarget(e));
                }
            }
        }
        List<List<String>> out = new ArrayList<>();
        int[] seen = { 0 };
        try {
            new TarjanSimpleCycles<>(sub).findSimpleCycles(c -> {
                if (++seen[0] > EXACT_LIMIT) {
                    throw new TooMany();
                }
                if (c.size() >= 3) {
                    out.add(rotate(c));
                }
            });
        } catch (TooMany e) {
            return null;
        }
        out.sort(Comparator.comparingInt((List<String> c) -> c.size()).thenComparing(c -> String.join("\u0000", c)));
        return out;
    }

    /** Thrown to stop an enumeration that grew past its limit. */
    private static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany() {
            super(null, null, false, false);
        }
    }

    /**
     * Up to {@link #MAX_EXAMPLES} distinct circles of three or more parties: for each party in
     * turn, the shortest one through it (breadth-first from its successors, the party itself left
     * out); the parties with one are added to {@code on}. A component with no such circle (mutual
     * pairs joined as a tree) is detected first. When the search budget is spent, the remaining
     * parties count as on a circle (the component has one).
     */
    private static List<List<String>> examples(Graph<String, DefaultEdge> g, Set<String> scc, List<String> members,
            Set<String> on, long[] budget) {
        List<List<String>> out = new ArrayList<>();
        if (!hasLongCycle(g, scc)) {
            return out;
        }
        Adjacency adj = new Adjacency(g, members);
        Set<String> signatures = new HashSet<>();
        for (int v = 0; v < members.size(); v++) {
            if (budget[0] <= 0) {
                on.add(members.get(v));
                continue;
            }
            int[] c = adj.shortestThrough(v, budget);
            if (c == null) {
                continue;
            }
            on.add(members.get(v));
            List<String> names = new ArrayList<>();
            for (int i : c) {
                names.add(members.get(i));
            }
            if (out.size() < MAX_EXAMPLES && signatures.add(String.join("\u0000", rotate(names)))) {
                out.add(rotate(names));
            }
        }
        out.sort(Comparator.comparingInt((List<String> c) -> c.size()).thenComparing(c -> String.join("\u0000", c)));
        return out;
    }

    /**
     * Whether the component has a cycle of three or more: it has none only when every edge goes
     * both ways and the pairs form a tree (members - 1 pairs).
     */
    private static boolean hasLongCycle(Graph<String, DefaultEdge> g, Set<String> scc) {
        long pairs = 0;
        for (String a : scc) {
            for (DefaultEdge e : g.outgoingEdgesOf(a)) {
                String b = g.getEdgeTarget(e);
                if (!scc.contains(b)) {
                    continue;
                }
                if (!g.containsEdge(b, a)) {
                    return true;
                }
                if (a.compareTo(b) < 0) {
                    pairs++;
                }
            }
        }
        return pairs > scc.size() - 1;
    }

    /** A component's edges by member index, for searches that touch every edge many times. */
    private static final class Adjacency {
        private final int[][] out;
        private final int[] parent;
        private final int[] origin;
        private final int[] stamp;
        private final int[] queue;
        private int round;

        Adjacency(Graph<String, DefaultEdge> g, List<String> members) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < members.size(); i++) {
                index.put(members.get(i), i);
            }
            out = new int[members.size()][];
            for (int i = 0; i < members.size(); i++) {
                List<Integer> to = new ArrayList<>();
                for (DefaultEdge e : g.outgoingEdgesOf(members.get(i))) {
                    Integer j = index.get(g.getEdgeTarget(e));
                    if (j != null && j != i) {
                        to.add(j);
                    }
                }
                out[i] = to.stream().mapToInt(Integer::intValue).toArray();
            }
            parent = new int[members.size()];
            origin = new int[members.size()];
            stamp = new int[members.size()];
            queue = new int[members.size()];
        }

        /** The shortest simple cycle of three or more through {@code v} (from v, without repeating it), or null. */
        int[] shortestThrough(int v, long[] budget) {
            int[] c = search(v, -1, budget);
            if (c != null) {
                return c;
            }
            // the first search stops at successors that lead straight back; start from each alone
            for (int u : out[v]) {
                if (budget[0] <= 0) {
                    return null;
                }
                c = search(v, u, budget);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }

        /**
         * Breadth-first from the successors of v (or from {@code only}), v itself left out, to an
         * edge back to v from a party two or more steps away.
         */
        private int[] search(int v, int only, long[] budget) {
            round++;
            int head = 0;
            int tail = 0;
            stamp[v] = round;
            for (int u : only >= 0 ? new int[] { only } : out[v]) {
                if (stamp[u] != round) {
                    stamp[u] = round;
                    parent[u] = v;
                    origin[u] = u;
                    queue[tail++] = u;
                }
            }
            while (head < tail) {
                int w = queue[head++];
                for (int x : out[w]) {
                    budget[0]--;
                    if (x == v) {
                        if (origin[w] != w) {
                            int n = 1;
                            for (int y = w; y != v; y = parent[y]) {
                                n++;
                            }
                            int[] path = new int[n];
                            int i = n - 1;
                            for (int y = w; y != v; y = parent[y]) {
                                path[i--] = y;
                            }
                            path[0] = v;
                            return path;
                        }
                        continue;
                    }
                    if (stamp[x] != round) {
                        stamp[x] = round;
                        parent[x] = w;
                        origin[x] = origin[w];
                        queue[tail++] = x;
                    }
                }
            }
            return null;
        }
    }

    /** The cycle rotated to start at its least key, so that one cycle has one form. */
    static List<String> rotate(List<String> cycle) {
        int min = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).compareTo(cycle.get(min)) < 0) {
                min = i;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            out.add(cycle.get((min + i) % cycle.size()));
        }
        return out;
    }

    /** The members of the given components as one set. */
    static Set<String> members(List<Component> cs) {
        Set<String> out = new LinkedHashSet<>();
        cs.forEach(c -> out.addAll(c.members()));
        return out;
    }
}
