package dev.concierge.profile;

import dev.concierge.security.UserId;

/**
 * Redis key layout. Every key of user U starts with {@code cc:{U}:}; the braces are a Redis Cluster hash tag,
 * so all of a user's keys live in one slot and a Lua script may touch them together.
 * <ul>
 *   <li>{@code cc:{U}:instr} hash: instruction id -> JSON {instruction, features} (current version, any status)</li>
 *   <li>{@code cc:{U}:ver}   hash: "id#version" -> JSON instruction (every version ever written: the history)</li>
 *   <li>{@code cc:{U}:rev}   string: profile revision, bumped by every write (optimistic concurrency)</li>
 *   <li>{@code cc:{U}:conv:*} conversation state, idempotency keys, rate-limit buckets (other features)</li>
 * </ul>
 */
public final class ProfileKeys {

    private ProfileKeys() {
    }

    public static String prefix(String userId) {
        return "cc:{" + UserId.keySegment(userId) + "}:";
    }

    public static String instructions(String userId) {
        return prefix(userId) + "instr";
    }

    public static String versions(String userId) {
        return prefix(userId) + "ver";
    }

    public static String revision(String userId) {
        return prefix(userId) + "rev";
    }
}
