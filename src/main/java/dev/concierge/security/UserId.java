package dev.concierge.security;

import dev.concierge.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The authenticated user's id, and the form of it that is safe inside Redis keys. */
public final class UserId {

    /** What a dev token may carry; ids from a real issuer may be anything and are hashed for keys. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

    private UserId() {
    }

    public static void requireValid(String userId) {
        if (userId == null || userId.isBlank()) {
            throw ApiException.badRequest("userId", "userId is required");
        }
        if (!SAFE.matcher(userId).matches()) {
            throw ApiException.badRequest("userId",
                    "userId must be 1-128 characters of letters, digits and . _ @ : -");
        }
    }

    /** A key segment: the id itself when safe (readable keys), else a hash (no glob or hash-tag characters). */
    public static String keySegment(String userId) {
        if (SAFE.matcher(userId).matches()) {
            return userId;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
