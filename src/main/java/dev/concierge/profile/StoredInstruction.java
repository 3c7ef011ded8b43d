package dev.concierge.profile;

import dev.concierge.profile.retrieval.InstructionFeatures;

/**
 * What Redis holds per instruction: the record users see, and the retrieval features computed once at write. A deleted
 * or superseded record keeps none (null): it is listed, never retrieved, and every turn reads the whole hash, where its
 * vectors would be ~90% of its ~5 KB, for as long as the user keeps it.
 */
public record StoredInstruction(Instruction instruction, InstructionFeatures features) {
}
