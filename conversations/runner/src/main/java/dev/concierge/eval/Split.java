package dev.concierge.eval;

/**
 * The held-out split of ReDial dialogues used by b3/b4 ({@code --split heldout}, the default).
 *
 * <p>The service may learn popularity / co-occurrence from part of {@code dialogues_valid_raw.jsonl}.
 * A benchmark number only means something on dialogues the model was not learned from, so the
 * service's training side must use the complement of {@link #heldOut(String)}. Change the rule here
 * and only here.
 */
public final class Split {
    private Split() {
    }

    /** Which turns a benchmark evaluates. */
    public enum Mode {
        /** Only turns whose dialog_id is {@link #heldOut(String) held out}. */
        HELDOUT,
        /** Every turn (numbers are then optimistic for anything learned from the raw dialogues). */
        ALL;

        public static Mode parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "heldout", "held-out" -> HELDOUT;
                case "all" -> ALL;
                default -> throw new EvalException("--split must be heldout or all, got: " + s, EvalException.USAGE);
            };
        }

        public boolean includes(String dialogId) {
            return this == ALL || heldOut(dialogId);
        }
    }

    /**
     * The held-out half of ReDial: dialogues with an odd numeric id.
     * {@code heldOut(d) == (Integer.parseInt(d) % 2 == 1)}. The service must learn only from
     * dialogues for which this is {@code false}.
     *
     * @throws NumberFormatException when the id is not an integer
     */
    public static boolean heldOut(String dialogId) {
        return Integer.parseInt(dialogId.trim()) % 2 == 1;
    }
}
