package dev.enclave.runtime;

import java.util.Map;

/**
 * An adapter's reference training step recomputed here and compared: the loss, the gradients
 * and the loss after one SGD step, each beside the reference value.
 *
 * @param loss             the loss computed here
 * @param lossReference    the reference loss
 * @param maxRelativeGradientDifference the largest relative difference of a gradient element
 * @param lossAfterStep    the loss after one SGD step, computed here
 * @param lossAfterStepReference the reference loss after the step
 * @param ok               whether every value agrees within tolerance
 * @param record           the same numbers by name ({@code loss}, {@code loss_ref}, …), keys in order
 */
public record StepCheck(double loss, double lossReference, double maxRelativeGradientDifference,
        double lossAfterStep, double lossAfterStepReference, boolean ok, Map<String, Object> record) {
    public StepCheck {
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
    }
}
