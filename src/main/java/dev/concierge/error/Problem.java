package dev.concierge.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, the body of every 4xx/5xx this service answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem(typeFor(status), title, status, detail, null);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "https://concierge.dev/problems/bad-request";
            case 401 -> "https://concierge.dev/problems/unauthorized";
            case 403 -> "https://concierge.dev/problems/forbidden";
            case 404 -> "https://concierge.dev/problems/not-found";
            case 409 -> "https://concierge.dev/problems/conflict";
            case 413 -> "https://concierge.dev/problems/too-large";
            case 429 -> "https://concierge.dev/problems/too-many-requests";
            case 503 -> "https://concierge.dev/problems/unavailable";
            case 504 -> "https://concierge.dev/problems/timeout";
            default -> status >= 500 ? "https://concierge.dev/problems/server-error" : "about:blank";
        };
    }
}
