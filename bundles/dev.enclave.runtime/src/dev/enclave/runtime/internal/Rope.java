package dev.enclave.runtime.internal;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/** Rotary position embedding frequencies, as transformers computes them (float32). */
public final class Rope {
    private Rope() {
    }

    /**
     * The inverse frequencies and the factor that multiplies cos and sin (YaRN's attention
     * factor; 1 for the other types).
     */
    public record Frequencies(float[] inverse, float attentionScaling) {
    }

    /** The frequencies for a model's config ({@code rope_scaling} or {@code rope_parameters}). */
    public static Frequencies frequencies(HfConfig c) {
        int dim = c.headDim;
        if (c.json.has("partial_rotary_factor")) {
            dim = (int) (dim * c.json.get("partial_rotary_factor").getAsDouble());
        }
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / dim;
            inv[i] = (float) (1.0 / (float) Math.pow(c.ropeTheta, exponent));
        }
        JsonObject s = c.ropeScaling;
        String type = s == null ? "default"
                : s.has("rope_type") ? s.get("rope_type").getAsString()
                        : s.has("type") ? s.get("type").getAsString() : "default";
        switch (type) {
        case "default":
            return new Frequencies(inv, 1f);
        case "linear": {
            float factor = s.get("factor").getAsFloat();
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factor;
            }
            return new Frequencies(inv, 1f);
        }
        case "llama3": {
            double factor = s.get("factor").getAsDouble();
            double low = s.get("low_freq_factor").getAsDouble();
            double high = s.get("high_freq_factor").getAsDouble();
            double oldContext = s.get("original_max_position_embeddings").getAsDouble();
            double lowWavelen = oldContext / low;
            double highWavelen = oldContext / high;
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                double f = inv[i];
                if (wavelen > lowWavelen) {
                    f = inv[i] / factor;
                } else if (wavelen >= highWavelen) {
                    double smooth = (oldContext / wavelen - low) / (high - low);
                    f = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                }
                inv[i] = (float) f;
            }
            return new Frequencies(inv, 1f);
        }
        case "yarn":
            return yarn(c, s, inv, dim);
        default:
            throw EnclaveException.badInput(c.file + ": rope scaling type '" + type
                    + "' is not supported (supported: default, linear, llama3, yarn).");
        }
    }

    /**
     * YaRN (Peng et al. 2023) as transformers computes it: dimensions that turn fewer than
     * {@code beta_slow} times over the original context are interpolated (divided by the
     * factor), those that turn more than {@code beta_fast} times are kept, with a linear ramp
     * between; cos and sin are scaled by {@code 0.1·ln(factor)+1} unless the config names an
     * attention factor (or DeepSeek's mscale pair).
     */
    private static Frequencies yarn(HfConfig c, JsonObject s, float[] extrapolation, int dim) {
        double original = number(s, "original_max_position_embeddings", c.maxPositions);
        double factor = number(s, "factor", c.maxPositions / original);
        double betaFast = number(s, "beta_fast", 0) == 0 ? 32 : number(s, "beta_fast", 32);
        double betaSlow = number(s, "beta_slow", 0) == 0 ? 1 : number(s, "beta_slow", 1);
        boolean truncate = !s.has("truncate") || s.get("truncate").getAsBoolean();
        double attention;
        if (s.has("attention_factor") && !s.get("attention_factor").isJsonNull()) {
            attention = s.get("attention_factor").getAsDouble();
        } else if (number(s, "mscale", 0) != 0 && number(s, "mscale_all_dim", 0) != 0) {
            attention = mscale(factor, number(s, "mscale", 1)) / mscale(factor, number(s, "mscale_all_dim", 1));
        } else {
            attention = mscale(factor, 1);
        }
        double low = correctionDim(betaFast, dim, c.ropeTheta, original);
        double high = correctionDim(betaSlow, dim, c.ropeTheta, original);
        if (truncate) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, dim - 1);
        if (low == high) {
            high += 0.001;
        }
        float[] inv = new float[extrapolation.length];
        for (int i = 0; i < inv.length; i++) {
            float ramp = (float) Math.min(1, Math.max(0, (i - low) / (high - low)));
            float keep = 1 - ramp; // share of the extrapolated (unchanged) frequency
            float interpolated = (float) (extrapolation[i] / factor);
            inv[i] = interpolated * (1 - keep) + extrapolation[i] * keep;
        }
        return new Frequencies(inv, (float) attention);
    }

    private static double mscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    /** The dimension whose frequency turns {@code rotations} times over {@code context} positions. */
    private static double correctionDim(double rotations, int dim, double base, double context) {
        return dim * Math.log(context / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    private static double number(JsonObject s, String key, double fallback) {
        return s.has(key) && !s.get(key).isJsonNull() ? s.get(key).getAsDouble() : fallback;
    }
}
