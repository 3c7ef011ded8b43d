package dev.concierge.llm;

/** One recommended candidate (its id is always one of the request's candidates) and why. */
public record Pick(String itemId, String reason) {
}
