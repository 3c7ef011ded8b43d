package dev.concierge.channel.ws;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Browsers cannot set headers on a WebSocket, so the bearer token travels as {@code ?access_token=}.
 * It is verified before the upgrade: a missing or invalid token never gets a socket (401). The subject goes to the
 * connection in the upgrade's user data (websockets-next hands it over), so the token is parsed once per socket.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<String> USER = UserData.TypedKey.forString("concierge.user");

    private final JWTParser parser;

    TokenUpgradeCheck(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!context.httpRequest().path().startsWith("/ws/chat")) {
            return CheckResult.permitUpgrade();
        }
        try {
            context.userData().put(USER, userOf(context.httpRequest().query()));
            return CheckResult.permitUpgrade();
        } catch (IllegalArgumentException e) {
            return CheckResult.rejectUpgrade(401);
        }
    }

    /** The token's subject; IllegalArgumentException when the token is missing or invalid. */
    String userOf(String query) {
        String token = param(query, "access_token");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("access_token is required");
        }
        try {
            String sub = parser.parse(token).getSubject();
            if (sub == null || sub.isBlank()) {
                throw new IllegalArgumentException("token has no subject");
            }
            return sub;
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid token");
        }
    }

    static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
