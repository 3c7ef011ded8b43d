package dev.concierge.profile.retrieval;

import dev.concierge.profile.Instruction;

/**
 * One ranked instruction. {@code score} is in [0, 1] (higher is more relevant); {@code applies} marks the
 * instructions a chat turn with this query applies; {@code why} is a short human-readable explanation.
 */
public record Scored(Instruction instruction, double score, boolean applies, String why) {
}
