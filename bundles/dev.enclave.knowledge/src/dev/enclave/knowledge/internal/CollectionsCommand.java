package dev.enclave.knowledge.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.enclave.cli.CliContext;
import dev.enclave.cli.CommandContribution;
import dev.enclave.core.AccessPolicy;
import dev.enclave.core.EnclaveException;
import dev.enclave.knowledge.IndexedDocument;
import dev.enclave.knowledge.KnowledgeBase;
import dev.enclave.knowledge.SolrCloudTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code enclave collections list|documents|delete|create|grant}: the workspace's knowledge collections, the
 * documents of one that the user may read, deleting a document, creating a collection with its write roles and
 * granting more. Every listing is filtered by the user's roles.
 */
@Component(service = CommandContribution.class)
public final class CollectionsCommand implements CommandContribution {
    @Reference
    private KnowledgeBase kb;

    @Override
    public Object createCommand(CliContext context) {
        return new Collections(context, kb);
    }

    @Command(name = "collections", mixinStandardHelpOptions = true, description = {
            "List knowledge collections and their documents; delete a document; create a collection and grant who "
                    + "may write into it.", "列出知识库集合及其文档；删除文档；创建集合并授予写入角色。" })
    static final class Collections {
        private final CliContext ctx;
        private final KnowledgeBase kb;

        Collections(CliContext ctx, KnowledgeBase kb) {
            this.ctx = ctx;
            this.kb = kb;
        }

        @Command(name = "list", description = { "The workspace's collections.", "列出工作区的集合。" })
        void list() {
            List<String> names = kb.collections(ctx.workspace());
            if (ctx.json()) {
                ctx.out().println(KnowledgeCommands.JSON.toJson(Map.of("collections", names)));
            } else if (names.isEmpty()) {
                ctx.out().println("No collections.");
            } else {
                names.forEach(ctx.out()::println);
            }
        }

        @Command(name = "documents", description = { "The documents of a collection that you may read.",
                "列出集合中您可读取的文档。" })
        void documents(@Option(names = "--collection", required = true, paramLabel = "NAME",
                description = { "The collection.", "集合名称。" }) String collection) {
            requireCollection(collection);
            List<IndexedDocument> docs = kb.documents(ctx.workspace(), ctx.subject(), collection);
            if (ctx.json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (IndexedDocument d : docs) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("doc_id", d.docId());
                    m.put("source", d.source());
                    m.put("type", d.type());
                    m.put("size", d.size());
                    m.put("acl", d.acl());
                    m.put("chunks", d.chunks());
                    m.put("modified", d.modified() == null ? null : d.modified().toString());
                    m.put("sha256", d.hash());
                    m.put("ingested_by", d.ingestedBy());
                    rows.add(m);
                }
                ctx.out().println(KnowledgeCommands.JSON.toJson(Map.of("documents", rows)));
            } else {
                for (IndexedDocument d : docs) {
                    ctx.out().printf("%s  %s  %d bytes  %d chunks  roles %s%n", d.docId(), d.source(), d.size(),
                            d.chunks(), String.join(",", d.acl()));
                }
                if (docs.isEmpty()) {
                    ctx.out().println("No documents you may read.");
                }
            }
        }

