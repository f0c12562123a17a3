package dev.enclave.runtime.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.enclave.core.EnclaveException;

/**
 * Reproduces the reference training step of a PEFT adapter folder: the causal-LM loss of
 * the reference batch with the adapter unmerged, the gradient of every LoRA tensor
 * (autograd on DJL's PyTorch engine), and the loss after one plain SGD step.
 */
public final class LoraTrainCheck {
    /** Relative gradient tolerance and absolute loss tolerance for {@code ok}. */
    public static final double GRAD_TOLERANCE = 1e-3;
    public static final double LOSS_TOLERANCE = 1e-4;

    private LoraTrainCheck() {
    }

    /** Runs the check; the map holds the contract's fields in order. */
    public static Map<String, Object> run(Path adapterFolder, Path base) {
        JsonObject ref = ReferenceChecker.readReference(adapterFolder);
        if (!ref.has("train")) {
            throw EnclaveException.badInput(adapterFolder.resolve("reference.json") + " has no 'train' step to check.");
        }
        JsonObject train = ref.getAsJsonObject("train");
        int[][] ids = rows(train.getAsJsonArray("input_ids"));
        int[][] mask = rows(train.getAsJsonArray("attention_mask"));
        float lr = train.get("sgd_lr").getAsFloat();
        try (LoraAdapter adapter = LoraAdapter.open(adapterFolder);
                SafeTensors expected = SafeTensors.open(adapterFolder.resolve("reference.safetensors"));
                NDManager manager = Djl.newManager()) {
            Path baseFolder = adapter.resolveBase(base);
            DecoderModel model = DecoderModel.load(baseFolder, manager.newSubManager());
            Map<String, NDArray[]> params = new LinkedHashMap<>();
            for (String target : adapter.targets()) {
                NDArray[] ab = adapter.trainable(manager, target);
                ab[0].setRequiresGradient(true);
                ab[1].setRequiresGradient(true);
                params.put(target, ab);
            }
            double loss;
            try (NDManager step = manager.newSubManager();
                    GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray l = model.causalLmLoss(step, ids, mask, LoraTrainer.loraHook(params, adapter::scale, 0f));
                gc.backward(l);
                loss = l.getFloat();
            }
            double maxRel = 0;
            Map<String, NDArray[]> stepped = new LinkedHashMap<>();
            for (var e : params.entrySet()) {
                String module = e.getKey().substring(0, e.getKey().length() - ".weight".length());
                String[] which = { "lora_A", "lora_B" };
                NDArray[] next = new NDArray[2];
                for (int i = 0; i < 2; i++) {
                    NDArray grad = e.getValue()[i].getGradient();
                    String refName = "grad." + module + "." + which[i] + ".default.weight";
                    if (!expected.entries().containsKey(refName)) {
                        throw EnclaveException.badInput(adapterFolder + ": reference.safetensors has no " + refName + ".");
                    }
                    float[] ours = grad.toFloatArray();
                    float[] theirs = expected.array(refName);
                    double diff = 0;
                    double scale = 1e-12;
                    for (int j = 0; j < ours.length; j++) {
                        diff = Math.max(diff, Math.abs(ours[j] - theirs[j]));
                        scale = Math.max(scale, Math.abs(theirs[j]));
                    }
                    maxRel = Math.max(maxRel, diff / scale);
                    next[i] = e.getValue()[i].sub(grad.mul(lr));
                }
                stepped.put(e.getKey(), next);
            }
            double after;
            try (NDManager step = manager.newSubManager()) {
                after = model.causalLmLoss(step, ids, mask, LoraTrainer.loraHook(stepped, adapter::scale, 0f)).getFloat();
            }
            double lossRef = train.get("loss").getAsDouble();
            double afterRef = train.get("loss_after_one_sgd_step").getAsDouble();
            boolean ok = Math.abs(loss - lossRef) <= LOSS_TOLERANCE && maxRel <= GRAD_TOLERANCE
                    && Math.abs(after - afterRef) <= LOSS_TOLERANCE;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("loss", loss);
            r.put("loss_ref", lossRef);
            r.put("max_rel_grad_diff", maxRel);
            r.put("loss_after_step", after);
            r.put("loss_after_step_ref", afterRef);
            r.put("lora_tensors", params.size() * 2);
            r.put("ok", ok);
            return r;
        }
    }

    private static int[][] rows(JsonArray a) {
        int[][] out = new int[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ReferenceChecker.ints(a.get(i).getAsJsonArray());
        }
        return out;
    }
}
