package dev.enclave.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import dev.enclave.audit.internal.NameKey;
import dev.enclave.audit.internal.PartyTypes;

/**
 * The guarantee network of a {@link Portfolio} laid out with Eclipse ELK's layered algorithm:
 * one box per party, one routed edge per guarantee (guarantor → beneficiary), with the
 * parties and edges of guarantee circles and mutual pairs flagged. Headless (no SWT, no AWT):
 * the workbench draws it with SWT, the working paper with Java2D. Coordinates are in
 * abstract pixels with the origin at the top left of the drawing. Thread-safe.
 */
public final class NetworkLayout {
    /** Height of a party's box. */
    public static final double NODE_HEIGHT = 34;
    /** Width of one label character (CJK glyphs are roughly square; 15 px leaves room for the workbench font). */
    private static final double CHAR_WIDTH = 15;
    private static final Object REGISTRATION = new Object();
    private static boolean registered;

    /**
     * One party.
     *
     * @param name   the name as the portfolio resolved it
     * @param person whether the party is a natural person (else a company)
     * @param report the source of the report whose borrower this party is, or {@code null}
     * @param circle whether the party lies on a guarantee circle
     * @param mutual whether the party belongs to a mutual-guarantee pair
     */
    public record Node(String name, boolean person, String report, double x, double y, double width, double height,
            boolean circle, boolean mutual) {

        /** Whether the point lies inside this node's box. */
        public boolean contains(double px, double py) {
            return px >= x && px <= x + width && py >= y && py <= y + height;
        }
    }

    /**
     * One guarantee, routed: {@code points} runs from the guarantor's box to the beneficiary's,
     * with ELK's bend points in between ({@code [x, y]} each, at least two).
     */
    public record Edge(String guarantor, String beneficiary, List<double[]> points, boolean circle, boolean mutual) {
    }

    /** The laid-out network; {@code width} and {@code height} bound every node and edge. */
    public record Layout(List<Node> nodes, List<Edge> edges, double width, double height) {

        /** The node at a point, or {@code null}. */
        public Node nodeAt(double x, double y) {
            for (Node n : nodes) {
                if (n.contains(x, y)) {
                    return n;
                }
            }
            return null;
        }

        /** The node of a party by its resolved name, or {@code null}. */
        public Node node(String name) {
            for (Node n : nodes) {
                if (n.name().equals(name)) {
                    return n;
                }
            }
            return null;
        }
    }

    private NetworkLayout() {
    }

    /**
     * Lays out the portfolio's guarantee edges (parties without an edge are left out).
     *
     * @return an empty layout (no nodes, size 0) for a portfolio without guarantees
     */
    public static Layout of(Portfolio portfolio) {
        registerOnce();
        List<String> names = new ArrayList<>();
        for (List<String> e : portfolio.guaranteeEdges()) {
            for (String n : e) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        if (names.isEmpty()) {
            return new Layout(List.of(), List.of(), 0, 0);
        }
        Set<String> onCircle = new HashSet<>();
        Set<String> circleEdges = new HashSet<>();
        for (List<String> c : portfolio.circles()) {
            onCircle.addAll(c);
            for (int i = 0; i < c.size(); i++) {
                circleEdges.add(pair(c.get(i), c.get((i + 1) % c.size())));
            }
        }
        Set<String> inPair = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        for (List<String> m : portfolio.mutualPairs()) {
            inPair.addAll(m);
            pairs.add(pair(m.get(0), m.get(1)));
        }
        Map<String, String> reports = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (CreditReport r : portfolio.reports()) {
            if (r.borrower().name() != null) {
                reports.putIfAbsent(NameKey.of(r.borrower().name()), r.source());
                types.putIfAbsent(NameKey.of(r.borrower().name()), "company");
            }
            for (CreditReport.Guarantee g : r.guarantees()) {
                if (g.guarantor() != null && g.guarantorType() != null) {
                    types.putIfAbsent(NameKey.of(g.guarantor()), g.guarantorType());
                }
            }
        }

        ElkNode graph = ElkGraphUtil.createGraph();
        graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        graph.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        graph.setProperty(CoreOptions.SPACING_NODE_NODE, 36.0);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 56.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 18.0);
        graph.setProperty(CoreOptions.PADDING, new ElkPadding(20));
        Map<String, ElkNode> elk = new LinkedHashMap<>();
        for (String n : names) {
            ElkNode node = ElkGraphUtil.createNode(graph);
            node.setIdentifier("n" + elk.size());
            node.setDimensions(Math.max(72, n.length() * CHAR_WIDTH + 28), NODE_HEIGHT);
            elk.put(n, node);
        }
        List<ElkEdge> elkEdges = new ArrayList<>();
        for (List<String> e : portfolio.guaranteeEdges()) {
            elkEdges.add(ElkGraphUtil.createSimpleEdge(elk.get(e.get(0)), elk.get(e.get(1))));
        }
        new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, ElkNode> e : elk.entrySet()) {
            ElkNode n = e.getValue();
            String key = NameKey.of(e.getKey());
            String type = types.get(key);
            boolean person = type != null ? "person".equals(type) : !PartyTypes.isCompany(e.getKey());
            nodes.add(new Node(e.getKey(), person, reports.get(key), n.getX(), n.getY(), n.getWidth(), n.getHeight(),
                    onCircle.contains(e.getKey()), inPair.contains(e.getKey())));
        }
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < elkEdges.size(); i++) {
            List<String> e = portfolio.guaranteeEdges().get(i);
            List<double[]> points = new ArrayList<>();
            ElkEdge ee = elkEdges.get(i);
            if (ee.getSections().isEmpty()) {
                points.add(center(elk.get(e.get(0))));
                points.add(center(elk.get(e.get(1))));
            } else {
                ElkEdgeSection s = ee.getSections().get(0);
                points.add(new double[] { s.getStartX(), s.getStartY() });
                for (ElkBendPoint b : s.getBendPoints()) {
                    points.add(new double[] { b.getX(), b.getY() });
                }
                points.add(new double[] { s.getEndX(), s.getEndY() });
            }
            String ends = pair(e.get(0), e.get(1));
            edges.add(new Edge(e.get(0), e.get(1), List.copyOf(points), circleEdges.contains(ends), pairs.contains(ends)));
        }
        return new Layout(List.copyOf(nodes), List.copyOf(edges), graph.getWidth(), graph.getHeight());
    }

    /** An unordered pair of names as one key. */
    private static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + '\u0000' + b : b + '\u0000' + a;
    }

    private static double[] center(ElkNode n) {
        return new double[] { n.getX() + n.getWidth() / 2, n.getY() + n.getHeight() / 2 };
    }

    /** ELK finds its algorithms through registered metadata; plain Java registers them itself. */
    private static void registerOnce() {
        synchronized (REGISTRATION) {
            if (!registered) {
                LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
                registered = true;
            }
        }
    }
}
