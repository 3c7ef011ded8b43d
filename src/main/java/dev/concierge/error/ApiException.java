package dev.concierge.error;

/**
 * A failure with a status the client should see. Thrown (or failed into a Uni) by services;
 * mapped to problem+json in one place, so resources never build error responses by hand.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final Long retryAfterSeconds;

    public ApiException(int status, String title, String detail, String field, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Bad request", detail, field, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, null, null);
    }

    public static ApiException tooLarge(String field, String detail) {
        return new ApiException(413, "Payload too large", detail, field, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, null, null);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, "Too many requests", detail, null, retryAfterSeconds);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service unavailable", detail, null, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return new Problem(Problem.typeFor(status), title, status, getMessage(), field);
    }
}
