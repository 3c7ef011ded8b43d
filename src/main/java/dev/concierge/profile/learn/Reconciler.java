package dev.concierge.profile.learn;

import dev.concierge.profile.Concepts;
import dev.concierge.profile.Instruction;
import dev.concierge.profile.TextEmbedder;
import dev.concierge.profile.retrieval.Candidate;
import dev.concierge.profile.retrieval.InstructionFeatures;
import dev.concierge.profile.retrieval.InstructionRetriever;

import java.util.List;
import java.util.Locale;

/**
 * Decides what a newly learned statement does to the active profile: ADD it, ignore it as a DUPLICATE of an
 * existing instruction (same stance, same or paraphrased subject), or SUPERSEDE an existing one it contradicts
 * (same subject with the opposite stance, or an opposing concept: "I eat meat again" vs "I'm vegetarian").
 * Unrelated preferences of the same domain are never superseded ("I love comedies" vs "I hate horror").
 */
public final class Reconciler {

    public enum Kind {ADD, DUPLICATE, SUPERSEDE}

    /** The decision; {@code existingId} names the duplicate or superseded instruction (null for ADD). */
    public record Decision(Kind kind, String existingId, double similarity, String why) {
        public static Decision add(String why) {
            return new Decision(Kind.ADD, null, 0, why);
        }
    }

    /** Cosine at which two same-stance instructions are duplicates even without a recognised subject. */
    static final double PARAPHRASE = 0.88;
    /** Minimum cosine for a same-subject, same-stance pair to be a duplicate. */
    static final double SAME_SUBJECT_DUP = 0.62;
    /** Minimum cosine for a same-subject, opposite-stance pair to be a contradiction. */
    static final double SAME_SUBJECT_CONFLICT = 0.30;

    private final InstructionRetriever retriever;

    public Reconciler(InstructionRetriever retriever) {
        this.retriever = retriever;
    }

    /** Computes the statement's features (one embedding) and reconciles it. */
    public Decision reconcile(Statement st, List<Candidate> activeInstructions) {
        InstructionFeatures f = retriever.features(st.text(), st.domain(), st.condition());
        return reconcile(st.text(), st.polarity(), st.subject(), f, activeInstructions);
    }

    /**
     * @param polarity prefer|avoid|neutral (null: taken from the features)
     * @param subject  short topic (null: taken from the features)
     * @param f        features of the new text, as computed by {@link InstructionRetriever#features}
     */
    public Decision reconcile(String text, String polarity, String subject, InstructionFeatures f,
                              List<Candidate> activeInstructions) {
        String pol = polarity != null ? polarity : f.polarity();
        List<String> core = subject != null ? Concepts.core(subject) : f.subjectTerms();
        Decision best = null;
        double bestStrength = -1;
        for (Candidate c : activeInstructions) {
            Instruction ins = c.instruction();
            if (ins == null || (ins.status() != null && !ins.isActive())) continue;
            InstructionFeatures g = c.features();
            double cos = TextEmbedder.dot(f.vector(), g.vector());
            String text2 = ins.text() == null ? "" : ins.text();
            if (normalize(text).equals(normalize(text2))) {
                return new Decision(Kind.DUPLICATE, ins.id(), 1.0, "same text");
            }
            if (!sameScope(f, g)) continue;
            String pol2 = ins.polarity() != null ? ins.polarity() : g.polarity();
            int rel = Concepts.relation(core, g.subjectTerms());
            boolean samePol = pol.equals(pol2);
            boolean neutral = Instruction.NEUTRAL.equals(pol) || Instruction.NEUTRAL.equals(pol2);
            Decision d = null;
            double strength = cos;
            if (rel == 1) {
                if (samePol && cos >= SAME_SUBJECT_DUP) {
                    d = new Decision(Kind.DUPLICATE, ins.id(), cos, "same subject and stance");
                } else if (!samePol && !neutral && cos >= SAME_SUBJECT_CONFLICT) {
                    d = new Decision(Kind.SUPERSEDE, ins.id(), cos, "same subject '" + String.join(" ", core)
                            + "', opposite stance (" + pol2 + " -> " + pol + ")");
                    strength += 1; // contradictions win over duplicates
                }
            } else if (rel == -1) {
                if (!neutral && samePol) {
                    d = new Decision(Kind.SUPERSEDE, ins.id(), cos, "opposing concepts ("
                            + String.join(" ", core) + " vs " + String.join(" ", g.subjectTerms()) + ")");
                    strength += 1;
                } else if (!neutral && cos >= 0.5) {
                    d = new Decision(Kind.DUPLICATE, ins.id(), cos, "same stance stated through the opposite concept");
                }
            } else if (samePol && cos >= PARAPHRASE) {
                d = new Decision(Kind.DUPLICATE, ins.id(), cos, "paraphrase");
            }
            if (d != null && strength > bestStrength) {
                best = d;
                bestStrength = strength;
            }
        }
        return best != null ? best : Decision.add("no matching instruction");
    }

    /** Both unconditional, or conditions that mean the same situation. */
    private static boolean sameScope(InstructionFeatures a, InstructionFeatures b) {
        if (a.condition() == null && b.condition() == null) return true;
        if (a.condition() == null || b.condition() == null) return false;
        return TextEmbedder.dot(a.conditionVector(), b.conditionVector()) >= 0.7;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
