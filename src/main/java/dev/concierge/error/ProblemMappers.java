package dev.concierge.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.stream.Collectors;

/** Every failure leaves as application/problem+json (RFC 9457) with a detail that names the problem. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder rb = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfterSeconds() != null) {
            rb.header("Retry-After", e.retryAfterSeconds());
        }
        return rb.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElse(null);
        String field = first == null ? null : leaf(first.getPropertyPath().toString());
        String detail = e.getConstraintViolations().stream()
                .map(v -> leaf(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return problem(new Problem(Problem.typeFor(400), "Bad request", 400, detail, field));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String detail = field == null ? "Malformed JSON body: " + e.getOriginalMessage()
                : "Invalid value for field '" + field + "': " + e.getOriginalMessage();
        return problem(new Problem(Problem.typeFor(400), "Bad request", 400, detail, field));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "Unauthorized", "A valid bearer token is required")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(403, "Forbidden", "Not allowed"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return json(jpe);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        if (status == 404) {
            detail = "No such resource";
        }
        return problem(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return problem(Problem.of(500, "Internal server error", "Unexpected failure; it has been logged"));
    }

    private static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String leaf(String path) {
        // "create.body.text" -> "text": the client knows its own field names, not our method names
        int i = path.lastIndexOf('.');
        return i < 0 ? path : path.substring(i + 1);
    }
}
