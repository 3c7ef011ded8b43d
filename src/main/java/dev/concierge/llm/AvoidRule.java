package dev.concierge.llm;

/**
 * Decides whether recommending a candidate would break an "avoid" instruction. The responders drop such picks
 * in code, whatever the model wrote. The default ({@link AttributeAvoidRule}) matches the candidate's genres,
 * people and name against the instruction text; another package may provide a better bean (this one is a
 * {@code @DefaultBean}).
 */
public interface AvoidRule {

    /** True when picking {@code item} violates {@code instruction} (an instruction with polarity avoid). */
    boolean violates(CandidateItem item, AppliedInstruction instruction);
}
