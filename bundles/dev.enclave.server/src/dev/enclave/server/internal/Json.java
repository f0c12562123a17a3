package dev.enclave.server.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Reading request fields with a 400 that names the field when one has the wrong type. */
final class Json {
    private Json() {
    }

    static String string(JsonObject o, String key, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw HttpError.badRequest("'" + key + "' is required.", key);
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw HttpError.badRequest("'" + key + "' must be a string.", key);
        }
        return e.getAsString();
    }

    static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw HttpError.badRequest("'" + key + "' must be an array.", key);
        }
        return e.getAsJsonArray();
    }

    static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw HttpError.badRequest("'" + key + "' must be true or false.", key);
        }
        return e.getAsBoolean();
    }

    static double number(JsonObject o, String key, double fallback) {
        JsonPrimitive p = primitiveNumber(o, key);
        return p == null ? fallback : p.getAsDouble();
    }

    static int integer(JsonObject o, String key, int fallback) {
        JsonPrimitive p = primitiveNumber(o, key);
        if (p == null) {
            return fallback;
        }
        double d = p.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw HttpError.badRequest("'" + key + "' must be an integer.", key);
        }
        return (int) d;
    }

    static long longValue(JsonObject o, String key) {
        JsonPrimitive p = primitiveNumber(o, key);
        try {
            return p.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw HttpError.badRequest("'" + key + "' must be an integer.", key);
        }
    }

    private static JsonPrimitive primitiveNumber(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw HttpError.badRequest("'" + key + "' must be a number.", key);
        }
        return e.getAsJsonPrimitive();
    }
}
