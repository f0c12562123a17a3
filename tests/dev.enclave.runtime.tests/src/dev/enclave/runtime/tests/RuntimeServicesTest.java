package dev.enclave.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.Progress;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.runtime.EvaluationRequest;
import dev.enclave.runtime.LanguageModel;
import dev.enclave.runtime.LoraSettings;
import dev.enclave.runtime.ModelEvaluation;
import dev.enclave.runtime.ModelRegistry;
import dev.enclave.runtime.ModelVersion;
import dev.enclave.runtime.ModelVersions;
import dev.enclave.runtime.PreferenceRequest;
import dev.enclave.runtime.Scorecard;
import dev.enclave.runtime.SftRequest;
import dev.enclave.runtime.Trainer;
import dev.enclave.runtime.TrainingResult;
import dev.enclave.runtime.internal.RuntimeThreads;
import dev.enclave.runtime.internal.Spread;
import dev.enclave.tests.support.Workspaces;

/**
 * The runtime's public services for fine-tuning, evaluation and versions: typed results, one
 * audit entry per action, errors in the user's terms, and the runtime's threads ending when the
 * bundle stops.
 */
class RuntimeServicesTest {
    @TempDir
    Path dir;

    private static <S> S service(Class<S> type) throws InterruptedException {
        BundleContext ctx = FrameworkUtil.getBundle(RuntimeServicesTest.class).getBundleContext();
        ServiceTracker<S, S> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        S s = t.waitForService(10_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }

    private static long entries(Workspace ws, String action) {
        return ws.auditLog().tail(100_000).stream().filter(e -> e.action().equals(action)).count();
    }

    @Test
    void trainScoreAndMergeThroughTheServicesEachAuditedOnce() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "ai");
        Subject ai = ws.security().login("ai", null);
        Path data = Files.writeString(dir.resolve("train.jsonl"), String.join("\n",
                "{\"id\":\"a\",\"instruction\":\"保证人是谁？\",\"input\":\"\",\"output\":\"绍兴示例化纤有限公司\"}",
                "{\"id\":\"b\",\"instruction\":\"Which lot failed?\",\"input\":\"\",\"output\":\"L1024\"}") + "\n",
                StandardCharsets.UTF_8);
        Path base = Fixtures.model("qwen2-tiny");
        Path adapter = dir.resolve("adapter");
        AtomicInteger steps = new AtomicInteger();
        TrainingResult r = service(Trainer.class).sft(ws, ai, new SftRequest(base, data, null, adapter,
                new LoraSettings(4, 8f, 0f, List.of("q_proj", "v_proj"), 3, 3e-2f, 128, 1L, 2, 1), false),
                Progress.silent(), loss -> steps.incrementAndGet());
        assertEquals(TrainingResult.SFT, r.method());
        assertEquals(2, r.examples());
        assertEquals(3, r.lossCurve().size(), "three epochs of one batch");
        assertEquals(steps.get(), r.lossCurve().size(), "every step's loss was reported");
        assertEquals(r.lossCurve().get(0), r.firstLoss());
        assertFalse(r.cancelled());
        assertEquals(r.dataSha256(), r.record().get("data_sha256"));
        assertTrue(Files.isRegularFile(adapter.resolve("training.json")));
        assertEquals(1, entries(ws, "train.sft"));

        ModelEvaluation evaluation = service(ModelEvaluation.class);
        Scorecard card = evaluation.evaluate(ws, ai, new EvaluationRequest(base, adapter, data, 128, 4, 1),
                Progress.silent());
        assertEquals(1, entries(ws, "eval.model"));
        assertEquals(1, card.answered());
        assertEquals(2, card.records());
        assertEquals(Math.exp(card.loss()), card.perplexity(), 1e-9);
        assertTrue(Files.isRegularFile(card.file()));
        ModelVersions versions = service(ModelVersions.class);
        ModelVersion version = versions.of(base, adapter);
        assertEquals(version.version(), card.modelVersion(), "the scorecard names the version scored");
        assertEquals(r.dataSha256(), version.trainingDataSha256(), "the version knows its training data");
        List<Scorecard> listed = evaluation.scorecards(ws);
        assertEquals(1, listed.size());
        assertEquals(card.file(), listed.get(0).file());
        assertEquals(card.file(), evaluation.scorecard(ws, card.modelVersion().substring(0, 6)).file(),
                "a scorecard is found by the start of its version");
        assertEquals(List.of(listed.get(0).file()),
                versions.scorecards(ws, card.modelVersion()).stream().map(Scorecard::file).toList());
        Map<String, Double> same = versions.compare(card, card);
        assertEquals(0.0, same.get("loss"));
        assertTrue(same.containsKey("token_f1"));

