package dev.concierge.error;


/** Parameter and body-field checks with 4xx answers that name the field (JAX-RS would answer 404 for a bad int). */
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

    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile("[a-z0-9_-]{1,40}");

    /** A domain name ("movies", "restaurants"): lower-cased, or null when absent; 400 naming the field otherwise. */
    public static String domain(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String d = raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!DOMAIN.matcher(d).matches()) {
            throw ApiException.badRequest(field, field + " must be 1-40 characters of a-z, 0-9, _ and -");
        }
        return d;
    }

    /**
     * One message of a chat transcript sent by a client ({@code history[i]}, {@code messages[i]}): role 'user' or
     * 'assistant', text present and at most {@code maxChars} long. {@code role} is null when the element is null.
     */
    public static void chatMessage(String field, String role, String text, int maxChars) {
        if (role == null || !(role.equals("user") || role.equals("assistant"))) {
            throw ApiException.badRequest(field + ".role", field + ".role must be 'user' or 'assistant'");
        }
        if (text == null) {
            throw ApiException.badRequest(field + ".text", field + ".text is required");
        }
        if (text.length() > maxChars) {
            throw ApiException.tooLarge(field + ".text", field + ".text is longer than " + maxChars + " characters");
        }
    }
}
