package dev.concierge.profile.learn;

/**
 * One preference or constraint found in a user message.
 *
 * @param text       the statement sentence itself, trimmed (readable by the user)
 * @param domain     inferred domain id (see {@link dev.concierge.profile.Lexicon#DOMAINS}), or null
 * @param polarity   "prefer" | "avoid" | "neutral"
 * @param condition  when it applies ("when I book concert tickets"), or null for always
 * @param confidence 0..1, how sure the rules are that this is a standing preference
 * @param subject    short normalized topic ("horror", "meat", "gluten"), or null
 */
public record Statement(String text, String domain, String polarity, String condition, double confidence,
                        String subject) {
}
