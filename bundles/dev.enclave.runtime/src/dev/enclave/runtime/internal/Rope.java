package dev.enclave.runtime.internal;

import com.google.gson.JsonObject;

import dev.enclave.core.EnclaveException;

/** Rotary position embedding frequencies, as transformers computes them (float32). */
final class Rope {
    private Rope() {
    }

    static float[] inverseFrequencies(HfConfig c) {
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
            return inv;
        case "linear": {
            float factor = s.get("factor").getAsFloat();
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factor;
            }
            return inv;
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
            return inv;
        }
        default:
            throw EnclaveException.badInput(c.file + ": rope scaling type '" + type
                    + "' is not supported (supported: default, linear, llama3).");
        }
    }
}
