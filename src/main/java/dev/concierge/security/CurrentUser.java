package dev.concierge.security;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The user of the current request: the bearer token's subject. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public String id() {
        String sub = jwt == null ? null : jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new UnauthorizedException("token has no subject");
        }
        return sub;
    }
}