        Path merged = dir.resolve("merged");
        ModelVersion m = versions.merge(ws, ai, adapter, base.toString(), merged, Progress.silent());
        assertEquals(1, entries(ws, "model.merge"));
        assertTrue(m.merged());
        assertEquals(version.version(), m.version(), "a merged model keeps the version of base + adapter");
        try (LanguageModel lm = service(ModelRegistry.class).openLanguageModel(merged, Progress.silent())) {
            assertEquals(m.version(), lm.info().version());
        }
        assertEquals(0, entries(ws, "models.load"), "services only audit what they are asked to do");
    }

    @Test
    void badSettingsAreNamedInTheUsersTerms() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "ai");
        Subject ai = ws.security().login("ai", null);
        Path data = Files.writeString(dir.resolve("d.jsonl"), "{\"instruction\":\"q\",\"output\":\"a\"}\n",
                StandardCharsets.UTF_8);
        EnclaveException e = assertThrows(EnclaveException.class, () -> service(Trainer.class).sft(ws, ai,
                new SftRequest(Fixtures.model("qwen2-tiny"), data, null, dir.resolve("out"),
                        new LoraSettings(0, 8f, 0f, List.of("q_proj"), 1, 1e-3f, 128, 0L, 1, 1), false),
                Progress.silent(), null));
        assertTrue(e.isBadInput() && e.getMessage().contains("rank") && !e.getMessage().contains("--"),
                e.getMessage());
        EnclaveException none = assertThrows(EnclaveException.class, () -> service(Trainer.class).sft(ws, ai,
                new SftRequest(Fixtures.model("qwen2-tiny"), data, null, dir.resolve("out"),
                        new LoraSettings(2, 4f, 0f, List.of("no_such_proj"), 1, 1e-3f, 128, 0L, 1, 1), false),
                Progress.silent(), null));
        assertTrue(none.isBadInput() && none.getMessage().contains("no_such_proj")
                && !none.getMessage().contains("--"), none.getMessage());
        EnclaveException eval = assertThrows(EnclaveException.class, () -> service(ModelEvaluation.class).evaluate(ws,
                ai, new EvaluationRequest(Fixtures.model("qwen2-tiny"), null, dir.resolve("missing.jsonl"), 128, 4, 0),
                Progress.silent()));
        assertTrue(eval.isBadInput() && !eval.getMessage().contains("--"), eval.getMessage());
        assertEquals(0, entries(ws, "train.sft") + entries(ws, "eval.model"), "nothing was done, nothing audited");
    }

    @Test
    void theRuntimesThreadsEndWhenTheBundleStops() throws Exception {
        int[] out = new int[20_000];
        Spread.run(out.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = i * 2;
            }
        });
        assertEquals(2 * 19_999, out[19_999]);
        assertEquals(7, RuntimeThreads.pool().submit(() -> 7).get());
        assertTrue(threads() > 0 || Runtime.getRuntime().availableProcessors() == 1, "the workers run");

        Bundle runtime = FrameworkUtil.getBundle(RuntimeThreads.class);
        runtime.stop();
        try {
            assertEquals(0, threads(), "no runtime thread outlives the bundle");
        } finally {
            runtime.start();
        }
        // A restarted bundle starts its workers afresh on first use.
        assertNotNull(service(ModelRegistry.class));
        int[] again = new int[20_000];
        Spread.run(again.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                again[i] = i + 1;
            }
        });
        assertEquals(20_000, again[19_999]);
        assertEquals(3, RuntimeThreads.pool().submit(() -> 3).get());
    }

    @Test
    void aStoppedDpoRunResumesThroughTheServiceToTheUninterruptedAdapter() throws Exception {
        Workspace ws = Workspaces.open(dir.resolve("ws"), "ai");
        Subject ai = ws.security().login("ai", null);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append("{\"prompt\":\"批次 L").append(i).append(" 的复测结果能否放行？\",\"chosen\":\"可以放行：良率 ")
                    .append(90 + i).append("%。\",\"rejected\":\"暂不放行：良率 ").append(90 + i).append("%。\"}\n");
        }
        Path data = Files.writeString(dir.resolve("prefs.jsonl"), lines, StandardCharsets.UTF_8);
        Path base = Fixtures.model("qwen2-tiny");
        LoraSettings settings = new LoraSettings(2, 4f, 0f, List.of("q_proj", "v_proj"), 2, 2e-2f, 64, 3L, 2, 1);
        Trainer trainer = service(Trainer.class);
        Path straight = dir.resolve("straight");
        TrainingResult whole = trainer.align(ws, ai, new PreferenceRequest(PreferenceRequest.DPO, base, data, straight,
                settings, 0.5), Progress.silent(), null);
        assertFalse(whole.cancelled());
        assertTrue(Files.notExists(straight.resolve("checkpoint")), "a finished run leaves no checkpoint");

        // Stop in the second epoch (4 steps per epoch) as the part's Stop button does, then resume.
        Path stopped = dir.resolve("stopped");
        Progress stop = Progress.silent();
        AtomicInteger steps = new AtomicInteger();
        TrainingResult first = trainer.align(ws, ai, new PreferenceRequest(PreferenceRequest.DPO, base, data, stopped,
                settings, 0.5), stop, loss -> {
                    if (steps.incrementAndGet() == 5) {
                        stop.cancel();
                    }
                });
        assertTrue(first.cancelled());
        assertEquals(5, first.lossCurve().size());
        assertTrue(Files.exists(stopped.resolve("checkpoint/state.json")), "a stopped run leaves its checkpoint");
        TrainingResult resumed = trainer.align(ws, ai, new PreferenceRequest(PreferenceRequest.DPO, base, data, stopped,
                settings, 0.5, true), Progress.silent(), null);
        assertFalse(resumed.cancelled());
        assertEquals(whole.lossCurve(), resumed.lossCurve(), "the same steps with the same losses");
        assertEquals(whole.record().get("reward_accuracy_curve"), resumed.record().get("reward_accuracy_curve"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(straight.resolve("adapter_model.safetensors")),
                Files.readAllBytes(stopped.resolve("adapter_model.safetensors"))), "identical adapters");
        assertTrue(Files.notExists(stopped.resolve("checkpoint")));

        // Resuming needs a checkpoint, made with the same options.
        EnclaveException none = assertThrows(EnclaveException.class, () -> trainer.align(ws, ai, new PreferenceRequest(
                PreferenceRequest.DPO, base, data, dir.resolve("never"), settings, 0.5, true), Progress.silent(), null));
        assertTrue(none.isBadInput() && none.getMessage().contains("no checkpoint"), none.getMessage());
        Progress stopAgain = Progress.silent();
        trainer.align(ws, ai, new PreferenceRequest(PreferenceRequest.DPO, base, data, dir.resolve("other"), settings,
                0.5), stopAgain, loss -> stopAgain.cancel());
        EnclaveException beta = assertThrows(EnclaveException.class, () -> trainer.align(ws, ai, new PreferenceRequest(
                PreferenceRequest.DPO, base, data, dir.resolve("other"), settings, 0.1, true), Progress.silent(), null));
        assertTrue(beta.isBadInput() && beta.getMessage().contains("beta"), beta.getMessage());
    }

    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().equals("enclave-gemv") || t.getName().startsWith("enclave-spread-")).count();
    }
}
