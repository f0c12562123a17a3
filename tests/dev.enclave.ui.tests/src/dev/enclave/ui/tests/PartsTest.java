package dev.enclave.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import dev.enclave.core.AuditVerification;
import dev.enclave.core.DomainPack;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.ui.Screenshots;
import dev.enclave.ui.internal.parts.AuditLogPart;
import dev.enclave.ui.internal.parts.HomePart;
import dev.enclave.ui.internal.parts.DatasetsPart;
import dev.enclave.ui.internal.parts.EvaluationPart;
import dev.enclave.ui.internal.parts.TrainingPart;
import dev.enclave.ui.internal.parts.ModelsPart;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.Scorecard;
import dev.enclave.ui.internal.parts.PacksPart;
import dev.enclave.tests.support.WidgetTree;
import dev.enclave.tests.support.Workspaces;
import dev.enclave.tests.support.Fixtures;
import dev.enclave.tests.support.Ui;
import dev.enclave.tests.support.PartHarness;

/** Creates the real parts with real widgets under Xvfb, over a real workspace and the real DS services. */
class PartsTest {
    @TempDir
    Path dir;

    private PartHarness ui;
    private Shell shell;
    private Workspace workspace;
    private Subject subject;

    @BeforeEach
    void setUp() {
        workspace = Workspaces.open(dir.resolve("ws"), "it-admin");
        subject = workspace.security().login("it-admin", null);
        ui = new PartHarness(workspace, subject);
        shell = ui.shell();
    }

    @AfterEach
    void tearDown() {
        ui.close();
    }

    private <T> T make(Class<T> partClass) {
        return ui.make(partClass);
    }

    /** A part made in a new composite, driven through its widgets. */
    private PartDriver drive(Class<?> partClass) {
        ui.make(partClass);
        return new PartDriver(ui.lastParent());
    }

    /** A Datasets part, driven through its widgets. */
    private DatasetsPartDriver datasets() {
        ui.make(DatasetsPart.class);
        return new DatasetsPartDriver(ui.lastParent());
    }

    private void spin() {
        ui.spin(300);
    }

    private void spinUntil(java.util.function.BooleanSupplier done, String what) {
        ui.spinUntil(done, what);
    }

    @Test
    void modelsPartLoadsGeneratesAndComparesEmbeddings() throws Exception {
        Path fixture = Fixtures.model("qwen2-tiny");
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ModelRegistry registry = bc.getService(bc.getServiceReference(ModelRegistry.class));
        registry.add(workspace, subject, fixture, "qwen2-tiny", dev.enclave.core.Progress.silent());
        PartDriver part = drive(ModelsPart.class);
        part.selectRow(part.table(0), "qwen2-tiny");
        part.press("models.load");
        spinUntil(() -> part.status().contains("qwen2-tiny") && !part.status().contains("…"), "the model to load");
        part.check("models.chatMode", false);
        part.type("models.prompt", "授信调查报告");
        part.press("models.send");
        spinUntil(() -> part.status().contains("tok/s") && part.button("models.send").isEnabled(),
                "the generation to finish");
        assertFalse(part.output().isEmpty(), "tokens were streamed into the output");
        part.check("models.chatMode", true);
        part.type("models.prompt", "借款人是谁？");
        part.press("models.send");
        spinUntil(() -> workspace.auditLog().tail(3).stream().anyMatch(e -> e.action().equals("model.chat")),
                "the chat reply");
        assertTrue(part.output().contains("> 借款人是谁？"), part.output());
        part.press("models.compare");
        spinUntil(() -> part.labelAfterButton("models.compare").contains("cosine"), "the embedding comparison");
        String cosine = part.labelAfterButton("models.compare");
        double cos = Double.parseDouble(cosine.replaceAll("[^0-9.]", ""));
        assertTrue(cos > 0.7 && cos < 0.9, cosine);
        Screenshots.save(shell, screenshot("models.png"));
        assertTrue(workspace.auditLog().tail(10).stream().anyMatch(e -> e.action().equals("model.generate")));
    }

