package dev.concierge.profile.retrieval;

import dev.concierge.profile.Instruction;

/** An active instruction with its stored features. */
public record Candidate(Instruction instruction, InstructionFeatures features) {
}
