package dev.concierge.llm;

/**
 * A standing instruction or learned preference that applies to this turn.
 *
 * @param polarity {@code prefer}, {@code avoid} or {@code neutral}
 */
public record AppliedInstruction(String id, String text, String polarity) {

    public static final String PREFER = "prefer";
    public static final String AVOID = "avoid";
    public static final String NEUTRAL = "neutral";

    public boolean isAvoid() {
        return AVOID.equals(polarity);
    }
}