    @Test
    void modelsPartListsARemoteModelWithItsKindAndUrl() throws Exception {
        // The manifest 'enclave model add-remote' writes (releng/docs/contracts.md); listing needs no server.
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ModelRegistry registry = bc.getService(bc.getServiceReference(ModelRegistry.class));
        Path folder = Files.createDirectories(registry.modelsFolder(workspace).resolve("gpu-qwen"));
        Files.writeString(folder.resolve("enclave-model.json"), "{\"name\": \"gpu-qwen\", \"format\": \"remote\", "
                + "\"kind\": \"chat\", \"url\": \"http://gpu-box:8080/v1\", \"remote_model\": \"qwen2.5-7b\"}\n");
        PartDriver part = drive(ModelsPart.class);
        org.eclipse.swt.widgets.TableItem row = java.util.Arrays.stream(part.table(0).getItems())
                .filter(i -> i.getText(0).equals("gpu-qwen")).findFirst().orElseThrow();
        assertEquals("remote", row.getText(1));
        assertEquals("decoder", row.getText(2));
        assertEquals("qwen2.5-7b", row.getText(4));
        assertEquals("remote", row.getText(5));
        assertEquals("http://gpu-box:8080/v1", row.getText(6));
        part.selectRow(part.table(0), "gpu-qwen");
        org.eclipse.swt.widgets.Control[] besideFiles = part.table(1).getParent().getChildren();
        String details = ((org.eclipse.swt.widgets.Label) besideFiles[besideFiles.length - 1]).getText();
        assertEquals("qwen2.5-7b @ http://gpu-box:8080/v1 (chat)", details);
    }

    @Test
    void datasetsPartHighlightsAndMasksThenTrainingPartFineTunes() throws Exception {
        Path data = Files.writeString(dir.resolve("credit.jsonl"), String.join("\n",
                "{\"instruction\":\"联系人是谁？\",\"input\":\"联系人：赵敏，电话13912345678\",\"output\":\"赵敏\"}",
                "{\"instruction\":\"保证人是谁？\",\"input\":\"\",\"output\":\"绍兴示例化纤有限公司\"}",
                "{\"instruction\":\"保证人是谁？\",\"input\":\"\",\"output\":\"绍兴示例化纤有限公司\"}",
                "{\"instruction\":\"What pattern is on wafer W07?\",\"input\":\"\",\"output\":\"Edge-Ring\"}") + "\n",
                StandardCharsets.UTF_8);
        DatasetsPartDriver datasets = datasets();
        datasets.open(data);
        String stats = datasets.label("stats");
        assertTrue(stats.startsWith("4 records"), stats);
        assertTrue(stats.contains("1"), "one exact duplicate: " + stats);
        assertTrue(datasets.highlights() >= 2, "name and mobile highlighted: " + datasets.highlights());
        datasets.press("data.mask");
        Path masked = dir.resolve("credit-masked.jsonl");
        assertTrue(Files.readString(masked).contains("[手机号]"), "a plain file gets its result beside it");

        // In the workspace every step is a version with its lineage.
        datasets.open(data);
        datasets.press("data.import");
        datasets.press("data.clean");
        datasets.press("data.mask");
        datasets.press("data.dedup");
        String chain = datasets.label("lineage");
        assertEquals(4, datasets.versionRows(), "four versions listed");
        assertTrue(chain.contains("v1 import (4)") && chain.contains("v3 mask (4)") && chain.contains("v4 dedup (3)"),
                chain);
        String latest = Files.readString(dir.resolve("ws/studio/datasets/credit/v4.jsonl"));
        assertTrue(latest.contains("[手机号]") && !latest.contains("13912345678"), latest);
        Screenshots.save(shell, screenshot("datasets.png"));

        Path fixture = Fixtures.model("qwen2-tiny");
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ModelRegistry registry = bc.getService(bc.getServiceReference(ModelRegistry.class));
        registry.add(workspace, subject, fixture, "qwen2-tiny", dev.enclave.core.Progress.silent());
        PartDriver training = drive(TrainingPart.class);
        training.choose("train.base", "qwen2-tiny");
        training.type("train.data", "ds:credit");
        training.type("train.out", dir.resolve("adapter").toString());
        training.spin("train.epochs", 12);
        training.type("train.lr", "0.03");
        training.type("train.targets", "q_proj,v_proj,up_proj,down_proj");
        training.press("train.start");
        spinUntil(() -> training.status().contains("→") || training.status().startsWith("Failed"), "training to finish");
        assertTrue(training.status().contains("→"), training.status());
        List<Double> losses = new com.google.gson.Gson().fromJson(com.google.gson.JsonParser
                .parseString(Files.readString(dir.resolve("adapter/training.json"))).getAsJsonObject()
                .get("loss_curve"), new com.google.gson.reflect.TypeToken<List<Double>>() { }.getType());
        assertTrue(losses.size() >= 12 && losses.get(losses.size() - 1) < losses.get(0), losses.toString());
        String[] shownLoss = training.status().replaceAll("^[^0-9]*", "").split(" → ");
        assertEquals(String.format("%.4f", losses.get(0)), shownLoss[0].trim(), "the first loss is shown");
        assertTrue(Files.exists(dir.resolve("adapter/adapter_model.safetensors")));
        Screenshots.save(shell, screenshot("training.png"));

        // The new version's scorecard beside its base's.
        PartDriver evaluation = drive(EvaluationPart.class);
        org.eclipse.swt.widgets.Table cardTable = evaluation.table(0);
        evaluation.choose("eval.model", "qwen2-tiny");
        evaluation.type("eval.data", "ds:credit");
        evaluation.spin("eval.limit", 0);
        evaluation.press("eval.score");
        spinUntil(() -> cardTable.getItemCount() == 1 && evaluation.button("eval.score").isEnabled()
                || evaluation.status().startsWith("Failed"), "the base model's scorecard");
        evaluation.type("eval.adapter", dir.resolve("adapter").toString());
        evaluation.press("eval.score");
        spinUntil(() -> cardTable.getItemCount() == 2 || evaluation.status().startsWith("Failed"),
                "the fine-tuned version's scorecard");
        List<Scorecard> cards = bc.getService(bc.getServiceReference(ModelEvaluation.class)).scorecards(workspace);
        assertEquals(2, cards.size(), evaluation.status());
        Scorecard tuned = cards.stream().filter(c -> c.model().contains("+adapter")).findFirst().orElseThrow();
        Scorecard base = cards.stream().filter(c -> !c.model().contains("+")).findFirst().orElseThrow();
        assertTrue(tuned.loss() < base.loss(), "fine-tuning lowered the loss: " + base.loss() + " -> " + tuned.loss());
        evaluation.selectRows(cardTable, 2);
        String compared = evaluation.all(org.eclipse.swt.custom.StyledText.class).get(0).getText();
        assertTrue(compared.contains("token_f1") && compared.contains(tuned.modelVersion())
                && compared.contains(base.modelVersion()), compared);
        spin();
        Screenshots.save(shell, screenshot("evaluation.png"));

        // The Models part shows the base model's version and its scorecard.
        PartDriver models = drive(ModelsPart.class);
        models.selectRow(models.table(0), "qwen2-tiny");
        org.eclipse.swt.widgets.Control[] besideFiles = models.table(1).getParent().getChildren();
        String lineage = ((org.eclipse.swt.widgets.Label) besideFiles[besideFiles.length - 1]).getText();
        assertTrue(lineage.contains(base.modelVersion()) && lineage.contains("v4.jsonl"), lineage);
    }

