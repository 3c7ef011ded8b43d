package dev.concierge.error;


/** Query-parameter parsing with 400s that name the parameter (JAX-RS would answer 404 for a bad int). */
public final class Params {

    private Params() {
    }

    public static int intParam(String name, String raw, int dflt, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be an integer, got '" + raw + "'");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest(name, name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
