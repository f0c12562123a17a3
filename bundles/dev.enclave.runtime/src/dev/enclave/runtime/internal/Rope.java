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

    /**
     * Frequencies as a function of the sequence length (the highest position + 1 of a forward
     * pass): constant for most types; dynamic NTK and longrope change them beyond the original
     * context, as transformers does when the sequence grows.
     */
    @FunctionalInterface
    public interface Schedule {
        /** The frequencies for a forward pass whose last position is {@code sequenceLength - 1}. */
        Frequencies at(int sequenceLength);
    }

    /** The frequencies for sequences within the original context ({@code rope_scaling} or {@code rope_parameters}). */
    public static Frequencies frequencies(HfConfig c) {
        return schedule(c).at(1);
    }

    /** The frequencies of a model's config for every sequence length. */
    public static Schedule schedule(HfConfig c) {
        int dim = rotaryDim(c);
        float[] inv = defaults(c.ropeTheta, dim);
        JsonObject s = c.ropeScaling;
        String type = s == null ? "default"
                : s.has("rope_type") ? s.get("rope_type").getAsString()
                        : s.has("type") ? s.get("type").getAsString() : "default";
        switch (type) {
        case "default": {
            Frequencies f = new Frequencies(inv, 1f);
            return n -> f;
        }
        case "linear": {
            float factor = s.get("factor").getAsFloat();
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factor;
            }
            Frequencies f = new Frequencies(inv, 1f);
            return n -> f;
        }
        case "llama3": {
            Frequencies f = llama3(s, inv);
            return n -> f;
        }
        case "yarn": {
            Frequencies f = yarn(c, s, inv, dim);
            return n -> f;
        }
        case "dynamic": {
            Frequencies original = new Frequencies(inv, 1f);
            double factor = number(s, "factor", 1);
            return n -> n <= c.maxPositions ? original : dynamic(c.ropeTheta, dim, factor, n, c.maxPositions);
        }
        case "longrope":
            return longrope(c, s, dim);
        case "freq_factors": {
            // llama.cpp's rope_freqs tensor (how GGUF files carry Llama 3 scaling): theta_i / factor_i.
            var factors = s.getAsJsonArray("factors");
            if (factors == null || factors.size() != inv.length) {
                throw EnclaveException.badInput(c.file + ": rope_freqs has " + (factors == null ? 0 : factors.size())
                        + " factors but the heads rotate " + inv.length + " frequency pairs.");
            }
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factors.get(i).getAsFloat();
            }
            Frequencies f = new Frequencies(inv, 1f);
            return n -> f;
        }
        default:
            throw EnclaveException.badInput(c.file + ": rope scaling type '" + type
                    + "' is not supported (supported: default, linear, llama3, yarn, dynamic, longrope).");
        }
    }

    private static int rotaryDim(HfConfig c) {
        int dim = c.headDim;
        if (c.json.has("partial_rotary_factor")) {
            dim = (int) (dim * c.json.get("partial_rotary_factor").getAsDouble());
        }
        return dim;
    }

    /** {@code 1 / base^(2i/dim)} in float32, as transformers' default initialisation. */
    private static float[] defaults(double base, int dim) {
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / dim;
            inv[i] = (float) (1.0 / (float) Math.pow(base, exponent));
        }
        return inv;
    }

    private static Frequencies llama3(JsonObject s, float[] inv) {
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

    /**
     * Dynamic NTK scaling beyond the original context: the base grows to
     * {@code base · (factor·n/max − (factor−1))^(dim/(dim−2))} for a sequence of {@code n}
     * positions; within the context the frequencies are the default ones.
     */
    private static Frequencies dynamic(double theta, int dim, double factor, int n, int maxPositions) {
        double base = theta * Math.pow(factor * n / maxPositions - (factor - 1), dim / (double) (dim - 2));
        return new Frequencies(defaults(base, dim), 1f);
    }

    /**
     * LongRoPE (Phi-3 style): per-dimension rescale factors, {@code short_factor} within the
     * original context and {@code long_factor} beyond it, with cos and sin scaled by
     * {@code sqrt(1 + ln(factor) / ln(original))} unless the config names an attention factor.
     */
    private static Schedule longrope(HfConfig c, JsonObject s, int dim) {
        double original;
        double factor;
        if (c.json.has("original_max_position_embeddings") && !c.json.get("original_max_position_embeddings").isJsonNull()) {
            original = c.json.get("original_max_position_embeddings").getAsDouble();
            factor = c.maxPositions / original;
        } else {
            original = number(s, "original_max_position_embeddings", c.maxPositions);
            factor = number(s, "factor", 1);
        }
        double attention = number(s, "attention_factor", Double.NaN);
        if (Double.isNaN(attention)) {
            attention = factor <= 1 ? 1 : Math.sqrt(1 + Math.log(factor) / Math.log(original));
        }
        Frequencies shortF = new Frequencies(rescaled(c, s, "short_factor", dim), (float) attention);
        Frequencies longF = new Frequencies(rescaled(c, s, "long_factor", dim), (float) attention);
        double limit = original;
        return n -> n > limit ? longF : shortF;
    }

    private static float[] rescaled(HfConfig c, JsonObject s, String key, int dim) {
        if (!s.has(key) || !s.get(key).isJsonArray() || s.getAsJsonArray(key).size() != dim / 2) {
            throw EnclaveException.badInput(c.file + ": longrope scaling needs '" + key + "' with " + dim / 2
                    + " numbers (one per rotary frequency).");
        }
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / dim;
            float ext = s.getAsJsonArray(key).get(i).getAsFloat();
            inv[i] = (float) (1.0 / (ext * (float) Math.pow(c.ropeTheta, exponent)));
        }
        return inv;
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