    private static Path screenshot(String name) {
        return Ui.screenshot(name);
    }

    record Pack(String id) implements DomainPack {
        @Override
        public String name() {
            return "信贷审计 Credit audit";
        }

        @Override
        public String version() {
            return "2.1.0";
        }

        @Override
        public String description() {
            return "test pack";
        }

        @Override
        public List<String> contributions() {
            return List.of("audit extract");
        }
    }

    @Test
    void datasetsPartImportsAKnowledgeCollectionAsADataset() throws Exception {
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        dev.enclave.knowledge.KnowledgeBase kb = bc.getService(bc.getServiceReference(dev.enclave.knowledge.KnowledgeBase.class));
        Path sop = Files.writeString(dir.resolve("sop.md"), "# 清洗规程\n\n设备清洗每周一次，使用去离子水冲洗两遍。\n",
                StandardCharsets.UTF_8);
        kb.ingest(workspace, subject, "fab", List.of(sop), List.of("admin"), false, dev.enclave.core.Progress.silent());
        DatasetsPartDriver datasets = datasets();
        datasets.importFrom("knowledge", "fab", "fab-text");
        Path v1 = dir.resolve("ws/studio/datasets/fab-text/v1.jsonl");
        spinUntil(() -> datasets.label("status").contains("fab-text") || datasets.label("status").startsWith("Failed"),
                "the import job");
        assertTrue(datasets.label("status").contains("fab-text"), datasets.label("status"));
        assertTrue(Files.readString(v1, StandardCharsets.UTF_8).contains("去离子水"));
        assertEquals(1, datasets.versionRows(), "the new version is listed");
        spin();
        Screenshots.save(shell, screenshot("datasets-from-source.png"));

        datasets.importFrom("knowledge", "", "x");
        assertTrue(datasets.label("status").contains("COLLECTION"), "the missing argument is named: "
                + datasets.label("status"));
    }

