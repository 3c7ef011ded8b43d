package dev.concierge.security;

import dev.concierge.error.ApiException;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;

/**
 * Issues tokens signed by the bundled dev key so the demo, the widget and the benchmarks can act as any user.
 * Absent (404) unless concierge.security.dev-tokens=true, which only the demo, dev and test profiles set.
 */
@Path("/api/v1/dev/token")
@Tag(name = "dev")
@EndpointDisabled(name = "concierge.security.dev-tokens", stringValue = "false", disableIfMissing = true)
public class DevTokenResource {

    public record TokenRequest(String userId) {
    }

    public record TokenResponse(String token) {
    }

    private final SecurityConfig config;
    private final String issuer;
    private final String keyLocation;
    /** Read at the first request: {@code sign()} without a key reads and parses the PEM file again for every token. */
    private volatile PrivateKey signingKey;

    DevTokenResource(SecurityConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
                     @ConfigProperty(name = "smallrye.jwt.sign.key.location") String keyLocation) {
        this.config = config;
        this.issuer = issuer;
        this.keyLocation = keyLocation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // RSA signing is CPU work: keep it off the event loop
    @Operation(summary = "Issue a dev token for a user id (demo/dev/test profiles only)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9...\"}")))
    @APIResponse(responseCode = "400", description = "userId missing or malformed")
    public TokenResponse issue(TokenRequest request) {
        if (request == null) {
            throw ApiException.badRequest("userId", "body with userId is required");
        }
        UserId.requireValid(request.userId());
        String token = Jwt.issuer(issuer).subject(request.userId()).upn(request.userId())
                .groups("user").expiresIn(config.devTokenTtl()).sign(signingKey());
        return new TokenResponse(token);
    }

    private PrivateKey signingKey() {
        PrivateKey key = signingKey;
        if (key == null) { // two first requests may both read it: the same key either way
            try {
                key = KeyUtils.readPrivateKey(keyLocation);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the dev signing key at " + keyLocation, e);
            }
            signingKey = key;
        }
        return key;
    }
}
