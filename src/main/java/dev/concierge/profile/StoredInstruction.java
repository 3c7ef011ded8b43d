package dev.concierge.profile;

import dev.concierge.profile.retrieval.InstructionFeatures;

/** What Redis holds per instruction: the record users see, and the retrieval features computed once at write. */
public record StoredInstruction(Instruction instruction, InstructionFeatures features) {
}