    @Test
    void jobsPartShowsProgressAndCancelsARunningJob() throws Exception {
        dev.enclave.ui.internal.parts.JobsPart jobs = make(dev.enclave.ui.internal.parts.JobsPart.class);
        java.util.concurrent.CountDownLatch halfway = new java.util.concurrent.CountDownLatch(1);
        org.eclipse.core.runtime.jobs.Job job = org.eclipse.core.runtime.jobs.Job.create("Import test folder", monitor -> {
            dev.enclave.core.Progress p = new dev.enclave.ui.UiProgress(monitor);
            p.begin("reading files", 10);
            for (int i = 0; i < 10; i++) {
                if (p.isCanceled()) {
                    return org.eclipse.core.runtime.Status.CANCEL_STATUS;
                }
                p.worked(1);
                if (i == 3) {
                    halfway.countDown();
                }
                if (i >= 3) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return org.eclipse.core.runtime.Status.CANCEL_STATUS;
                    }
                }
            }
            return org.eclipse.core.runtime.Status.OK_STATUS;
        });
        job.setUser(true);
        job.schedule();
        assertTrue(halfway.await(30, java.util.concurrent.TimeUnit.SECONDS));
        spinUntil(() -> jobs.shown().stream().anyMatch(r -> r[0].equals("Import test folder") && r[1].equals("Running")
                && !r[2].isEmpty()), "the running job with its progress");
        String[] row = jobs.shown().stream().filter(r -> r[0].equals("Import test folder")).findFirst().orElseThrow();
        assertEquals("reading files", row[3]);
        assertTrue(Integer.parseInt(row[2].replace(" %", "")) >= 40, row[2]);
        spin();
        Screenshots.save(shell, screenshot("jobs.png"));
        assertTrue(jobs.select("Import test folder"));
        jobs.cancelSelected();
        spinUntil(() -> jobs.shown().stream().anyMatch(r -> r[0].equals("Import test folder") && r[1].equals("Cancelled")),
                "the job to stop");
        assertTrue(Integer.parseInt(jobs.shown().get(0)[2].replace(" %", "")) < 100, "stopped before the end");
    }

    @Test
    void homeShowsUserRolesWorkspaceAndPacksLive() throws Exception {
        HomePart home = make(HomePart.class);
        String[] shown = home.shownTexts();
        assertEquals("it-admin", shown[0]);
        assertEquals("admin", shown[1]);
        assertEquals(workspace.root().toString(), shown[2]);
        assertTrue(shown[3].startsWith("0 in the models folder") && shown[3].contains("bge-small-zh-v1.5"), shown[3]);
        int before = home.shownPackCount();

        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<DomainPack> reg = bc.registerService(DomainPack.class, new Pack("test.audit"), null);
        spin();
        assertEquals(before + 1, home.shownPackCount(), "a pack that arrives shows up without a restart");
        org.eclipse.swt.widgets.Table packTable = WidgetTree.all(ui.lastParent(), org.eclipse.swt.widgets.Table.class).get(0);
        int row = java.util.stream.IntStream.range(0, packTable.getItemCount())
                .filter(i -> packTable.getItem(i).getText(0).equals("test.audit")).findFirst().orElseThrow();
        packTable.setSelection(row);
        packTable.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertTrue(WidgetTree.all(ui.lastParent(), org.eclipse.swt.widgets.Label.class).stream()
                .anyMatch(l -> l.getText().contains("• audit extract")), "the selected pack's additions, one a line");
        Path png = screenshot("home.png");
        Screenshots.save(shell, png);
        assertTrue(Files.size(png) > 2000, "screenshot written: " + png);
        reg.unregister();
        spin();
        assertEquals(before, home.shownPackCount(), "a pack that leaves disappears");
    }

    @Test
    void auditLogFiltersAndVerifies() throws Exception {
        workspace.security().putUser(subject, "zhang.san", List.of("auditor"));
        workspace.security().putUser(subject, "li.si", List.of("engineer"));
        AuditLogPart part = make(AuditLogPart.class);
        assertEquals(3, part.shownRows(), "workspace.create and two users.put");
        part.setFilter("zhang");
        spin();
        assertEquals(1, part.shownRows());
        part.setFilter("");
        AuditVerification ok = part.verify();
        assertTrue(ok.intact());
        assertTrue(part.statusText().contains("3"), part.statusText());
        Screenshots.save(shell, screenshot("auditlog.png"));

        Path log = workspace.root().resolve("audit/audit.jsonl");
        Files.writeString(log, Files.readString(log, StandardCharsets.UTF_8).replace("li.si", "li.wu"),
                StandardCharsets.UTF_8);
        AuditVerification bad = part.verify();
        assertFalse(bad.intact());
        assertTrue(part.statusText().contains("Entry 3"), part.statusText());
    }

    @Test
    void packsPartListsActivePacksAndExplainsWhyInstallIsUnavailableHere() {
        BundleContext bc = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<DomainPack> reg = bc.registerService(DomainPack.class, new Pack("test.packs"), null);
        try {
            PacksPart part = make(PacksPart.class);
            assertTrue(part.activePackRows() >= 1);
            assertTrue(part.statusText().contains("p2 profile"), "the test framework is not an installed product: "
                    + part.statusText());
            Screenshots.save(shell, screenshot("packs.png"));
        } finally {
            reg.unregister();
        }
    }
}