        @Command(name = "delete", description = { "Delete a document (by its path as ingested, or its id).",
                "删除文档（按导入路径或文档编号）。" })
        void delete(@Option(names = "--collection", required = true, paramLabel = "NAME",
                description = { "The collection.", "集合名称。" }) String collection,
                @Parameters(paramLabel = "PATH|ID", arity = "1", description = {
                        "The document's path as ingested, or its id.", "文档的导入路径或编号。" }) String document) {
            requireCollection(collection);
            if (!kb.delete(ctx.workspace(), ctx.subject(), collection, document)) {
                throw EnclaveException.badInput("No document '" + document + "' that you may read in collection '"
                        + collection + "'; see 'enclave collections documents --collection " + collection + "'.");
            }
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("collection", collection);
                m.put("deleted", document);
                ctx.out().println(KnowledgeCommands.JSON.toJson(m));
            } else {
                ctx.out().printf("Deleted %s from %s.%n", document, collection);
            }
        }

        @Command(name = "create", description = { "Create an empty collection that you own.",
                "创建一个由您拥有的空集合。" })
        void create(@Parameters(paramLabel = "NAME", arity = "1", description = { "The collection.", "集合名称。" })
                String collection,
                @Option(names = "--write-roles", split = ",", paramLabel = "ROLE[,ROLE…]", description = {
                        "Roles that may ingest into it besides you and administrators (default: none).",
                        "除您和管理员外可向其导入文档的角色（默认：无）。" }) String[] writeRoles,
                @Option(names = "--no-vectors", description = { "Keyword search only (no embeddings).",
                        "仅关键词检索（不含向量）。" }) boolean noVectors,
                @Option(names = "--backend", paramLabel = "embedded|solrcloud", defaultValue = "embedded",
                        description = { "Where its index lives: the embedded Lucene index (default) or SolrCloud.",
                                "索引所在：内置 Lucene 索引（默认）或 SolrCloud。" }) String backend,
                @Option(names = "--zk", paramLabel = "HOST:PORT[/chroot]", description = {
                        "ZooKeeper of the SolrCloud (with --backend solrcloud).",
                        "SolrCloud 的 ZooKeeper 地址（与 --backend solrcloud 一起使用）。" }) String zk,
                @Option(names = "--shards", paramLabel = "N", defaultValue = "1", description = {
                        "Shards of the SolrCloud collection (default 1).", "SolrCloud 集合的分片数（默认 1）。" })
                int shards,
                @Option(names = "--replicas", paramLabel = "M", defaultValue = "1", description = {
                        "Replicas of each shard (default 1; 2 or more keep searches answering when a node stops).",
                        "每个分片的副本数（默认 1；2 个或以上可在节点停止时继续检索）。" }) int replicas) {
            SolrCloudTarget solr;
            switch (backend) {
                case "embedded" -> {
                    if (zk != null) {
                        throw EnclaveException.badInput("--zk needs --backend solrcloud.");
                    }
                    solr = null;
                }
                case LuceneKnowledgeBase.SOLRCLOUD -> {
                    if (zk == null) {
                        throw EnclaveException.badInput("--backend solrcloud needs ZooKeeper's address: "
                                + "--zk HOST:PORT[/chroot].");
                    }
                    solr = new SolrCloudTarget(zk, shards, replicas);
                }
                default -> throw EnclaveException.badInput("Unknown --backend '" + backend
                        + "': use embedded or solrcloud.");
            }
            AccessPolicy.WriteRights r = kb.create(ctx.workspace(), ctx.subject(), collection,
                    writeRoles == null ? List.of() : Arrays.asList(writeRoles), !noVectors, solr);
            print(r, "Created");
        }

        @Command(name = "grant", description = { "Let more roles ingest into a collection (its owner or an administrator).",
                "允许更多角色向集合导入文档（集合所有者或管理员）。" })
        void grant(@Parameters(paramLabel = "NAME", arity = "1", description = { "The collection.", "集合名称。" })
                String collection,
                @Option(names = "--write-roles", split = ",", required = true, paramLabel = "ROLE[,ROLE…]",
                        description = { "Roles that may ingest into it from now on.", "今后可向其导入文档的角色。" })
                String[] writeRoles) {
            requireCollection(collection);
            print(kb.grant(ctx.workspace(), ctx.subject(), collection, Arrays.asList(writeRoles)), "Granted");
        }

        private void print(AccessPolicy.WriteRights r, String verb) {
            if (ctx.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("collection", r.name());
                m.put("owner", r.owner());
                m.put("write_roles", r.writeRoles());
                ctx.out().println(KnowledgeCommands.JSON.toJson(m));
            } else {
                ctx.out().printf("%s %s: owner %s, write roles %s%n", verb, r.name(), r.owner(),
                        r.writeRoles().isEmpty() ? "none" : String.join(",", r.writeRoles()));
            }
        }

        private void requireCollection(String collection) {
            List<String> names = kb.collections(ctx.workspace());
            if (!names.contains(collection)) {
                throw EnclaveException.badInput("No collection '" + collection + "'. Collections: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ".");
            }
        }
    }
}
